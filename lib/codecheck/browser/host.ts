/**
 * Runs in the sandboxed iframe (opaque origin, CSP without network). Keeps
 * pristine check workers ready, hands each run request from the parent page
 * to a fresh one over a private MessagePort, judges what that worker reports
 * (what the learner's function returned) against the expectations built into
 * this bundle, and sends the verdict to the parent. No learner code ever runs
 * in this document, so neither the expectations nor the comparison are within
 * its reach; the workers are discarded after one run each.
 */
import { type Expectations, customFactsOf, parseExpectations } from "../expectations";
import { judgeOutcome } from "../judge";
import type { LearnerOutcome } from "../run-checks";
import { codeSpan } from "../text";
import type { Bilingual, CheckResult } from "../types";
import type { ReadyMessage, ResultMessage, RunRequest, SandboxBackend } from "./protocol";
import { MAX_SOURCE_CHARS, isSandboxBackend } from "./protocol";
import { type InitMessage, type LearnerRunRequest, readLearnerOutcome } from "./worker-protocol";

/** The worker bundle as a string, injected by scripts/build-sandbox.mjs. */
declare const __SANDBOX_WORKER_SOURCE__: string;
/** Every exercise's expectations (serializeExpectations), computed in Node by scripts/build-sandbox.mjs. */
declare const __SANDBOX_EXPECTATIONS__: string;
/** tfjs-backend-wasm's SIMD binary in base64, embedded by scripts/build-sandbox.mjs ("" builds a cpu-only sandbox). */
declare const __SANDBOX_WASM_BASE64__: string;

/** Workers kept booted ahead of runs: one for the next run, one for the run after it. */
const POOL_SIZE = 2;
/**
 * A used worker is replaced this long after its run answered, not while it
 * runs: booting tfjs takes a core for a few hundred milliseconds, which a
 * run on a two-core machine would otherwise share, and a learner reads the
 * result before running again.
 */
const REFILL_PAUSE_MS = 300;

interface Booted {
  bootMs: number;
  backend: SandboxBackend;
}

interface BootedWorker {
  worker: Worker;
  port: MessagePort;
  ready: Promise<Booted>;
}

const workerUrl = URL.createObjectURL(new Blob([__SANDBOX_WORKER_SOURCE__], { type: "text/javascript" }));

/** `Uint8Array.fromBase64` where the browser has it (decoding natively), else atob. */
function decodeBase64(text: string): ArrayBuffer {
  const fromBase64 = (Uint8Array as unknown as { fromBase64?: (text: string) => Uint8Array }).fromBase64;
  if (typeof fromBase64 === "function") return fromBase64(text).buffer as ArrayBuffer;
  const chars = atob(text);
  const bytes = new Uint8Array(chars.length);
  for (let index = 0; index < chars.length; index += 1) bytes[index] = chars.charCodeAt(index);
  return bytes.buffer;
}

let wasmBinary: ArrayBuffer | null | undefined;

/**
 * Decoded once, on the first worker's start: after `new Worker`, so the
 * worker loads tfjs meanwhile. Every worker gets a copy (structured clone).
 */
function embeddedWasmBinary(): ArrayBuffer | null {
  wasmBinary ??= __SANDBOX_WASM_BASE64__ === "" ? null : decodeBase64(__SANDBOX_WASM_BASE64__);
  return wasmBinary;
}

const pool: BootedWorker[] = [];
const parentWindow = window.parent;

