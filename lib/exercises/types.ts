import type { Bilingual } from "../answers/messages";
import type { Rng } from "../random";

export type { Bilingual };

export type Topic =
  | "clustering"
  | "norms"
  | "normalization"
  | "probability"
  | "information"
  | "signals"
  | "convolution"
  | "losses"
  | "optimization"
  | "regularization"
  | "moving-average"
  | "activations"
  | "logistic-regression"
  | "rnn";

export type Chapter = "concepts" | "ch4" | "ch6";

export interface GeneratorInfo {
  id: string;
  topic: Topic;
  chapter: Chapter;
  title: Bilingual;
  /** Section of the learner's notes (深度学习 page) the exercise drills. */
  source: string;
}

export type AnswerValue = number | number[];

export interface ExerciseAnswer {
  value: AnswerValue;
  unit?: string;
  kind: "integer" | "real";
}

export interface Tolerance {
  relative: number;
  absolute: number;
}

export interface WrongAnswer {
  value: AnswerValue;
  message: Bilingual;
}

/** JSON-only data (numbers, strings, booleans, arrays, plain objects). */
export type ParamValue = number | string | boolean | null | ParamValue[] | { [key: string]: ParamValue };
export type ExerciseParams = { [key: string]: ParamValue };

export interface ExerciseInstance {
  generatorId: string;
  seed: number;
  params: ExerciseParams;
  prompt: Bilingual;
  answer: ExerciseAnswer;
  tolerance: Tolerance;
  hints: Bilingual[];
  solution: Bilingual[];
  wrongAnswers: WrongAnswer[];
  answerForms?: string[];
}

/** What a generator returns; the registry adds id, seed and tolerance defaults, and filters the wrong answers. */
export interface GeneratedExercise {
  params: ExerciseParams;
  prompt: Bilingual;
  answer: ExerciseAnswer;
  tolerance?: Tolerance;
  hints: Bilingual[];
  solution: Bilingual[];
  wrongAnswers: WrongAnswer[];
  answerForms?: string[];
}

export interface ExerciseGenerator {
  info: GeneratorInfo;
  generate(rng: Rng): GeneratedExercise;
}

export interface CheckResult {
  correct: boolean;
  value: AnswerValue | null;
  interpretedAs: string | null;
  feedback: Bilingual | null;
  error?: Bilingual;
}
