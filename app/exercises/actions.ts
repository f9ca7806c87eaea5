"use server";

import { getLocale } from "next-intl/server";
import { z } from "zod";
import { MAX_INPUT_LENGTH } from "@/lib/answers";
import { type Failure, expectedFailure, parseInput, reviewIdSchema } from "@/lib/server/action-input";
import { requireUser } from "@/lib/server/auth";
import { getDb } from "@/lib/server/db";
import {
  type AttemptState,
  type ExerciseView,
  answerExercise,
  isGeneratorId,
  recordDrill,
  revealExerciseSolution,
  showExerciseHint,
  startExerciseAttempt,
} from "@/lib/server/exercises";
import { toLocale } from "@/app/i18n/locale";

const generatorIdSchema = z.string().min(1).max(100).refine(isGeneratorId, "unknown exercise");
const attemptIdSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_-]+$/, "letters, digits, - and _ only");

const startSchema = z.strictObject({ generatorId: generatorIdSchema, mode: z.enum(["review", "practice"]) });
const attemptSchema = z.strictObject({ attemptId: attemptIdSchema });
const answerSchema = z.strictObject({ attemptId: attemptIdSchema, input: z.string().max(MAX_INPUT_LENGTH) });
const drillSchema = z.strictObject({ reviewId: reviewIdSchema, attemptId: attemptIdSchema });

export type Result<T> = ({ ok: true } & T) | Failure;

async function attempt<T>(run: () => Promise<T>): Promise<Result<T>> {
  try {
    return { ok: true, ...(await run()) };
  } catch (error) {
    return expectedFailure(error);
  }
}

/**
 * Shows an exercise: the server draws the seed and stores the attempt. In the
 * daily review an open attempt is shown again (a reload never rerolls it).
 */
export async function startExerciseAction(input: unknown): Promise<Result<{ view: ExerciseView }>> {
  const user = await requireUser();
  const parsed = parseInput(startSchema, input);
  if (!parsed.ok) return parsed;
  return attempt(async () => ({
    view: await startExerciseAttempt(getDb(), user.id, parsed.data.generatorId, parsed.data.mode, new Date()),
  }));
}

export interface CheckView {
  correct: boolean;
  interpretedAs: string | null;
  /** In the learner's language. */
  feedback: string | null;
  error?: string;
  state: AttemptState;
}

/** Checks an answer on the server against the stored instance, and records it in the attempt. */
export async function checkExerciseAction(input: unknown): Promise<Result<{ result: CheckView }>> {
  const user = await requireUser();
  const parsed = parseInput(answerSchema, input);
  if (!parsed.ok) return parsed;
  const locale = toLocale(await getLocale());
  return attempt(async () => {
    const checked = await answerExercise(getDb(), user.id, parsed.data.attemptId, parsed.data.input, new Date());
    return {
      result: {
        correct: checked.correct,
        interpretedAs: checked.interpretedAs,
        feedback: checked.feedback ? checked.feedback[locale] : null,
        ...(checked.error ? { error: checked.error[locale] } : {}),
        state: checked.state,
      },
    };
  });
}

/** The next hint of the attempt; the server records that it was shown. */
export async function showHintAction(input: unknown): Promise<Result<{ state: AttemptState }>> {
  const user = await requireUser();
  const parsed = parseInput(attemptSchema, input);
  if (!parsed.ok) return parsed;
  return attempt(async () => ({
    state: await showExerciseHint(getDb(), user.id, parsed.data.attemptId, new Date()),
  }));
}

/** The worked solution and the answer; the server records that it was shown. */
export async function revealSolutionAction(input: unknown): Promise<Result<{ state: AttemptState }>> {
  const user = await requireUser();
  const parsed = parseInput(attemptSchema, input);
  if (!parsed.ok) return parsed;
  return attempt(async () => ({
    state: await revealExerciseSolution(getDb(), user.id, parsed.data.attemptId, new Date()),
  }));
}

/** Logs a finished practice attempt as a "drill" (no schedule change; a repeat is a no-op), graded from what the server recorded. */
export async function recordDrillAction(
  input: unknown,
): Promise<Result<{ reviewId: string; duplicate: boolean; quality: number }>> {
  const user = await requireUser();
  const parsed = parseInput(drillSchema, input);
  if (!parsed.ok) return parsed;
  return attempt(() => recordDrill(getDb(), user.id, parsed.data, new Date()));
}
