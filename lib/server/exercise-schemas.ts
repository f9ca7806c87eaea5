import "server-only";
/**
 * zod schemas of exercise inputs, shared by the exercise actions and the
 * review's grade action (which re-checks an exercise attempt on the server).
 */
import { z } from "zod";
import { MAX_INPUT_LENGTH } from "@/lib/answers";
import { MAX_ATTEMPTS } from "@/lib/exercises/grading";
import { isGeneratorId } from "./exercises";

const MAX_SEED = 2 ** 32 - 1;
const MAX_HINTS = 20;

export const generatorIdSchema = z.string().min(1).max(100).refine(isGeneratorId, "unknown exercise");
export const seedSchema = z.number().int().min(0).max(MAX_SEED);
export const inputSchema = z.string().max(MAX_INPUT_LENGTH);

const attemptEntrySchema = z.strictObject({
  input: inputSchema,
  value: z.union([z.number(), z.array(z.number()).max(100), z.null()]),
  correct: z.boolean(),
  feedbackKey: z.string().max(40).optional(),
});

/** The attempt record kept in ReviewLog.detail (see lib/exercises/grading.ts); verdicts are re-checked on the server. */
export const attemptRecordSchema = z.strictObject({
  generatorId: generatorIdSchema,
  seed: seedSchema,
  attempts: z.array(attemptEntrySchema).max(MAX_ATTEMPTS),
  hintsShown: z.number().int().min(0).max(MAX_HINTS),
  solutionShown: z.boolean(),
  durationMs: z
    .number()
    .int()
    .min(0)
    .max(24 * 60 * 60 * 1000),
});
