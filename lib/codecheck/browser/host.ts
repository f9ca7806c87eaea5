/**
 * Runs in the sandboxed iframe (opaque origin, CSP without network). Keeps
 * pristine check workers ready, hands each run request from the parent page to
 * a fresh one over a private MessagePort, and relays the reply to the parent
 * only if its runId and nonce are the ones of that run. No learner code ever
 * runs in this document: it runs only in the workers, which are discarded
 * after one run each.
 */
import type { ResultMessage, RunRequest } from "./protocol";
import { MAX_SOURCE_CHARS } from "./protocol";

/** The worker bundle as a string, injected by scripts/build-sandbox.mjs. */
declare const __SANDBOX_WORKER_SOURCE__: string;

/** Workers kept booted ahead of runs: one for the next run, one replacing it meanwhile. */
const POOL_SIZE = 2;

interface PooledWorker {
  worker: Worker;
  port: MessagePort;
  ready: Promise<number>;
}

const workerUrl = URL.createObjectURL(new Blob([__SANDBOX_WORKER_SOURCE__], { type: "text/javascript" }));
const pool: PooledWorker[] = [];
const parentWindow = window.parent;

function toParent(message: unknown): void {
  // The parent's origin is not knowable from an opaque origin; the parent filters on event.source.
  parentWindow.postMessage(message, "*");
}

function bootWorker(): PooledWorker {
  const worker = new Worker(workerUrl, { name: "codecheck" });
  const channel = new MessageChannel();
  const port = channel.port1;
  const ready = new Promise<number>((resolve, reject) => {
    port.onmessage = (event: MessageEvent) => {
      const data = event.data as { type?: string; bootMs?: number; error?: string };
      if (data.type === "ready") resolve(data.bootMs ?? 0);
      else reject(new Error(data.error ?? "the check worker did not start"));
    };
    worker.onerror = (event) => {
      event.preventDefault();
      reject(new Error(event.message || "the check worker failed to start"));
    };
  });
  ready.catch(() => undefined);
  // Anything on the worker's own channel comes from learner code at best: ignored.
  worker.onmessage = null;
  worker.postMessage({ type: "init", port: channel.port2 }, [channel.port2]);
  return { worker, port, ready };
}

/**
 * Every run gets a worker no learner code has touched; the spare boots while
 * the current run executes, so the next run need not wait for tfjs.
 */
function refill(): void {
  while (pool.length < POOL_SIZE) pool.push(bootWorker());
}

function errorReply(request: RunRequest, error: string): ResultMessage {
  return { type: "result", runId: request.runId, nonce: request.nonce, result: { status: "error", cases: [], error } };
}

async function run(request: RunRequest): Promise<void> {
  const entry = pool.shift() ?? bootWorker();
  refill();
  try {
    await entry.ready;
  } catch (error) {
    entry.worker.terminate();
    toParent(
      errorReply(request, `The check worker did not start: ${error instanceof Error ? error.message : String(error)}`),
    );
    return;
  }
  const reply = await new Promise<ResultMessage>((resolve) => {
    entry.port.onmessage = (event: MessageEvent) => {
      const data = event.data as Partial<ResultMessage> | null;
      if (
        data?.type === "result" &&
        data.runId === request.runId &&
        data.nonce === request.nonce &&
        data.result !== undefined
      ) {
        resolve({ type: "result", runId: request.runId, nonce: request.nonce, result: data.result });
      }
    };
    entry.worker.onerror = (event) => {
      event.preventDefault();
      resolve(
        errorReply(
          request,
          `Your code crashed the check worker${event.message ? `: ${event.message}` : ""} — is something growing without bound?`,
        ),
      );
    };
    entry.port.postMessage(request);
  });
  entry.worker.terminate();
  toParent(reply);
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
    (bootMs) => toParent({ type: "ready", bootMs }),
    (error: unknown) => toParent({ type: "boot-error", error: String(error) }),
  );
}
