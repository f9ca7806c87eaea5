import "server-only";
/**
 * The review loop's inputs, shared by the review page's server actions
 * (app/review/actions.ts) and the JSON API (app/api/v1/review): one zod
 * schema per request, and one way to record a grade, so both edges validate
 * and verify a grade identically before the data layer sees it.
 */
import { z } from "zod";
import { readAttemptDetail } from "@/lib/codecheck/attempt-detail";
import { detailSchema, durationMsSchema, reviewIdSchema } from "./action-input";
import { CODE_ITEM_PREFIX } from "./code-exercises";
import type { Db } from "./db";
import { databaseUnavailability } from "./db-errors";
import { DomainError, type DomainErrorCode, InvalidInputError, StaleStateError } from "./errors";
import { verifiedExerciseGrade } from "./exercises";
import { type GradeLearner, type GradeOptions, type GradeResult, gradeItem, undoReview } from "./reviews";
import { DIALECT } from "./sql/dialect";

export const gradeSchema = z.strictObject({
  reviewId: reviewIdSchema,
  itemId: z.string().min(1).max(200),
  quality: z.number().int().min(0).max(5),
  expectedVersion: z.number().int().min(0),
  durationMs: durationMsSchema,
  /** Exercise attempts (the server-issued attempt id, or coding-exercise runs), kept in the review log. */
  detail: detailSchema.optional(),
});

export type GradeRequest = z.infer<typeof gradeSchema>;

export const undoSchema = z.strictObject({ reviewId: reviewIdSchema });

/**
 * A coding exercise's grade is the browser's (its code ran there), but never
 * "solution shown": the server records that itself when it hands the
 * solution out (revealCodeSolutionAction).
 */
function withServerCodeDetail(input: GradeRequest): GradeRequest {
  const detail = readAttemptDetail(input.detail, input.itemId.slice(CODE_ITEM_PREFIX.length), false);
  if (detail === null) throw new InvalidInputError("A coding exercise's grade needs its attempt (runs, hints).");
  return { ...input, detail: detail as unknown as GradeRequest["detail"] };
}

/** Tries of a grade that may have lost a race, and the wait before each retry (times the try's number). */
const LOST_RACE_ATTEMPTS = 4;
const LOST_RACE_BACKOFF_MS = 20;

/** Prisma's code for a unique-constraint violation. */
const UNIQUE_VIOLATION = "P2002";

/**
 * Whether a failed grade may have lost a race with the same grade: the
 * version moved or the log id was taken under it, or (SQLite) its
 * transaction could not take the write lock that another connection held.
 */
function mayBeLostRace(error: unknown): boolean {
  if (error instanceof StaleStateError) return true;
  const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
  if (code === UNIQUE_VIOLATION) return true;
  return DIALECT === "sqlite" && databaseUnavailability(error) === "timeout";
}

/**
 * Records a grade as the server believes it: a computed exercise's grade
 * follows from the attempt the server recorded (never from the browser), a
 * coding exercise's detail loses any claim of "solution shown".
 *
 * The same review id sent twice at once (a client retrying while its first
 * request is still running, possibly on another server process) races: the
 * loser finds the item's version moved, the log id taken, or (SQLite) the
 * write lock held, because the winner recorded this very review. Grading
 * again (a few times, waiting a little longer each time) then finds the
 * winner's row and answers as a repeat; a grade that is really stale stays
 * refused.
 */
export async function recordGrade(
  db: Db,
  userId: string,
  input: GradeRequest,
  now: Date,
  learner?: GradeLearner,
): Promise<GradeResult> {
  const graded = input.itemId.startsWith(CODE_ITEM_PREFIX)
    ? { input: withServerCodeDetail(input) }
    : await verifiedExerciseGrade(db, userId, input, now);
  const options: GradeOptions = {
    ...(learner ? { learner } : {}),
    ...(graded.onRecorded ? { onRecorded: graded.onRecorded } : {}),
  };
  for (let attempt = 1; ; attempt++) {
    try {
      return await gradeItem(db, userId, graded.input, now, options);
    } catch (error) {
      if (attempt >= LOST_RACE_ATTEMPTS || !mayBeLostRace(error)) throw error;
      // SQLite answers "locked" at once when a read snapshot must become a write while the winner
      // still holds the lock: give the winner time to commit before looking again.
      await new Promise((resolve) => setTimeout(resolve, LOST_RACE_BACKOFF_MS * attempt));
    }
  }
}

/** What undoReview answers when the named review is not the latest undoable one. */
const UNDO_REFUSALS: ReadonlySet<DomainErrorCode> = new Set(["nothing-to-undo", "undo-not-latest"]);

export interface UndoneReview {
  reviewId: string;
  itemId: string;
  /** The review had already been undone (a retried request): nothing changed now. */
  duplicate: boolean;
}

/**
 * Undoes the learner's review `reviewId` (it must still be their latest
 * undoable one: undoReview). Sent again after it succeeded, it answers as a
 * repeat instead of "nothing to undo", so a client may retry it safely.
 */
export async function undoNamedReview(db: Db, userId: string, reviewId: string, now: Date): Promise<UndoneReview> {
  try {
    return { ...(await undoReview(db, userId, reviewId, now)), duplicate: false };
  } catch (error) {
    if (!(error instanceof DomainError) || !UNDO_REFUSALS.has(error.code)) throw error;
    const undone = await db.reviewLog.findFirst({
      where: { id: reviewId, userId, undoneAt: { not: null } },
      select: { id: true, itemId: true },
    });
    if (undone === null) throw error;
    return { reviewId: undone.id, itemId: undone.itemId, duplicate: true };
  }
}
