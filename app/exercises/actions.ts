"use server";

import { getLocale } from "next-intl/server";
import { z } from "zod";
import { attemptRecordSchema, generatorIdSchema, inputSchema, seedSchema } from "@/lib/server/exercise-schemas";
import { requireUser } from "@/lib/server/auth";
import { getDb } from "@/lib/server/db";
import { DomainError, type DomainErrorCode } from "@/lib/server/errors";
import {
  type ExerciseReveal,
  type ExerciseView,
  checkExercise,
  recordDrill,
  revealSolution,
  showExercise,
} from "@/lib/server/exercises";
import type { AttemptEntry } from "@/lib/exercises/grading";

const startSchema = z.strictObject({ generatorId: generatorIdSchema });
const instanceSchema = z.strictObject({ generatorId: generatorIdSchema, seed: seedSchema });
const checkSchema = z.strictObject({ generatorId: generatorIdSchema, seed: seedSchema, input: inputSchema });

const drillSchema = z.strictObject({
  reviewId: z
    .string()
    .min(8)
    .max(100)
    .regex(/^[A-Za-z0-9_-]+$/, "letters, digits, - and _ only"),
  attempt: attemptRecordSchema,
});

export type Failure = { ok: false; code: DomainErrorCode; detail: string };
export type Result<T> = ({ ok: true } & T) | Failure;

function invalid(error: z.ZodError): Failure {
  const detail = error.issues.map((i) => `${i.path.join(".") || "(input)"}: ${i.message}`).join("; ");
  return { ok: false, code: "invalid-input", detail };
}

function expected(error: unknown): Failure {
  if (error instanceof DomainError) return { ok: false, code: error.code, detail: error.message };
  throw error;
}

/** A fresh instance (new seed) of one generator, rendered. */
export async function startExerciseAction(input: unknown): Promise<Result<{ view: ExerciseView }>> {
  await requireUser();
  const parsed = startSchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  try {
    return { ok: true, view: showExercise(parsed.data.generatorId) };
  } catch (error) {
    return expected(error);
  }
}

export interface CheckView {
  correct: boolean;
  interpretedAs: string | null;
  /** In the learner's language. */
  feedback: string | null;
  error?: string;
  /** The record entry of a readable answer (null when the input was refused). */
  attempt: AttemptEntry | null;
  reveal?: ExerciseReveal;
}

/** Regenerates the instance from the seed and checks the answer on the server. */
export async function checkExerciseAction(input: unknown): Promise<Result<{ result: CheckView }>> {
  await requireUser();
  const parsed = checkSchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  try {
    const locale = (await getLocale()) === "en" ? "en" : "zh";
    const checked = checkExercise(parsed.data.generatorId, parsed.data.seed, parsed.data.input);
    return {
      ok: true,
      result: {
        correct: checked.correct,
        interpretedAs: checked.interpretedAs,
        feedback: checked.feedback ? checked.feedback[locale] : null,
        ...(checked.error ? { error: checked.error[locale] } : {}),
        attempt: checked.attempt,
        ...(checked.reveal ? { reveal: checked.reveal } : {}),
      },
    };
  } catch (error) {
    return expected(error);
  }
}

/** The worked solution and the answer of one instance. */
export async function revealSolutionAction(input: unknown): Promise<Result<{ reveal: ExerciseReveal }>> {
  await requireUser();
  const parsed = instanceSchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  try {
    return { ok: true, reveal: revealSolution(parsed.data.generatorId, parsed.data.seed) };
  } catch (error) {
    return expected(error);
  }
}

/** Logs a finished practice attempt as a "drill" of the signed-in learner (no schedule change; a repeat is a no-op). */
export async function recordDrillAction(
  input: unknown,
): Promise<Result<{ reviewId: string; duplicate: boolean; quality: number }>> {
  const user = await requireUser();
  const parsed = drillSchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  try {
    const result = await recordDrill(getDb(), user.id, parsed.data, new Date());
    return { ok: true, ...result };
  } catch (error) {
    return expected(error);
  }
}
