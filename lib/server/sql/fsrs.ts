import "server-only";
/**
 * The review log as FSRS reads it, one row per item: reading a million log
 * rows one by one through the client costs seconds, so each item's reviews
 * come packed in one text value ("ms:quality:kind:durationMs", comma
 * separated, in time order) and are unpacked here.
 */
import { FSRS_REVIEW_KINDS, type LoggedReview } from "@/lib/srs/review-history";
import { Prisma } from "../generated/prisma/client";
import { epochMillisTextOf, joinedTextOf } from "./dialect";

export interface PackedHistoryRow {
  itemId: string;
  packed: string;
}

export function fsrsHistorySql(userId: string): Prisma.Sql {
  const entry = Prisma.sql`(${epochMillisTextOf(Prisma.sql`"reviewedAt"`)} || ':' || CAST("quality" AS TEXT) || ':' || "kind" || ':' || CAST("durationMs" AS TEXT))`;
  return Prisma.sql`
    SELECT "itemId", ${joinedTextOf(entry, ",", Prisma.sql`"reviewedAt"`)} AS "packed"
    FROM "ReviewLog"
    WHERE "userId" = ${userId} AND "undoneAt" IS NULL AND "kind" IN (${Prisma.join([...FSRS_REVIEW_KINDS])})
    GROUP BY "itemId"`;
}

export function unpackHistoryRows(rows: readonly PackedHistoryRow[]): LoggedReview[] {
  const out: LoggedReview[] = [];
  for (const { itemId, packed } of rows) {
    for (const entry of packed.split(",")) {
      const [ms, quality, kind, durationMs] = entry.split(":");
      out.push({
        itemId,
        reviewedAt: new Date(Number(ms)),
        quality: Number(quality),
        kind: kind ?? "",
        durationMs: Number(durationMs),
      });
    }
  }
  return out;
}
