/**
 * Worker-thread side of the Node runner: loads tfjs once, then checks
 * submissions one message at a time. Learner code runs here via `new Function`,
 * which is not a security boundary — the thread only bounds time (the parent
 * terminates it) and heap (resourceLimits). In the app, learner code runs
 * only in the browser sandbox.
 */
import * as tf from "@tensorflow/tfjs";
import { parentPort } from "node:worker_threads";
import { checkSource } from "./check-source";
import { DEFAULT_SEED, type Expectations, computeExpectations } from "./expectations";
import { findCodeExercise } from "./exercises/index";
import { loadNodeTf } from "./node-tf";
import type { WorkerReply, WorkerRequest } from "./node-protocol";
import type { CodeExercise } from "./types";

/** By exercise and seed: the reference's outputs never change, so a warm check only runs the learner. */
const expectationCache = new Map<string, Promise<Expectations>>();

function expectationsFor(exercise: CodeExercise, seed: number): Promise<Expectations> {
  const key = `${exercise.id}:${seed}`;
  let expectations = expectationCache.get(key);
  if (expectations === undefined) {
    expectations = computeExpectations(exercise, tf, seed);
    expectationCache.set(key, expectations);
    expectations.catch(() => expectationCache.delete(key));
  }
  return expectations;
}

async function handle(request: WorkerRequest): Promise<WorkerReply> {
  const exercise = findCodeExercise(request.exerciseId);
  if (exercise === undefined) {
    return {
      type: "result",
      jobId: request.jobId,
      result: { status: "error", cases: [], error: `Unknown exercise "${request.exerciseId}".` },
    };
  }
  try {
    const seed = request.seed ?? DEFAULT_SEED;
    const result = await checkSource(exercise, request.source, tf, {
      seed,
      expectations: await expectationsFor(exercise, seed),
      ...(request.locale === undefined ? {} : { locale: request.locale }),
    });
    return { type: "result", jobId: request.jobId, result };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      type: "result",
      jobId: request.jobId,
      result: { status: "error", cases: [], error: `Checker failure: ${message}` },
    };
  }
}

const port = parentPort;
if (port === null) throw new Error("node-worker must run in a worker thread");
await loadNodeTf();
port.on("message", (request: WorkerRequest) => {
  void handle(request).then((reply) => port.postMessage(reply));
});
port.postMessage({ type: "ready" } satisfies WorkerReply);
