/**
 * The key under which a review is counted in the progress aggregates
 * (ReviewAggregate): its UTC quarter-hour, the kind of item, the grade and
 * the retention class. Pure; lib/server/review-aggregates.ts writes it.
 */
import { MATURE_INTERVAL_DAYS, type ItemKind, itemKindOf } from "./types";

export const AGGREGATE_BUCKET_MS = 15 * 60 * 1000;

/**
 * 0: not a retention test; 1: young; 2: mature. A retention test is a
 * scheduled review (kind "review": the item's first review of that learner
 * day, due by its interval, as Anki's revlog type "review"), classed by the
 * interval it had before: mature from MATURE_INTERVAL_DAYS on.
 */
export type RetentionClass = 0 | 1 | 2;

export function retentionClassOf(kind: string, intervalBefore: number): RetentionClass {
  if (kind !== "review") return 0;
  return intervalBefore >= MATURE_INTERVAL_DAYS ? 2 : 1;
}

/** The start of the UTC quarter-hour holding `at`: every time zone's offset is a whole number of quarter-hours. */
export function bucketStartOf(at: Date): Date {
  return new Date(Math.floor(at.getTime() / AGGREGATE_BUCKET_MS) * AGGREGATE_BUCKET_MS);
}

export interface AggregateKey {
  bucketStart: Date;
  itemKind: ItemKind;
  quality: number;
  retention: RetentionClass;
}

export function aggregateKeyOf(review: {
  itemId: string;
  kind: string;
  quality: number;
  reviewedAt: Date;
  intervalBefore: number;
}): AggregateKey {
  return {
    bucketStart: bucketStartOf(review.reviewedAt),
    itemKind: itemKindOf(review.itemId),
    quality: review.quality,
    retention: retentionClassOf(review.kind, review.intervalBefore),
  };
}
