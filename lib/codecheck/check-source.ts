/**
 * Compile + check, the unit of work a sandbox runs: the Node worker thread
 * now, the browser Web Worker later. Environment-agnostic like the core.
 */
import { compileLearnerSource, isUnchangedStarter } from "./compile";
import { createOutputCapture } from "./output-capture";
import { type RunChecksOptions, runChecks } from "./run-checks";
import type { CheckResult, CodeExercise, Tf } from "./types";

const STACK_TRACE_LIMIT = 100;

export type CheckSourceOptions = Omit<RunChecksOptions, "source" | "capture">;

export async function checkSource(
  exercise: CodeExercise,
  source: string,
  tf: Tf,
  options: CheckSourceOptions = {},
): Promise<CheckResult> {
  if (isUnchangedStarter(source, exercise.starter)) return { status: "not-attempted", cases: [] };
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
  options: CheckSourceOptions,
): Promise<CheckResult> {
  const capture = createOutputCapture();
  const restoreConsole = capture.redirectGlobalConsole();
  let compiled: ReturnType<typeof compileLearnerSource>;
  try {
    compiled = compileLearnerSource(source, exercise.functionName, tf, capture.console);
  } finally {
    restoreConsole();
  }
  if (!compiled.ok) {
    const output = capture.text();
    return {
      status: "error",
      cases: [],
      error: compiled.message,
      hints: exercise.hints,
      ...(output === "" ? {} : { output }),
    };
  }
  try {
    return await runChecks(exercise, compiled.fn, tf, { ...options, source, capture });
  } finally {
    tf.disposeVariables();
  }
}
