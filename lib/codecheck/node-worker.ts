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
import { findCodeExercise } from "./exercises/index";
import { loadNodeTf } from "./node-tf";
import type { WorkerReply, WorkerRequest } from "./node-protocol";

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
    const options = {
      ...(request.seed === undefined ? {} : { seed: request.seed }),
      ...(request.locale === undefined ? {} : { locale: request.locale }),
    };
    const result = await checkSource(exercise, request.source, tf, options);
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
