import "server-only";
/**
 * What every writer of the review log shares: the repeat check of a
 * client-generated review id, and the state columns. Every writer (grading,
 * drills of computed and coding exercises) records the schedule before and
 * after through these, so a row can always be undone or replayed.
 */
import type { Db } from "./db";
import { DomainError } from "./errors";
import type { ItemState, Prisma, ReviewLog } from "./generated/prisma/client";
import { countReview } from "./review-aggregates";

type Tx = Pick<Db, "reviewLog">;

/** What a review-log writer's transaction must offer: the log, and raw statements for the aggregates. */
export type ReviewLogTx = Pick<Db, "reviewLog" | "$executeRaw">;

/**
 * Appends one row to the review log and counts it in the progress
 * aggregates, in the caller's transaction: the one way a review is written,
 * so the dashboard's counts never drift from the log.
 */
export async function appendReviewLog(tx: ReviewLogTx, data: Prisma.ReviewLogUncheckedCreateInput): Promise<ReviewLog> {
  const log = await tx.reviewLog.create({ data });
  await countReview(tx, log, 1);
  return log;
}

/**
 * The row already stored under this review id, if the same learner sent it
 * for the same item (a retried submission: the caller returns it unchanged);
 * null for a new id. An id used by another learner or for another item is
 * refused, without saying whose it was.
 */
export async function findRepeatedReview(
  tx: Tx,
  reviewId: string,
  userId: string,
  itemId: string,
): Promise<ReviewLog | null> {
  const seen = await tx.reviewLog.findUnique({ where: { id: reviewId } });
  if (seen === null) return null;
  if (seen.userId === userId && seen.itemId === itemId) return seen;
  throw new DomainError("conflict", "This review id was already used for another review.");
}

/**
 * The schedule columns a log row records (those of the generated ItemState
 * model), FSRS's memory state included whichever scheduler ran, so undo
 * restores it under either.
 */
export type LoggedState = Pick<
  ItemState,
  | "status"
  | "repetitions"
  | "intervalDays"
  | "easePermille"
  | "dueAt"
  | "lapses"
  | "lastReviewedAt"
  | "redrill"
  | "stability"
  | "difficulty"
>;

export function stateBeforeColumns(s: LoggedState) {
  return {
    repsBefore: s.repetitions,
    intervalBefore: s.intervalDays,
    easeBefore: s.easePermille,
    dueBefore: s.dueAt,
    statusBefore: s.status,
    redrillBefore: s.redrill,
    lapsesBefore: s.lapses,
    lastReviewedBefore: s.lastReviewedAt,
    stabilityBefore: s.stability,
    difficultyBefore: s.difficulty,
  };
}

export function stateAfterColumns(
  s: Pick<LoggedState, "repetitions" | "intervalDays" | "easePermille" | "dueAt" | "stability" | "difficulty">,
) {
  return {
    repsAfter: s.repetitions,
    intervalAfter: s.intervalDays,
    easeAfter: s.easePermille,
    dueAfter: s.dueAt,
    stabilityAfter: s.stability,
    difficultyAfter: s.difficulty,
  };
}

/**
 * A "drill" row: practice outside the schedule, so the state after is the
 * state before. `detail` is the attempt (exercises); a card's drill has none.
 */
export function drillLogData(input: {
  id: string;
  userId: string;
  itemId: string;
  quality: number;
  reviewedAt: Date;
  durationMs: number;
  state: LoggedState;
  detail?: unknown;
}) {
  return {
    id: input.id,
    userId: input.userId,
    itemId: input.itemId,
    kind: "drill",
    quality: input.quality,
    reviewedAt: input.reviewedAt,
    durationMs: input.durationMs,
    ...stateBeforeColumns(input.state),
    ...stateAfterColumns(input.state),
    detail: input.detail === undefined ? null : JSON.stringify(input.detail),
  };
}
