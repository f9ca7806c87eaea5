/**
 * Shapes shared by the check core, the exercise definitions and the runners.
 * Only type imports from tfjs: the core receives `tf` as an argument so the
 * same code runs in a browser Web Worker and in a Node worker thread.
 */
import type * as TfModule from "@tensorflow/tfjs";
import type { CodeTopic } from "./topics";

export type Tf = typeof TfModule;
export type Tensor = TfModule.Tensor;

export interface Bilingual {
  zh: string;
  en: string;
}

export type CaseStatus = "pass" | "fail" | "error";
export type CheckStatus = "pass" | "fail" | "error" | "not-attempted";

export interface CaseResult {
  /** The case's English name: what the review log keeps, whatever the language of the check. */
  id: string;
  /** The case's name in the language of the check. */
  name: string;
  status: CaseStatus;
  /** Prose with code in backtick spans (see text.ts); its parts on lines of their own. */
  message: string;
}

export interface CheckResult {
  status: CheckStatus;
  cases: CaseResult[];
  /** Tensors the learner's function left allocated; a hint, never a failure. */
  leakedTensors?: number;
  /** Advice that is not a failure (leaks, truncated output). */
  notes?: string[];
  /** Graded hints of the exercise, offered when the check did not pass. */
  hints?: Bilingual[];
  /** The learner's console output, capped. */
  output?: string;
  /** Set when the whole submission failed before any case ran (syntax error, missing function, timeout). */
  error?: string;
}

/** A tensor argument as plain data, so every call gets fresh tensors the learner may dispose or mutate. */
export interface TensorArg {
  kind: "tensor";
  shape: number[];
  values: number[];
  dtype?: "float32" | "int32" | "bool";
}

export type CaseArg = TensorArg | number | boolean;

/** What a case expects back from the learner's function. */
export type OutputKind = "tensor" | "number-or-scalar";

/** A case comparing the learner's output with the reference's on the same arguments. */
export interface CompareCase {
  name: Bilingual;
  args: CaseArg[];
}

export type LearnerFn = (...args: unknown[]) => unknown;

/** Reads a tensor's values without trusting methods learner code could have replaced. */
export type ReadValues = (tensor: Tensor) => ArrayLike<number>;

/** Structured-clone data: what crosses from the reference's side to the learner's. */
export type PlainValue = null | boolean | number | string | PlainValue[] | { [key: string]: PlainValue };

/** Context in which a custom case derives its expected facts from the reference, where no learner code runs. */
export interface ReferenceContext {
  tf: Tf;
  reference: LearnerFn;
}

/** Context a custom case receives to call the learner and check it against the reference's facts. */
export interface CustomCaseContext {
  tf: Tf;
  learner: LearnerFn;
  /** What `expect` returned on the reference's side; null without `expect`. */
  expected: PlainValue;
  readValues: ReadValues;
}

/** One named finding of a custom case; several share one expensive setup (e.g. building a model). */
export interface SubCheck {
  name: Bilingual;
  failure: Bilingual | null;
}

/** A case that checks the learner's result itself (training, model structure). */
export interface CustomCase {
  name: Bilingual;
  /**
   * The reference's facts the check compares with (e.g. a model's layers), as
   * plain data; computed apart from the learner's code so it cannot alter them.
   */
  expect?: (context: ReferenceContext) => Promise<PlainValue>;
  /** A failure message, null when the case passes, or sub-checks reported as cases of their own. */
  verify: (context: CustomCaseContext) => Promise<Bilingual | null | SubCheck[]>;
}

export type CheckCase = CompareCase | CustomCase;

export interface Rng {
  /** Uniform in [0, 1). */
  next: () => number;
  uniform: (low: number, high: number) => number;
  normal: () => number;
  integer: (low: number, highInclusive: number) => number;
}

/** A classic wrong solution: recognized by producing the same output, and named in the failure message. */
export interface KnownMistake {
  id: string;
  /** A learner-style solution making exactly this mistake; also used by the tests. */
  source: string;
  message: Bilingual;
}

/** Advice attached to a failure when the learner's source matches a pattern (RegExp source, flags). */
export interface SourceHint {
  pattern: string;
  flags?: string;
  message: Bilingual;
}

/** The JSON-serializable part of an exercise: what the app shows and stores. */
export interface CodeExerciseMeta {
  id: string;
  title: Bilingual;
  topic: CodeTopic;
  /** Section of the notes, e.g. "第四章 › 4.2 损失函数". */
  source: string;
  /** The TensorFlow 1.x Python the learner rewrites. */
  original: string;
  /** Where `original` comes from when the notes only name the code. */
  originalFrom?: Bilingual;
  task: Bilingual;
  functionName: string;
  starter: string;
  hints: Bilingual[];
  /** The reference solution; this exact string is compiled and run as the reference. */
  reference: string;
  output: OutputKind;
  mistakes: KnownMistake[];
  sourceHints: SourceHint[];
  /** Models and trained networks legitimately keep their weights, so leaks are not reported. */
  reportLeaks: boolean;
  /** Per-check timeout for the Node runner; training exercises need more. */
  timeoutMs?: number;
}

export interface CodeExercise extends CodeExerciseMeta {
  buildCases: (rng: Rng) => CheckCase[];
}
