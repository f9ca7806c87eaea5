/**
 * The check worker inside the sandbox iframe: loads tfjs (the wasm backend
 * from the binary the host hands over, else the cpu backend), locks it, warms
 * it up while it waits, then answers ONE run request on a private MessagePort
 * with what the learner's function returned — never a verdict: the host
 * judges that against expectations computed where no learner code runs. The
 * host throws the worker away after the run, so every submission starts in
 * a realm no earlier submission has touched.
 *
 * Forgery: the port arrives in the first message, before any learner code
 * exists; the run's nonce is kept in this closure; the reply is posted with a
 * `postMessage` bound at boot, and the request is read with a `data` getter
 * captured at boot, so patching `MessagePort.prototype` or `MessageEvent`
 * later sees neither. `self.postMessage` (the channel learner code can reach)
 * is replaced; the host ignores that channel anyway.
 */
import * as tfSandbox from "./tf-sandbox";
import { runLearnerSource } from "../check-source";
import { DEFAULT_SEED } from "../expectations";
import { findCodeExercise } from "../exercises/index";
import type { LearnerOutcome } from "../run-checks";
import type { Tf } from "../types";
import { type LockedTf, lockTf } from "./lock-tf";
import type { SandboxBackend } from "./protocol";
import { startSandboxBackend } from "./wasm-backend";
import { startWarmUp } from "./warm-up";
import type { InitMessage, LearnerRunRequest } from "./worker-protocol";

type Post = (message: unknown) => void;

/** What the check core expects as `tf`; the parts left out of tf-sandbox are never used by it or the exercises. */
const tf = tfSandbox as unknown as Tf;

type AnyMethod = (...args: never[]) => unknown;

/**
 * A built-in's own method or accessor as a plain value, read off its
 * descriptor: it is only ever called through `apply` with an explicit receiver.
 */
function capture(target: object, name: string, part: "value" | "get" = "value"): AnyMethod {
  const descriptor = Object.getOwnPropertyDescriptor(target, name);
  const method: unknown = descriptor === undefined ? undefined : Reflect.get(descriptor, part);
  if (typeof method !== "function") throw new Error(`${name} not found`);
  return method as AnyMethod;
}

// Captured before anything else runs: later patches of these are invisible here.
const bind = capture(Function.prototype, "bind");
const call = capture(Function.prototype, "call");
const apply = Reflect.apply;
const rawPortPost = capture(MessagePort.prototype, "postMessage");
const dataGetter = capture(MessageEvent.prototype, "data", "get");
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
 * Freezes the built-ins the worker's own code relies on while learner code
 * runs (building the report, promises, the port), so learner code cannot
 * bend them (e.g. `Array.prototype.map` or the array iterator).
 */
function freezeIntrinsics(): void {
  const typedArrayPrototype = Object.getPrototypeOf(Float32Array.prototype) as object;
  const arrayIteratorPrototype = Object.getPrototypeOf([][Symbol.iterator]()) as object;
  const targets: object[] = [
    Object,
    Math,
    JSON,
    Reflect,
    Number,
    Number.prototype,
    String.prototype,
    Array,
    Array.prototype,
    arrayIteratorPrototype,
    Function.prototype,
    Promise,
    Promise.prototype,
    typedArrayPrototype,
    Float32Array.prototype,
    Int32Array.prototype,
    Uint8Array.prototype,
    Map.prototype,
    Set.prototype,
    WeakMap.prototype,
    WeakSet.prototype,
    MessagePort.prototype,
    MessageEvent.prototype,
    EventTarget.prototype,
    tf.Tensor.prototype,
    tf.Variable.prototype,
  ];
  for (const target of targets) Object.freeze(target);
}

async function prepareTf(wasmBinary: ArrayBuffer | null): Promise<SandboxBackend> {
  const backend = await startSandboxBackend(tf, wasmBinary);
  await tf.ready();
  // The first tensor settles the backend's one-time state before the lock.
  tf.tensor(0).dispose();
  return backend;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : toText(error);
}

async function runOnce(request: LearnerRunRequest, locked: LockedTf): Promise<LearnerOutcome> {
  const exercise = findCodeExercise(request.exerciseId);
  if (exercise === undefined) throw new Error(`Unknown exercise "${request.exerciseId}".`);
  const { facts } = request;
  return runLearnerSource(exercise, request.source, tf, {
    seed: DEFAULT_SEED,
    readValues: locked.readValues,
    expectedOf: (index) => Promise.resolve(facts[index] ?? null),
  });
}

/** `beforeRun` is called once, synchronously, before the learner's source is even compiled. */
function serveOneRun(port: MessagePort, locked: LockedTf, beforeRun: () => void): void {
  const post = apply(bind, rawPortPost, [port]) as Post;
  let used = false;
  port.onmessage = (event: MessageEvent) => {
    const data = readData(event) as Partial<LearnerRunRequest> | null;
    if (used || data === null || typeof data !== "object" || data.type !== "run") return;
    used = true;
    beforeRun();
    // Copied into this closure before learner code runs; nothing it can reach holds them.
    const current = { runId: toText(data.runId), nonce: toText(data.nonce) };
    const request: LearnerRunRequest = {
      type: "run",
      ...current,
      exerciseId: toText(data.exerciseId),
      source: toText(data.source),
      facts: Array.isArray(data.facts) ? data.facts : [],
    };
    const started = now();
    void runOnce(request, locked).then(
      (outcome) => {
        const checkMs = Math.round(now() - started);
        try {
          post({ type: "outcome", ...current, checkMs, outcome });
        } catch (error) {
          post({ type: "failure", ...current, error: `The result could not be sent: ${toText(error)}` });
        }
      },
      (error: unknown) => post({ type: "failure", ...current, error: describe(error) }),
    );
  };
}

workerScope.onmessage = (event: MessageEvent) => {
  const data = readData(event) as Partial<InitMessage> | null;
  if (data === null || typeof data !== "object" || data.type !== "init" || !(data.port instanceof MessagePort)) return;
  workerScope.onmessage = null;
  const port = data.port;
  const post = apply(bind, rawPortPost, [port]) as Post;
  const started = now();
  const wasmBinary = data.wasmBinary instanceof ArrayBuffer ? data.wasmBinary : null;
  prepareTf(wasmBinary)
    .then((backend) => {
      const locked = lockTf(tf, self);
      let stopWarmUp = (): void => undefined;
      serveOneRun(port, locked, () => stopWarmUp());
      freezeIntrinsics();
      closeChannels();
      post({ type: "ready", bootMs: Math.round(now() - started), backend });
      stopWarmUp = startWarmUp(tf).stop;
    })
    .catch((error: unknown) => {
      post({ type: "boot-error", error: toText(error) });
    });
};
