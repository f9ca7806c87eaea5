import "server-only";
/** One item's page: its shared payload, and this learner's state of it and reviews of it. */
import { type AttemptView, parseAttempt } from "@/lib/progress/history";
import { type ItemMeta, itemMetaOf } from "@/lib/progress/items";
import { learnerDayKey } from "@/lib/srs/day";
import type { Db } from "../db";
import { fetchLearnerDay } from "./context";

export interface HistoryReview {
  id: string;
  reviewedAt: string;
  dayKey: string;
  kind: string;
  quality: number;
  durationMs: number;
  intervalBefore: number;
  intervalAfter: number;
  easeAfter: number;
  attempt: AttemptView | null;
}

export interface ItemHistory {
  item: ItemMeta;
  retired: boolean;
  state: {
    status: string;
    intervalDays: number;
    ease: number;
    lapses: number;
    repetitions: number;
    dueAt: string | null;
  } | null;
  reviews: HistoryReview[];
  /** More reviews exist than were loaded. */
  truncated: boolean;
}

export const HISTORY_LIMIT = 500;

/** An item's payload (shared) and this learner's state and reviews of it; null if no such item. */
export async function fetchItemHistory(db: Db, userId: string, itemId: string): Promise<ItemHistory | null> {
  const [item, day] = await Promise.all([
    db.item.findUnique({ where: { id: itemId }, select: { id: true, deck: true, payload: true, retiredAt: true } }),
    fetchLearnerDay(db, userId),
  ]);
  if (!item) return null;
  const [state, logs] = await Promise.all([
    db.itemState.findUnique({ where: { userId_itemId: { userId, itemId } } }),
    db.reviewLog.findMany({
      where: { userId, itemId, undoneAt: null },
      orderBy: [{ reviewedAt: "desc" }, { id: "desc" }],
      take: HISTORY_LIMIT + 1,
      select: {
        id: true,
        kind: true,
        quality: true,
        reviewedAt: true,
        durationMs: true,
        intervalBefore: true,
        intervalAfter: true,
        easeAfter: true,
        detail: true,
      },
    }),
  ]);
  let payload: unknown = null;
  try {
    payload = JSON.parse(item.payload);
  } catch {
    payload = null;
  }
  const truncated = logs.length > HISTORY_LIMIT;
  return {
    item: itemMetaOf(item.id, item.deck, payload),
    retired: item.retiredAt !== null,
    state: state
      ? {
          status: state.status,
          intervalDays: state.intervalDays,
          ease: state.easePermille / 1000,
          lapses: state.lapses,
          repetitions: state.repetitions,
          dueAt: state.dueAt?.toISOString() ?? null,
        }
      : null,
    reviews: logs
      .slice(0, HISTORY_LIMIT)
      .reverse()
      .map((l) => ({
        id: l.id,
        reviewedAt: l.reviewedAt.toISOString(),
        dayKey: learnerDayKey(l.reviewedAt, day),
        kind: l.kind,
        quality: l.quality,
        durationMs: l.durationMs,
        intervalBefore: l.intervalBefore,
        intervalAfter: l.intervalAfter,
        easeAfter: l.easeAfter / 1000,
        attempt: parseAttempt(l.detail),
      })),
    truncated,
  };
}
