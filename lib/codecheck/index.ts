/**
 * Public contract of the coding-exercise checker in Node (tests, authoring
 * CLI). The browser imports `check-source` and the exercises directly and runs
 * them in a Web Worker; nothing here is meant for the app's server.
 */
import { findCodeExercise, listCodeExercises } from "./catalog";
import { isUnchangedStarter } from "./compile";
import { DEFAULT_TIMEOUT_MS, NodeCheckRunner, type RunnerCheckOptions } from "./node-runner";
import type { CheckResult } from "./types";

export { listCodeExercises };
export type { CaseResult, CheckResult, CheckStatus, CodeExerciseMeta, Bilingual } from "./types";

let sharedRunner: NodeCheckRunner | null = null;

function getRunner(): NodeCheckRunner {
  sharedRunner ??= new NodeCheckRunner();
  return sharedRunner;
}

export type CheckSubmissionOptions = RunnerCheckOptions;

/** Checks learner source against an exercise in a worker thread; resolves, never rejects. */
export async function checkSubmission(
  exerciseId: string,
  source: string,
  options: CheckSubmissionOptions = {},
): Promise<CheckResult> {
  const exercise = findCodeExercise(exerciseId);
  if (exercise === undefined) return { status: "error", cases: [], error: `Unknown exercise "${exerciseId}".` };
  // Answered here so an untouched editor never spins up a worker.
  if (isUnchangedStarter(source, exercise.starter)) return { status: "not-attempted", cases: [] };
  return getRunner().check(exerciseId, source, {
    ...options,
    timeoutMs: options.timeoutMs ?? exercise.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  });
}

/** Stops the shared worker (tests' afterAll, end of a CLI run). */
export async function closeCodeCheckRunner(): Promise<void> {
  const runner = sharedRunner;
  sharedRunner = null;
  await runner?.close();
}
