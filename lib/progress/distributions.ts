/**
 * Card counts, the distributions of intervals and ease factors, and the
 * future-due forecast with the learner's daily limits.
 */
import { MATURE_INTERVAL_DAYS } from "./types";

export interface Bucket {
  /** Stable label, e.g. "3-6" (days) or "2.5" (ease). */
  label: string;
  count: number;
}

/** Upper bounds (inclusive, days) of the interval buckets; the last is open. */
export const INTERVAL_BUCKET_MAX_DAYS = [1, 2, 6, 13, 20, 41, 89, 179, 364] as const;

export function intervalBuckets(rows: readonly { intervalDays: number; count: number }[]): Bucket[] {
  const labels: string[] = [];
  let low = 0;
  for (const max of INTERVAL_BUCKET_MAX_DAYS) {
    labels.push(low === max ? String(max) : `${low}-${max}`);
    low = max + 1;
  }
  labels.push(`${low}+`);
  const counts = new Array<number>(labels.length).fill(0);
  for (const r of rows) {
    let i = INTERVAL_BUCKET_MAX_DAYS.findIndex((max) => r.intervalDays <= max);
    if (i < 0) i = INTERVAL_BUCKET_MAX_DAYS.length;
    counts[i] = (counts[i] ?? 0) + r.count;
  }
  return labels.map((label, i) => ({ label, count: counts[i] ?? 0 }));
}

/** Ease buckets 0.1 wide from the SM-2 floor 1.3 up to "3.0+". */
export const EASE_BUCKET_MIN_PERMILLE = 1300;
export const EASE_BUCKET_WIDTH_PERMILLE = 100;
export const EASE_BUCKET_TOP_PERMILLE = 3000;

export function easeBuckets(rows: readonly { easePermille: number; count: number }[]): Bucket[] {
  const n = (EASE_BUCKET_TOP_PERMILLE - EASE_BUCKET_MIN_PERMILLE) / EASE_BUCKET_WIDTH_PERMILLE + 1;
  const buckets: Bucket[] = Array.from({ length: n }, (_, i) => {
    const lo = EASE_BUCKET_MIN_PERMILLE + i * EASE_BUCKET_WIDTH_PERMILLE;
    return { label: i === n - 1 ? `${(lo / 1000).toFixed(1)}+` : (lo / 1000).toFixed(1), count: 0 };
  });
  for (const r of rows) {
    const i = Math.min(
      n - 1,
      Math.max(0, Math.floor((r.easePermille - EASE_BUCKET_MIN_PERMILLE) / EASE_BUCKET_WIDTH_PERMILLE)),
    );
    buckets[i]!.count += r.count;
  }
  return buckets;
}

/** Weighted mean of a distribution given as (value, count) rows; null when empty. */
export function meanOf(rows: readonly { value: number; count: number }[]): number | null {
  const n = rows.reduce((s, r) => s + r.count, 0);
  return n === 0 ? null : rows.reduce((s, r) => s + r.value * r.count, 0) / n;
}

export interface CardCounts {
  new: number;
  /** On a schedule with an interval under MATURE_INTERVAL_DAYS. */
  learning: number;
  mature: number;
  total: number;
}

export function cardCounts(rows: readonly { status: string; intervalDays: number; count: number }[]): CardCounts {
  const c: CardCounts = { new: 0, learning: 0, mature: 0, total: 0 };
  for (const r of rows) {
    if (r.status === "new") c.new += r.count;
    else if (r.status === "active") {
      if (r.intervalDays >= MATURE_INTERVAL_DAYS) c.mature += r.count;
      else c.learning += r.count;
    } else continue;
    c.total += r.count;
  }
  return c;
}

export interface ForecastInput {
  /** Scheduled items due on each day: index 0 = today (overdue included), 1 = tomorrow, … */
  dueByOffset: readonly number[];
  maxReviewsPerDay: number;
  /** Reviews already done today that count against the limit (kind "review"). */
  reviewsDoneToday: number;
  newPerDay: number;
  newDoneToday: number;
  /** New items not yet introduced. */
  newWaiting: number;
}

export interface ForecastDay {
  offset: number;
  /** Items whose due date falls on this day (today: everything due by tonight). */
  due: number;
  /** Reviews the queue will offer that day: due + earlier backlog, capped by the daily limit. */
  reviews: number;
  /** Backlog pushed to the next day by the limit. */
  carried: number;
  /** New items the queue will introduce (not yet counted as later reviews). */
  newItems: number;
}

export interface Forecast {
  days: ForecastDay[];
  /** Items due over days 1…N (tomorrow on), and their mean per day: the daily load. */
  dueNextDays: number;
  averagePerDay: number;
  /** Days on which the review limit held work back. */
  daysOverLimit: number;
}

/**
 * The next days' work as the queue will hand it out: each day offers its due
 * items plus the backlog, at most `maxReviewsPerDay` (today: what is left of
 * it); the rest carries over, as in lib/srs/queue.ts.
 */
export function forecast(input: ForecastInput): Forecast {
  let backlog = 0;
  let newLeft = input.newWaiting;
  let daysOverLimit = 0;
  const days = input.dueByOffset.map((due, offset) => {
    const cap = offset === 0 ? Math.max(0, input.maxReviewsPerDay - input.reviewsDoneToday) : input.maxReviewsPerDay;
    const wanting = due + backlog;
    const reviews = Math.min(cap, wanting);
    backlog = wanting - reviews;
    if (backlog > 0) daysOverLimit++;
    const newCap = offset === 0 ? Math.max(0, input.newPerDay - input.newDoneToday) : input.newPerDay;
    const newItems = Math.min(newCap, newLeft);
    newLeft -= newItems;
    return { offset, due, reviews, carried: backlog, newItems };
  });
  const ahead = input.dueByOffset.slice(1);
  const dueNextDays = ahead.reduce((s, n) => s + n, 0);
  return { days, dueNextDays, averagePerDay: ahead.length > 0 ? dueNextDays / ahead.length : 0, daysOverLimit };
}
