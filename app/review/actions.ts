"use server";

import { z } from "zod";
import { readAttemptDetail } from "@/lib/codecheck/attempt-detail";
import { requireUser } from "@/lib/server/auth";
import { CODE_ITEM_PREFIX } from "@/lib/server/code-exercises";
import { getDb } from "@/lib/server/db";
import { DomainError, type DomainErrorCode, InvalidInputError } from "@/lib/server/errors";
import { detailSchema, durationMsSchema, parseInput, reviewIdSchema } from "@/lib/server/action-input";
import { verifiedExerciseGrade } from "@/lib/server/exercises";
import {
  type ReviewSessionView,
  fetchLearnerContext,
  fetchReviewSession,
  gradeItem,
  undoReview,
} from "@/lib/server/reviews";
import { MAX_EXTRA_NEW_PER_DAY, raiseNewLimitToday } from "@/lib/server/users";

const gradeSchema = z.strictObject({
  reviewId: reviewIdSchema,
  itemId: z.string().min(1).max(200),
  quality: z.number().int().min(0).max(5),
  expectedVersion: z.number().int().min(0),
  durationMs: durationMsSchema,
  /** Exercise attempts (the server-issued attempt id, or coding-exercise runs), kept in the review log. */
  detail: detailSchema.optional(),
});

const undoSchema = z.strictObject({ reviewId: reviewIdSchema });
const raiseSchema = z.strictObject({ extra: z.number().int().min(1).max(MAX_EXTRA_NEW_PER_DAY) });

export type ActionResult =
  | { ok: true; session: ReviewSessionView }
  | { ok: false; code: DomainErrorCode; detail: string; session: ReviewSessionView | null };

async function failure(error: unknown, userId: string): Promise<ActionResult> {
  if (error instanceof DomainError) {
    return {
      ok: false,
      code: error.code,
      detail: error.message,
      session: await fetchReviewSession(getDb(), userId, new Date()),
    };
  }
  throw error;
}

/**
 * A coding exercise's grade is the browser's (its code ran there), but never
 * "solution shown": the server records that itself when it hands the
 * solution out (revealCodeSolutionAction).
 */
function withServerCodeDetail(input: z.infer<typeof gradeSchema>): z.infer<typeof gradeSchema> {
  const detail = readAttemptDetail(input.detail, input.itemId.slice(CODE_ITEM_PREFIX.length), false);
  if (detail === null) throw new InvalidInputError("A coding exercise's grade needs its attempt (runs, hints).");
  return { ...input, detail: detail as unknown as z.infer<typeof gradeSchema>["detail"] };
}

export async function gradeAction(input: unknown): Promise<ActionResult> {
  const user = await requireUser();
  const parsed = parseInput(gradeSchema, input);
  if (!parsed.ok) return { ...parsed, session: null };
  const db = getDb();
  const now = new Date();
  // The learner is read once: the grade and the next session view both use it.
  const context = await fetchLearnerContext(db, user.id, now);
  try {
    // A computed exercise's grade is never taken from the browser: it follows from the attempt the server recorded.
    const graded = parsed.data.itemId.startsWith(CODE_ITEM_PREFIX)
      ? { input: withServerCodeDetail(parsed.data) }
      : await verifiedExerciseGrade(db, user.id, parsed.data, now);
    await gradeItem(db, user.id, graded.input, now, {
      day: context.day,
      ...(graded.onRecorded ? { onRecorded: graded.onRecorded } : {}),
    });
  } catch (error) {
    return failure(error, user.id);
  }
  return { ok: true, session: await fetchReviewSession(db, user.id, now, context) };
}

/** Undoes the review the tab names, if it is still the learner's latest undoable one. */
export async function undoAction(input: unknown): Promise<ActionResult> {
  const user = await requireUser();
  const parsed = parseInput(undoSchema, input);
  if (!parsed.ok) return { ...parsed, session: null };
  const db = getDb();
  try {
    await undoReview(db, user.id, parsed.data.reviewId, new Date());
  } catch (error) {
    return failure(error, user.id);
  }
  return { ok: true, session: await fetchReviewSession(db, user.id, new Date()) };
}

/** More new items today only: raises today's new-item limit by `extra` (tomorrow is back to the setting). */
export async function raiseNewLimitAction(input: unknown): Promise<ActionResult> {
  const user = await requireUser();
  const parsed = parseInput(raiseSchema, input);
  if (!parsed.ok) return { ...parsed, session: null };
  const db = getDb();
  const now = new Date();
  await raiseNewLimitToday(db, user.id, now, parsed.data.extra);
  return { ok: true, session: await fetchReviewSession(db, user.id, now) };
}
