"use server";

import { z } from "zod";
import { readAttemptDetail } from "@/lib/codecheck/attempt-detail";
import { requireUser } from "@/lib/server/auth";
import { CODE_ITEM_PREFIX } from "@/lib/server/code-exercises";
import { getDb } from "@/lib/server/db";
import { gradeAttempt } from "@/lib/exercises/grading";
import { DomainError, type DomainErrorCode, InvalidInputError } from "@/lib/server/errors";
import { attemptRecordSchema } from "@/lib/server/exercise-schemas";
import { verifyAttemptRecord } from "@/lib/server/exercises";
import { type ReviewSessionView, fetchReviewSession, gradeItem, undoLastReview } from "@/lib/server/reviews";

const MAX_DETAIL_CHARS = 20_000;

const gradeSchema = z.strictObject({
  reviewId: z
    .string()
    .min(8)
    .max(100)
    .regex(/^[A-Za-z0-9_-]+$/, "letters, digits, - and _ only"),
  itemId: z.string().min(1).max(200),
  quality: z.number().int().min(0).max(5),
  expectedVersion: z.number().int().min(0),
  durationMs: z
    .number()
    .int()
    .min(0)
    .max(24 * 60 * 60 * 1000),
  /** Exercise attempts (seed, input, verdict), kept in the review log for replay. */
  detail: z
    .json()
    .optional()
    .refine(
      (d) => d === undefined || JSON.stringify(d).length <= MAX_DETAIL_CHARS,
      `at most ${MAX_DETAIL_CHARS} characters of JSON`,
    ),
});

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

/**
 * An exercise's grade is not taken from the browser: the attempt record is
 * re-checked from its seed on the server and graded from that.
 */
async function verifiedGrade(input: z.infer<typeof gradeSchema>): Promise<z.infer<typeof gradeSchema>> {
  if (input.itemId.startsWith(CODE_ITEM_PREFIX)) return withServerCodeDetail(input);
  if (!input.itemId.startsWith("exercise:")) return input;
  const record = attemptRecordSchema.safeParse(input.detail);
  if (!record.success || `exercise:${record.data.generatorId}` !== input.itemId) {
    throw new InvalidInputError("An exercise grade needs its attempt record (seed, answers, hints) for this exercise.");
  }
  const verified = verifyAttemptRecord(record.data);
  return {
    ...input,
    quality: gradeAttempt(verified),
    detail: verified as unknown as z.infer<typeof gradeSchema>["detail"],
  };
}

export async function gradeAction(input: unknown): Promise<ActionResult> {
  const user = await requireUser();
  const parsed = gradeSchema.safeParse(input);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join(".") || "(input)"}: ${i.message}`).join("; ");
    return { ok: false, code: "invalid-input", detail, session: null };
  }
  const db = getDb();
  try {
    await gradeItem(db, user.id, await verifiedGrade(parsed.data), new Date());
  } catch (error) {
    return failure(error, user.id);
  }
  return { ok: true, session: await fetchReviewSession(db, user.id, new Date()) };
}

export async function undoAction(): Promise<ActionResult> {
  const user = await requireUser();
  const db = getDb();
  try {
    await undoLastReview(db, user.id, new Date());
  } catch (error) {
    return failure(error, user.id);
  }
  return { ok: true, session: await fetchReviewSession(db, user.id, new Date()) };
}