function toParent(message: unknown): void {
  // The parent's origin is not knowable from an opaque origin; the parent filters on event.source.
  parentWindow.postMessage(message, "*");
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function bootWorker(): BootedWorker {
  const worker = new Worker(workerUrl, { name: "codecheck" });
  const channel = new MessageChannel();
  const port = channel.port1;
  const ready = new Promise<Booted>((resolve, reject) => {
    port.onmessage = (event: MessageEvent) => {
      const data = event.data as { type?: string; bootMs?: number; backend?: unknown; error?: string };
      if (data.type === "ready" && isSandboxBackend(data.backend)) {
        resolve({ bootMs: data.bootMs ?? 0, backend: data.backend });
      } else {
        reject(new Error(data.error ?? "the check worker did not start"));
      }
    };
    worker.onerror = (event) => {
      event.preventDefault();
      reject(new Error(event.message || "the check worker failed to start"));
    };
  });
  ready.catch(() => undefined);
  // Anything on the worker's own channel comes from learner code at best: ignored.
  worker.onmessage = null;
  const init: InitMessage = { type: "init", port: channel.port2, wasmBinary: embeddedWasmBinary() };
  worker.postMessage(init, [channel.port2]);
  return { worker, port, ready };
}

let expectationTable: Record<string, Expectations> | null = null;

function expectationsFor(exerciseId: string): Expectations | undefined {
  expectationTable ??= parseExpectations(__SANDBOX_EXPECTATIONS__);
  return Object.hasOwn(expectationTable, exerciseId) ? expectationTable[exerciseId] : undefined;
}

/**
 * Every run gets a worker no learner code has touched; the spare boots (and
 * warms up) while the learner reads, so the next run need not wait for tfjs.
 */
function refill(): void {
  while (pool.length < POOL_SIZE) pool.push(bootWorker());
}

let refillTimer: ReturnType<typeof setTimeout> | undefined;

function refillAfterPause(): void {
  clearTimeout(refillTimer);
  refillTimer = setTimeout(refill, REFILL_PAUSE_MS);
}

type LearnerReply = { ok: true; outcome: LearnerOutcome } | { ok: false; error: Bilingual };

/** A fault of the checker itself, with the browser's own words quoted. */
function checkerFailure(detail: string): Bilingual {
  const quoted = codeSpan(detail);
  return { en: `Checker failure: ${quoted}`, zh: `检查器出错：${quoted}` };
}

function awaitLearner(entry: BootedWorker, request: RunRequest): Promise<LearnerReply> {
  return new Promise<LearnerReply>((resolve) => {
    entry.port.onmessage = (event: MessageEvent) => {
      const data = (event.data ?? {}) as {
        type?: string;
        runId?: unknown;
        nonce?: unknown;
        outcome?: unknown;
        error?: unknown;
      };
      if (data.runId !== request.runId || data.nonce !== request.nonce) return;
      if (data.type === "outcome") {
        const outcome = readLearnerOutcome(data.outcome);
        resolve(outcome === null ? { ok: false, error: checkerFailure("malformed report") } : { ok: true, outcome });
      } else if (data.type === "failure") {
        resolve({ ok: false, error: checkerFailure(String(data.error)) });
      }
    };
    entry.worker.onerror = (event) => {
      event.preventDefault();
      const reason = event.message ? ` (${codeSpan(event.message)})` : "";
      resolve({
        ok: false,
        error: {
          en: `Your code crashed the check worker${reason} — is something growing without bound?`,
          zh: `你的代码让检查进程崩溃了${reason}——是不是有什么在无限增长？`,
        },
      });
    };
  });
}

interface JudgedRun {
  result: CheckResult;
  /** The backend of the worker that ran the learner's code, if one did. */
  backend?: SandboxBackend;
}

async function judgeRun(request: RunRequest, entry: BootedWorker): Promise<JudgedRun> {
  const errorResult = (error: Bilingual): CheckResult => ({ status: "error", cases: [], error: error[request.locale] });
  const expectations = expectationsFor(request.exerciseId);
  if (expectations === undefined) {
    const id = codeSpan(request.exerciseId);
    return { result: errorResult({ en: `Unknown exercise ${id}.`, zh: `没有这道练习：${id}。` }) };
  }
  let booted: Booted;
  try {
    booted = await entry.ready;
  } catch (error) {
    const reason = codeSpan(describe(error));
    return {
      result: errorResult({ en: `The check worker did not start: ${reason}`, zh: `检查进程没有启动：${reason}` }),
    };
  }
  const { backend } = booted;
  const learner = awaitLearner(entry, request);
  const { runId, nonce } = request;
  const learnerRequest: LearnerRunRequest = {
    type: "run",
    runId,
    nonce,
    exerciseId: request.exerciseId,
    source: request.source,
    facts: customFactsOf(expectations),
  };
  entry.port.postMessage(learnerRequest);
  const reply = await learner;
  if (!reply.ok) return { result: errorResult(reply.error), backend };
  try {
    return {
      result: judgeOutcome(expectations, reply.outcome, { source: request.source, locale: request.locale }),
      backend,
    };
  } catch (error) {
    return { result: errorResult(checkerFailure(describe(error))), backend };
  }
}

async function run(request: RunRequest): Promise<void> {
  const entry = pool.shift() ?? bootWorker();
  const { result, backend } = await judgeRun(request, entry);
  entry.worker.terminate();
  const reply: ResultMessage = { type: "result", runId: request.runId, nonce: request.nonce, result, backend };
  toParent(reply);
  refillAfterPause();
}

function isRunRequest(data: unknown): data is RunRequest {
  if (typeof data !== "object" || data === null) return false;
  const r = data as Record<string, unknown>;
  return (
    r.type === "run" &&
    typeof r.runId === "string" &&
    typeof r.nonce === "string" &&
    typeof r.exerciseId === "string" &&
    typeof r.source === "string" &&
    r.source.length <= MAX_SOURCE_CHARS &&
    (r.locale === "zh" || r.locale === "en")
  );
}

window.addEventListener("message", (event: MessageEvent) => {
  // Only the embedding page gives orders.
  if (event.source !== parentWindow || !isRunRequest(event.data)) return;
  void run(event.data);
});

refill();
const first = pool[0];
if (first !== undefined) {
  first.ready.then(
    ({ bootMs, backend }) => toParent({ type: "ready", bootMs, backend } satisfies ReadyMessage),
    (error: unknown) => toParent({ type: "boot-error", error: String(error) }),
  );
}
