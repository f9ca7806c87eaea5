/**
 * Computed-exercise engine: pure (no React, Next or Prisma), deterministic in (generatorId, seed).
 */
export { listGenerators, generateExercise } from "./registry";
export { checkAnswer } from "./check-answer";
export { REAL_TOLERANCE, INTEGER_TOLERANCE } from "./tolerance";
export type {
  AnswerValue,
  Bilingual,
  Chapter,
  CheckResult,
  ExerciseAnswer,
  ExerciseInstance,
  ExerciseParams,
  GeneratorInfo,
  Tolerance,
  Topic,
  WrongAnswer,
} from "./types";
