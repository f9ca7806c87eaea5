import "server-only";
/**
 * Keeps the progress aggregates (ReviewAggregate) in step with the review
 * log: every row appended counts +1 in its bucket, every undo −1, in the
 * transaction that writes the log (lib/server/review-log.ts appendReviewLog,
 * lib/server/reviews.ts undoReview). The dashboard reads these counts and
 * never scans the log for them. rebuildReviewAggregates recomputes a
 * learner's counts from the log (after writing the log by other means, or
 * to repair).
 */
import { aggregateKeyOf } from "@/lib/progress/aggregates";
import { MATURE_INTERVAL_DAYS } from "@/lib/progress/types";
import type { Db } from "./db";
import { Prisma } from "./generated/prisma/client";
import { forgetStoredDays } from "./progress/day-counts";
import { quarterHourOf } from "./sql/dialect";

export type AggregateTx = Pick<Db, "$executeRaw">;

export interface CountedReview {
  userId: string;
  itemId: string;
  kind: string;
  quality: number;
  reviewedAt: Date;
  durationMs: number;
  intervalBefore: number;
}

/** The statement that adds (`sign` 1) or takes back (−1, an undo) one review in its bucket. */
export function countReviewSql(review: CountedReview, sign: 1 | -1): Prisma.Sql {
  const key = aggregateKeyOf(review);
  return Prisma.sql`
    INSERT INTO "ReviewAggregate" ("userId", "bucketStart", "itemKind", "quality", "retention", "count", "durationMs")
    VALUES (${review.userId}, ${key.bucketStart}, ${key.itemKind}, ${key.quality}, ${key.retention}, ${sign},
            ${sign * review.durationMs})
    ON CONFLICT ("userId", "bucketStart", "itemKind", "quality", "retention")
    DO UPDATE SET "count" = "ReviewAggregate"."count" + excluded."count",
                  "durationMs" = "ReviewAggregate"."durationMs" + excluded."durationMs"`;
}

/** Adds (`sign` 1) or takes back (−1, an undo) one review in its bucket. */
export async function countReview(tx: AggregateTx, review: CountedReview, sign: 1 | -1): Promise<void> {
  await tx.$executeRaw(countReviewSql(review, sign));
}

const ITEM_KIND_OF_ROW = Prisma.raw(
  `CASE WHEN "itemId" LIKE 'exercise:%' THEN 'exercise' WHEN "itemId" LIKE 'code:%' THEN 'code' ELSE 'card' END`,
);
const RETENTION_OF_ROW = Prisma.raw(
  `CASE WHEN "kind" = 'review' THEN CASE WHEN "intervalBefore" >= ${MATURE_INTERVAL_DAYS} THEN 2 ELSE 1 END ELSE 0 END`,
);

/**
 * A learner's whole log is regrouped in one transaction: about 10 s per
 * million rows here, far past Prisma's 5 s default for a transaction.
 */
const REBUILD_TIMEOUT_MS = 10 * 60_000;

/**
 * Recomputes the learner's aggregates from their review log (undone rows left
 * out) inside the caller's transaction: an import writes rows and their
 * counts together. Call analyzeReviewAggregates after it commits.
 */
export async function rebuildReviewAggregatesIn(tx: AggregateTx, userId: string): Promise<void> {
  // The days summed from the old counts go with them.
  await forgetStoredDays(tx, userId);
  await tx.$executeRaw`DELETE FROM "ReviewAggregate" WHERE "userId" = ${userId}`;
  await tx.$executeRaw`
    INSERT INTO "ReviewAggregate" ("userId", "bucketStart", "itemKind", "quality", "retention", "count", "durationMs")
    SELECT "userId", ${quarterHourOf(Prisma.raw('"reviewedAt"'))}, ${ITEM_KIND_OF_ROW}, "quality", ${RETENTION_OF_ROW},
           COUNT(*), SUM("durationMs")
    FROM "ReviewLog"
    WHERE "userId" = ${userId} AND "undoneAt" IS NULL
    GROUP BY 1, 2, 3, 4, 5`;
}

/**
 * The planner's row estimates for the table must follow its new size: with none (PostgreSQL before
 * autovacuum gets to it) the dashboard's day-range join scans the whole table once per day.
 */
export async function analyzeReviewAggregates(db: Db): Promise<void> {
  await db.$executeRaw`ANALYZE "ReviewAggregate"`;
}

/** Recomputes the learner's aggregates from their review log (undone rows left out), in one transaction. */
export async function rebuildReviewAggregates(db: Db, userId: string): Promise<void> {
  await db.$transaction((tx) => rebuildReviewAggregatesIn(tx, userId), {
    timeout: REBUILD_TIMEOUT_MS,
    maxWait: REBUILD_TIMEOUT_MS,
  });
  await analyzeReviewAggregates(db);
}
