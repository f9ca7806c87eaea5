/**
 * Messages between the code page and the sandboxed iframe (the host). Plain
 * structured-clone data; no tfjs, no DOM, so the page can import it without
 * pulling TensorFlow.js in. The host's own traffic with its workers is in
 * worker-protocol.ts.
 *
 * page ──run{runId, nonce, …}──▶ host ──(private MessagePort)──▶ worker
 * page ◀─result{runId, nonce}─── host ◀──(private MessagePort)─── worker
 *
 * The page accepts only messages whose `event.source` is its iframe and whose
 * `runId` and `nonce` match the run it started; the host checks the same
 * against the worker's reply, which arrives on a port learner code never sees,
 * and makes the verdict itself.
 */
import type { CaseResult, CaseStatus, CheckResult, CheckStatus } from "../types";

export type SandboxLocale = "zh" | "en";

export const WASM_BACKEND = "wasm";
export const CPU_BACKEND = "cpu";
/** The tfjs backend a check worker runs on: wasm, or cpu where wasm cannot start. */
export type SandboxBackend = typeof WASM_BACKEND | typeof CPU_BACKEND;

export function isSandboxBackend(value: unknown): value is SandboxBackend {
  return value === WASM_BACKEND || value === CPU_BACKEND;
}

/** page → host: check `source` against exercise `exerciseId`. */
export interface RunRequest {
  type: "run";
  runId: string;
  /** Random per run; returned with the result so nothing else can answer for this run. */
  nonce: string;
  exerciseId: string;
  source: string;
  locale: SandboxLocale;
}

/** host → page: the sandbox finished booting (tfjs loaded in a worker). */
export interface ReadyMessage {
  type: "ready";
  bootMs: number;
  backend: SandboxBackend;
}

/** host → page: the verdict of one run. */
export interface ResultMessage {
  type: "result";
  runId: string;
  nonce: string;
  result: CheckResult;
  /** The backend the learner's code ran on; absent when no worker ran it (e.g. an unknown exercise). */
  backend?: SandboxBackend;
}

export type HostMessage = ReadyMessage | ResultMessage;

/** Upper bounds on what the page takes from the sandbox, whatever it sends. */
export const MAX_CASES = 64;
export const MAX_CASE_NAME_CHARS = 200;
export const MAX_MESSAGE_CHARS = 2000;
export const MAX_OUTPUT_CHARS = 4096;
export const MAX_HINTS = 8;
export const MAX_NOTES = 8;
/** Longest learner source sent into the sandbox. */
export const MAX_SOURCE_CHARS = 50_000;

const CHECK_STATUSES: readonly CheckStatus[] = ["pass", "fail", "error", "not-attempted"];
const CASE_STATUSES: readonly CaseStatus[] = ["pass", "fail", "error"];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function cap(value: unknown, max: number): string {
  const text = typeof value === "string" ? value : "";
  return text.length <= max ? text : `${text.slice(0, max)}… (truncated)`;
}

function readCase(value: unknown): CaseResult | null {
  if (!isRecord(value)) return null;
  const status = value.status;
  if (typeof status !== "string" || !(CASE_STATUSES as readonly string[]).includes(status)) return null;
  return {
    id: cap(value.id, MAX_CASE_NAME_CHARS),
    name: cap(value.name, MAX_CASE_NAME_CHARS),
    status: status as CaseStatus,
    message: cap(value.message, MAX_MESSAGE_CHARS),
  };
}

/**
 * Validates and caps a check result from the sandbox. A "pass" needs at least
 * one case and every case passing, so a hollow `{status: "pass"}` is refused.
 */
export function readCheckResult(value: unknown): CheckResult | null {
  if (!isRecord(value)) return null;
  const status = value.status;
  if (typeof status !== "string" || !(CHECK_STATUSES as readonly string[]).includes(status)) return null;
  if (!Array.isArray(value.cases)) return null;
  const cases: CaseResult[] = [];
  for (const item of value.cases.slice(0, MAX_CASES)) {
    const read = readCase(item);
    if (read === null) return null;
    cases.push(read);
  }
  if (status === "pass" && (cases.length === 0 || cases.some((c) => c.status !== "pass"))) return null;
  const result: CheckResult = { status: status as CheckStatus, cases };
  if (typeof value.error === "string") result.error = cap(value.error, MAX_MESSAGE_CHARS);
  if (typeof value.output === "string") result.output = cap(value.output, MAX_OUTPUT_CHARS);
  if (typeof value.leakedTensors === "number" && Number.isFinite(value.leakedTensors))
    result.leakedTensors = value.leakedTensors;
  if (Array.isArray(value.notes)) result.notes = value.notes.slice(0, MAX_NOTES).map((n) => cap(n, MAX_MESSAGE_CHARS));
  if (Array.isArray(value.hints)) {
    result.hints = value.hints
      .slice(0, MAX_HINTS)
      .filter(isRecord)
      .map((h) => ({ zh: cap(h.zh, MAX_MESSAGE_CHARS), en: cap(h.en, MAX_MESSAGE_CHARS) }));
  }
  return result;
}

export interface ExpectedRun {
  runId: string;
  nonce: string;
}

/** The result of `run` if `data` is a well-formed reply to exactly that run, else null. */
export function readResultFor(data: unknown, run: ExpectedRun): CheckResult | null {
  if (!isRecord(data) || data.type !== "result") return null;
  if (data.runId !== run.runId || data.nonce !== run.nonce) return null;
  return readCheckResult(data.result);
}

/** The backend a reply names, if it names a known one (the bench reports it; nothing is judged by it). */
export function readBackend(data: unknown): SandboxBackend | undefined {
  return isRecord(data) && isSandboxBackend(data.backend) ? data.backend : undefined;
}

export function isReadyMessage(data: unknown): data is ReadyMessage {
  return isRecord(data) && data.type === "ready";
}

/** 128 random bits as hex, from the platform's CSPRNG. */
export function randomToken(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
