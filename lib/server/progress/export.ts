import "server-only";
/** The learner's review log as CSV (columns: docs/progress.md). */
import { CSV_HEADER, csvLine } from "@/lib/progress/csv";
import { PASS_QUALITY, itemKindOf } from "@/lib/progress/types";
import { learnerDayKey, learnerDayStart } from "@/lib/srs/day";
import type { Db } from "../db";
import type { ReviewLog } from "../generated/prisma/client";
import { fetchLearnerDay } from "./context";

/** Rows read per page of the export (keyset paging on ("reviewedAt", "id")). */
export const EXPORT_PAGE_ROWS = 2000;

/**
 * The learner's review log as CSV, one page of rows at a time, so memory
 * stays flat however long the log is. Undone rows are left out.
 */
export async function* reviewLogCsv(db: Db, userId: string): AsyncGenerator<string> {
  const day = await fetchLearnerDay(db, userId);
  yield CSV_HEADER;
  let after: { reviewedAt: Date; id: string } | null = null;
  // The learner-day label changes rarely along a time-ordered log: cache the current day's range.
  let dayRange: { start: number; end: number; key: string } | null = null;
  const dayKeyOf = (at: Date) => {
    const t = at.getTime();
    if (!dayRange || t < dayRange.start || t >= dayRange.end) {
      dayRange = {
        start: learnerDayStart(at, day).getTime(),
        end: learnerDayStart(at, day, 1).getTime(),
        key: learnerDayKey(at, day),
      };
    }
    return dayRange.key;
  };
  for (;;) {
    const cursor: { reviewedAt: Date; id: string } | null = after;
    const page: ReviewLog[] = await db.reviewLog.findMany({
      where: {
        userId,
        undoneAt: null,
        ...(cursor
          ? {
              OR: [{ reviewedAt: { gt: cursor.reviewedAt } }, { reviewedAt: cursor.reviewedAt, id: { gt: cursor.id } }],
            }
          : {}),
      },
      orderBy: [{ reviewedAt: "asc" }, { id: "asc" }],
      take: EXPORT_PAGE_ROWS,
    });
    if (page.length === 0) return;
    let chunk = "";
    for (const r of page) {
      chunk += csvLine([
        r.id,
        r.reviewedAt.toISOString(),
        dayKeyOf(r.reviewedAt),
        r.itemId,
        itemKindOf(r.itemId),
        r.kind,
        r.quality,
        r.quality >= PASS_QUALITY,
        r.durationMs,
        r.intervalBefore,
        r.intervalAfter,
        r.easeBefore / 1000,
        r.easeAfter / 1000,
        r.repsBefore,
        r.repsAfter,
        r.lapsesBefore,
        r.dueAfter ? r.dueAfter.toISOString() : null,
        r.detail,
      ]);
    }
    yield chunk;
    const last = page[page.length - 1];
    if (!last || page.length < EXPORT_PAGE_ROWS) return;
    after = { reviewedAt: last.reviewedAt, id: last.id };
  }
}
