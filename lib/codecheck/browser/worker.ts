/**
 * The check worker inside the sandbox iframe: loads tfjs (cpu backend), then
 * answers ONE run request on a private MessagePort and is thrown away by the
 * host, so every submission starts in a realm no learner code has touched.
 *
 * Forgery: the port arrives in the first message, before any learner code
 * exists; the run's nonce is kept in this closure; the reply is posted with a
 * `postMessage` bound at boot, and the request is read with a `data` getter
 * captured at boot, so patching `MessagePort.prototype` or `MessageEvent`
 * later sees neither. `self.postMessage` (the channel learner code can reach)
 * is replaced; the host ignores that channel anyway.
 */
import * as tfCpu from "./tf-cpu";
import { checkSource } from "../check-source";
import { findCodeExercise } from "../exercises/index";
import type { CheckResult, Tf } from "../types";
import type { RunRequest } from "./protocol";

type Post = (message: unknown) => void;

/** What the check core expects as `tf`; the parts left out of tf-cpu are never used by it or the exercises. */
const tf = tfCpu as unknown as Tf;

// Captured before anything else runs: later patches of these are invisible here.
const bind = Function.prototype.bind;
const call = Function.prototype.call;
const apply = Reflect.apply;
const rawPortPost = MessagePort.prototype.postMessage;
const dataGetter = Object.getOwnPropertyDescriptor(MessageEvent.prototype, "data")?.get;
if (dataGetter === undefined) throw new Error("MessageEvent.data getter not found");
const readData = apply(bind, call, [dataGetter]) as (event: MessageEvent) => unknown;
const toText = String;
/** The bits of DedicatedWorkerGlobalScope used here (the app's tsconfig has no webworker lib). */
interface WorkerScope {
  onmessage: ((event: MessageEvent) => void) | null;
}
const workerScope = self as unknown as WorkerScope;
const now = performance.now.bind(performance);

function blocked(name: string): () => never {
  return () => {
    throw new Error(`${name} is not available in the exercise sandbox.`);
  };
}

/**
 * Takes away what learner code could use to talk to the outside. The CSP of
 * the sandbox already blocks the network; this makes the failures clear and
 * closes the worker's own message channel.
 */
function closeChannels(): void {
  const scopePrototype = Object.getPrototypeOf(workerScope) as object;
  for (const target of [workerScope, scopePrototype]) {
    for (const name of ["postMessage", "importScripts", "close"]) {
      try {
        Object.defineProperty(target, name, { value: blocked(name), writable: false, configurable: false });
      } catch {
        // Not defined on this object; the other one has it.
      }
    }
  }
}

/**
 * Freezes the built-ins the checker relies on to compare results, so learner
 * code cannot make every comparison succeed (e.g. `Math.abs = () => 0`).
 */
function freezeIntrinsics(): void {
  const typedArrayPrototype = Object.getPrototypeOf(Float32Array.prototype) as object;
  const targets: object[] = [
    Math,
    JSON,
    Reflect,
    Number,
    Number.prototype,
    String.prototype,
    Array,
    Array.prototype,
    Function.prototype,
    Promise,
    Promise.prototype,
    typedArrayPrototype,
    Float32Array.prototype,
    Int32Array.prototype,
    Map.prototype,
    Set.prototype,
    MessagePort.prototype,
    MessageEvent.prototype,
    EventTarget.prototype,
    tf.Tensor.prototype,
    tf.Variable.prototype,
  ];
  for (const target of targets) Object.freeze(target);
}

async function prepareTf(): Promise<void> {
  await tf.setBackend("cpu");
  await tf.ready();
  tf.tensor(0).dispose();
}

function errorResult(error: string): CheckResult {
  return { status: "error", cases: [], error };
}

async function runOnce(request: RunRequest): Promise<CheckResult> {
  const exercise = findCodeExercise(request.exerciseId);
  if (exercise === undefined) return errorResult(`Unknown exercise "${request.exerciseId}".`);
  try {
    return await checkSource(exercise, request.source, tf, { locale: request.locale });
  } catch (error) {
    return errorResult(`Checker failure: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function onPort(port: MessagePort): void {
  const post = apply(bind, rawPortPost, [port]) as Post;
  let used = false;
  port.onmessage = (event: MessageEvent) => {
    const data = readData(event) as RunRequest;
    if (used || data === null || typeof data !== "object" || data.type !== "run") return;
    used = true;
    // Copied into this closure before learner code runs; nothing it can reach holds them.
    const runId = toText(data.runId);
    const nonce = toText(data.nonce);
    const started = now();
    void runOnce(data).then((result) => {
      const checkMs = Math.round(now() - started);
      try {
        post({ type: "result", runId, nonce, checkMs, result });
      } catch (error) {
        post({
          type: "result",
          runId,
          nonce,
          checkMs,
          result: errorResult(`The result could not be sent: ${String(error)}`),
        });
      }
    });
  };
}

workerScope.onmessage = (event: MessageEvent) => {
  const data = readData(event) as { type?: string; port?: MessagePort } | null;
  if (data === null || typeof data !== "object" || data.type !== "init" || !(data.port instanceof MessagePort)) return;
  workerScope.onmessage = null;
  const port = data.port;
  const started = now();
  void prepareTf().then(
    () => {
      onPort(port);
      freezeIntrinsics();
      closeChannels();
      apply(bind, rawPortPost, [port])({ type: "ready", bootMs: Math.round(now() - started) });
    },
    (error: unknown) => {
      apply(bind, rawPortPost, [port])({ type: "boot-error", error: String(error) });
    },
  );
};
