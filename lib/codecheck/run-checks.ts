/**
 * The learner's side of a check: builds the same seeded cases as the
 * reference's side, calls the learner's function on fresh copies of each
 * case's inputs and reports what came back as plain data. No verdict on the
 * compare cases is made here: the judge compares this report with the
 * expectations. Uses only the `tf` it is given — no Node or DOM APIs — so the
 * browser Web Worker and the Node worker thread share it.
 */
import { callIsolated, readWithDataSync } from "./call-isolated";
import type { PlainOutput } from "./compare";
import { describeLearnerError } from "./compile";
import { isCustomCase } from "./expectations";
import { type OutputCapture, createOutputCapture } from "./output-capture";
import { createRng } from "./random";
import type {
  Bilingual,
  CodeExercise,
  CompareCase,
  CustomCase,
  LearnerFn,
  PlainValue,
  ReadValues,
  SubCheck,
  Tf,
} from "./types";

export { DEFAULT_SEED } from "./expectations";

export type Locale = keyof Bilingual;

/** Every text in a report is in both languages: the judge picks the learner's. */
export type LearnerCaseReport =
  | { kind: "compare"; name: Bilingual; outcome: "threw"; error: Bilingual }
  | { kind: "compare"; name: Bilingual; outcome: "unreadable"; problem: Bilingual; leaked: number }
  | { kind: "compare"; name: Bilingual; outcome: "returned"; output: PlainOutput; leaked: number }
  | { kind: "custom"; name: Bilingual; outcome: "checked"; findings: SubCheck[] }
  | { kind: "custom"; name: Bilingual; outcome: "threw"; error: Bilingual };

export interface LearnerReport {
  cases: LearnerCaseReport[];
  /** The learner's console output, capped. */
  output: string;
  truncated: boolean;
}

/** What running a submission on the learner's side produced, before any verdict. */
export type LearnerOutcome =
  | { kind: "not-attempted" }
  | { kind: "compile-error"; message: Bilingual; output: string }
  | { kind: "ran"; report: LearnerReport };

export interface RunLearnerOptions {
  seed: number;
  capture?: OutputCapture;
  readValues?: ReadValues;
  /** The reference's facts for the custom case at this index (null when it has none). */
  expectedOf: (caseIndex: number) => Promise<PlainValue>;
}

async function runCompareCase(
  exercise: CodeExercise,
  testCase: CompareCase,
  learner: LearnerFn,
  tf: Tf,
  readValues: ReadValues,
): Promise<LearnerCaseReport> {
  const { name } = testCase;
  const received = await callIsolated(learner, testCase.args, exercise.output, tf, readValues);
  if (received.threw) return { kind: "compare", name, outcome: "threw", error: describeLearnerError(received.error) };
  const read = received.read;
  if (read === undefined || !read.ok) {
    const problem =
      read === undefined || read.ok ? { en: "returned nothing usable", zh: "没有返回可用的结果" } : read.problem;
    return { kind: "compare", name, outcome: "unreadable", problem, leaked: received.leaked };
  }
  return { kind: "compare", name, outcome: "returned", output: read.output, leaked: received.leaked };
}

async function runCustomCase(
  testCase: CustomCase,
  learner: LearnerFn,
  tf: Tf,
  readValues: ReadValues,
  expected: Promise<PlainValue>,
): Promise<LearnerCaseReport> {
  const { name } = testCase;
  const engine = tf.engine();
  engine.startScope();
  try {
    const verdict = await testCase.verify({ tf, learner, expected: await expected, readValues });
    const findings: SubCheck[] = Array.isArray(verdict) ? verdict : [{ name, failure: verdict }];
    return {
      kind: "custom",
      name,
      outcome: "checked",
      findings: findings.map((finding) => ({ name: finding.name, failure: finding.failure })),
    };
  } catch (error) {
    return { kind: "custom", name, outcome: "threw", error: describeLearnerError(error) };
  } finally {
    engine.endScope();
    // Training and model cases create variables; they must not pile up in a reused worker.
    tf.disposeVariables();
  }
}

export async function runLearnerCases(
  exercise: CodeExercise,
  learner: LearnerFn,
  tf: Tf,
  options: RunLearnerOptions,
): Promise<LearnerReport> {
  const capture = options.capture ?? createOutputCapture();
  const readValues = options.readValues ?? readWithDataSync;
  const cases = exercise.buildCases(createRng(options.seed));
  const reports: LearnerCaseReport[] = [];
  const restoreConsole = capture.redirectGlobalConsole();
  try {
    for (let index = 0; index < cases.length; index += 1) {
      const testCase = cases[index];
      if (testCase === undefined) continue;
      reports.push(
        isCustomCase(testCase)
          ? await runCustomCase(testCase, learner, tf, readValues, options.expectedOf(index))
          : await runCompareCase(exercise, testCase, learner, tf, readValues),
      );
    }
  } finally {
    restoreConsole();
  }
  return { cases: reports, output: capture.text(), truncated: capture.truncated() };
}
