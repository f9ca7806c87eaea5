/**
 * A whole check of learner source, and its learner half. The browser splits
 * a check across three places — expectations in a worker that never sees
 * learner code, `runLearnerSource` in a single-use worker, `judgeOutcome` in
 * the sandbox's host — while `checkSource` runs the same three steps in one
 * place for the Node runner and the tests. Environment-agnostic like the core.
 */
import { compileLearnerSource, isUnchangedStarter } from "./compile";
import { DEFAULT_SEED, type Expectations, computeExpectations, customFactsOf } from "./expectations";
import { judgeOutcome } from "./judge";
import { createOutputCapture } from "./output-capture";
import { type LearnerOutcome, type Locale, type RunLearnerOptions, runLearnerCases } from "./run-checks";
import type { CheckResult, CodeExercise, Tf } from "./types";

const STACK_TRACE_LIMIT = 100;

export interface CheckSourceOptions {
  seed?: number;
  locale?: Locale;
  /** Expectations computed earlier for this exercise and seed (a runner's cache). */
  expectations?: Expectations;
}

export type LearnerSourceOptions = Omit<RunLearnerOptions, "capture">;

/**
 * The expectations are computed before the learner's code is compiled, so
 * even in one realm nothing it does to tfjs can reach them.
 */
export async function checkSource(
  exercise: CodeExercise,
  source: string,
  tf: Tf,
  options: CheckSourceOptions = {},
): Promise<CheckResult> {
  if (isUnchangedStarter(source, exercise.starter)) return { status: "not-attempted", cases: [] };
  const seed = options.seed ?? DEFAULT_SEED;
  const expectations = options.expectations ?? (await computeExpectations(exercise, tf, seed));
  const facts = customFactsOf(expectations);
  const outcome = await runLearnerSource(exercise, source, tf, {
    seed,
    expectedOf: (index) => Promise.resolve(facts[index] ?? null),
  });
  return judgeOutcome(expectations, outcome, {
    source,
    ...(options.locale === undefined ? {} : { locale: options.locale }),
  });
}

/** Compiles and runs the learner's source on every case; no verdict, only what it returned. */
export async function runLearnerSource(
  exercise: CodeExercise,
  source: string,
  tf: Tf,
  options: LearnerSourceOptions,
): Promise<LearnerOutcome> {
  if (isUnchangedStarter(source, exercise.starter)) return { kind: "not-attempted" };
  const restoreStackLimit = deepenStackTraces();
  try {
    return await compileAndRun(exercise, source, tf, options);
  } finally {
    restoreStackLimit();
  }
}

/**
 * tfjs ops nest deeper than V8's default 10 frames, which would cut the
 * learner's own frame (and so their line number) off an error thrown inside tf.
 */
function deepenStackTraces(): () => void {
  const errorConstructor = Error as ErrorConstructor & { stackTraceLimit?: number };
  const saved = errorConstructor.stackTraceLimit;
  errorConstructor.stackTraceLimit = STACK_TRACE_LIMIT;
  return () => {
    errorConstructor.stackTraceLimit = saved;
  };
}

async function compileAndRun(
  exercise: CodeExercise,
  source: string,
  tf: Tf,
  options: LearnerSourceOptions,
): Promise<LearnerOutcome> {
  const capture = createOutputCapture();
  const restoreConsole = capture.redirectGlobalConsole();
  let compiled: ReturnType<typeof compileLearnerSource>;
  try {
    compiled = compileLearnerSource(source, exercise.functionName, tf, capture.console);
  } finally {
    restoreConsole();
  }
  if (!compiled.ok) return { kind: "compile-error", message: compiled.message, output: capture.text() };
  try {
    return { kind: "ran", report: await runLearnerCases(exercise, compiled.fn, tf, { ...options, capture }) };
  } finally {
    tf.disposeVariables();
  }
}
