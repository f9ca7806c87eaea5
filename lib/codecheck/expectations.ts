/**
 * The reference's side of a check: runs the reference and the known mistakes
 * on the seeded cases and keeps what they return as plain data. In the app
 * this runs in a worker that never receives learner code, so nothing the
 * learner's code does to tfjs can change what it is compared with.
 */
import { callIsolated, readWithDataSync } from "./call-isolated";
import { type PlainOutput } from "./compare";
import { compileLearnerSource, describeLearnerError } from "./compile";
import { createOutputCapture } from "./output-capture";
import { createRng } from "./random";
import type {
  Bilingual,
  CheckCase,
  CodeExercise,
  CompareCase,
  CustomCase,
  LearnerFn,
  OutputKind,
  PlainValue,
  SourceHint,
  Tf,
} from "./types";

/** Fixed so a learner sees the same cases on every attempt; tests may vary it. */
export const DEFAULT_SEED = 20_240_611;

export interface MistakeOutput {
  /** The known mistake's id, the same on every case. */
  id: string;
  message: Bilingual;
  output: PlainOutput;
}

export type CaseExpectation =
  | { kind: "compare"; name: Bilingual; expected: PlainOutput; mistakes: MistakeOutput[] }
  | { kind: "custom"; name: Bilingual; expected: PlainValue };

/** Everything the judge needs about an exercise and its cases, as structured-clone data. */
export interface Expectations {
  exerciseId: string;
  seed: number;
  output: OutputKind;
  reportLeaks: boolean;
  hints: Bilingual[];
  sourceHints: SourceHint[];
  cases: CaseExpectation[];
}

export function isCustomCase(testCase: CheckCase): testCase is CustomCase {
  return "verify" in testCase;
}

function compileReference(exercise: CodeExercise, tf: Tf): LearnerFn {
  const compiled = compileLearnerSource(exercise.reference, exercise.functionName, tf, createOutputCapture().console);
  if (!compiled.ok) throw new Error(`reference of ${exercise.id} does not compile: ${compiled.message.en}`);
  return compiled.fn;
}

async function expectCompareCase(
  exercise: CodeExercise,
  testCase: CompareCase,
  reference: LearnerFn,
  mistakes: readonly { id: string; message: Bilingual; fn: LearnerFn | null }[],
  tf: Tf,
): Promise<CaseExpectation> {
  const { name, args } = testCase;
  const outcome = await callIsolated(reference, args, exercise.output, tf, readWithDataSync);
  if (outcome.threw || !outcome.read?.ok) {
    const detail = outcome.threw
      ? describeLearnerError(outcome.error).en
      : outcome.read?.ok
        ? ""
        : outcome.read?.problem.en;
    throw new Error(`reference of ${exercise.id} failed on "${name.en}": ${detail}`);
  }
  const mistakeOutputs: MistakeOutput[] = [];
  for (const mistake of mistakes) {
    if (mistake.fn === null) continue;
    const result = await callIsolated(mistake.fn, args, exercise.output, tf, readWithDataSync);
    if (!result.threw && result.read?.ok) {
      mistakeOutputs.push({ id: mistake.id, message: mistake.message, output: result.read.output });
    }
  }
  return { kind: "compare", name, expected: outcome.read.output, mistakes: mistakeOutputs };
}

async function expectCustomCase(testCase: CustomCase, reference: LearnerFn, tf: Tf): Promise<CaseExpectation> {
  if (testCase.expect === undefined) return { kind: "custom", name: testCase.name, expected: null };
  const engine = tf.engine();
  engine.startScope();
  try {
    return { kind: "custom", name: testCase.name, expected: await testCase.expect({ tf, reference }) };
  } finally {
    engine.endScope();
    tf.disposeVariables();
  }
}

/**
 * The reference's output on every compare case, each known mistake's output
 * (to name it when a learner's output equals it) and each custom case's facts.
 */
export async function computeExpectations(
  exercise: CodeExercise,
  tf: Tf,
  seed: number = DEFAULT_SEED,
): Promise<Expectations> {
  const reference = compileReference(exercise, tf);
  const mistakes = exercise.mistakes.map((mistake) => {
    const compiled = compileLearnerSource(mistake.source, exercise.functionName, tf, createOutputCapture().console);
    return { id: mistake.id, message: mistake.message, fn: compiled.ok ? compiled.fn : null };
  });
  const cases: CaseExpectation[] = [];
  try {
    for (const testCase of exercise.buildCases(createRng(seed))) {
      cases.push(
        isCustomCase(testCase)
          ? await expectCustomCase(testCase, reference, tf)
          : await expectCompareCase(exercise, testCase, reference, mistakes, tf),
      );
    }
  } finally {
    tf.disposeVariables();
  }
  return {
    exerciseId: exercise.id,
    seed,
    output: exercise.output,
    reportLeaks: exercise.reportLeaks,
    hints: exercise.hints,
    sourceHints: exercise.sourceHints,
    cases,
  };
}

/** Each case's facts for the learner's side, by case index (null for compare cases): all a custom case's verify sees. */
export function customFactsOf(expectations: Expectations): PlainValue[] {
  return expectations.cases.map((testCase) => (testCase.kind === "custom" ? testCase.expected : null));
}

/** JSON has no NaN or ±Infinity, which known mistakes return (log(0) without the clip), and drops the sign of -0. */
const NUMBER_KEY = "$number";

function needsSpelling(value: number): boolean {
  return !Number.isFinite(value) || Object.is(value, -0);
}

/** Every exercise's expectations as JSON text, e.g. to ship them inside the sandbox bundle. */
export function serializeExpectations(table: Record<string, Expectations>): string {
  return JSON.stringify(table, (_key, value: unknown) =>
    typeof value === "number" && needsSpelling(value)
      ? { [NUMBER_KEY]: Object.is(value, -0) ? "-0" : String(value) }
      : value,
  );
}

export function parseExpectations(text: string): Record<string, Expectations> {
  return JSON.parse(text, (_key, value: unknown) => {
    if (typeof value === "object" && value !== null && NUMBER_KEY in value) {
      return Number((value as Record<string, unknown>)[NUMBER_KEY]);
    }
    return value;
  }) as Record<string, Expectations>;
}

/** The expectations of every exercise at the default seed, in the notes' order. */
export async function computeAllExpectations(
  exercises: readonly CodeExercise[],
  tf: Tf,
): Promise<Record<string, Expectations>> {
  const table: Record<string, Expectations> = {};
  for (const exercise of exercises) table[exercise.id] = await computeExpectations(exercise, tf);
  return table;
}
