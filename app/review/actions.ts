"use server";

import { z } from "zod";
import { requireUser } from "@/lib/server/auth";
import { getDb } from "@/lib/server/db";
import { DomainError, type DomainErrorCode } from "@/lib/server/errors";
import { parseInput } from "@/lib/server/action-input";
import { gradeSchema, recordGrade, undoSchema } from "@/lib/server/review-input";
import { type ReviewSessionView, fetchLearnerContext, fetchReviewSession, undoReview } from "@/lib/server/reviews";
import { MAX_EXTRA_NEW_PER_DAY, raiseNewLimitToday } from "@/lib/server/users";

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

/** Grades the item the tab shows (verified as recordGrade does) and answers with the next view. */
export async function gradeAction(input: unknown): Promise<ActionResult> {
  const user = await requireUser();
  const parsed = parseInput(gradeSchema, input);
  if (!parsed.ok) return { ...parsed, session: null };
  const db = getDb();
  const now = new Date();
  // The learner is read once: the grade and the next session view both use it.
  const context = await fetchLearnerContext(db, user.id, now);
  try {
    await recordGrade(db, user.id, parsed.data, now, context.day);
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
