/**
 * Computed-exercise engine: pure (no React, Next or Prisma), deterministic in (generatorId, seed).
 */
export { listGenerators, generateExercise } from "./registry";
export { checkAnswer } from "./check-answer";
export type { AnswerValue, Bilingual, ExerciseInstance, ExerciseParams, GeneratorInfo } from "./types";
