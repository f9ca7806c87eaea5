/**
 * Reviews per learner day, by kind of item and grade: the one aggregate
 * behind the calendar heatmap, the stacked reviews chart, today's figures
 * and the answer-button totals.
 */
import { GRADES, ITEM_KINDS, type ItemKind } from "./types";

export interface DailyCount {
  /** Days after today (≤ 0). */
  dayOffset: number;
  itemKind: ItemKind;
  quality: number;
  count: number;
  durationMs: number;
}

export interface ActivityDay {
  offset: number;
  key: string;
  total: number;
  /** Reviews per kind and grade: index ITEM_KINDS.indexOf(kind) · 6 + grade. */
  counts: number[];
}

export interface Activity {
  /** Oldest first; the last entry is today. */
  days: ActivityDay[];
  today: { reviews: number; durationMs: number };
  /** Reviews per grade over all `days`, per kind of item (Anki's "Answer Buttons"). */
  gradeTotals: Record<ItemKind, number[]>;
  totalReviews: number;
  totalDurationMs: number;
}

export const COUNTS_PER_DAY = ITEM_KINDS.length * GRADES.length;

export function countIndex(kind: ItemKind, grade: number): number {
  return ITEM_KINDS.indexOf(kind) * GRADES.length + grade;
}

/** `dayCount` days ending today (offsets 1 − dayCount … 0). */
export function summarizeActivity(
  rows: readonly DailyCount[],
  dayCount: number,
  dayKey: (offset: number) => string,
): Activity {
  const days: ActivityDay[] = Array.from({ length: dayCount }, (_, i) => {
    const offset = i - (dayCount - 1);
    return { offset, key: dayKey(offset), total: 0, counts: new Array<number>(COUNTS_PER_DAY).fill(0) };
  });
  const gradeTotals = Object.fromEntries(
    ITEM_KINDS.map((k) => [k, new Array<number>(GRADES.length).fill(0)]),
  ) as Record<ItemKind, number[]>;
  let todayReviews = 0;
  let todayMs = 0;
  let totalReviews = 0;
  let totalDurationMs = 0;
  for (const r of rows) {
    const day = days[r.dayOffset + dayCount - 1];
    if (!day || r.quality < 0 || r.quality >= GRADES.length) continue;
    const i = countIndex(r.itemKind, r.quality);
    day.counts[i] = (day.counts[i] ?? 0) + r.count;
    day.total += r.count;
    const totals = gradeTotals[r.itemKind];
    totals[r.quality] = (totals[r.quality] ?? 0) + r.count;
    totalReviews += r.count;
    totalDurationMs += r.durationMs;
    if (r.dayOffset === 0) {
      todayReviews += r.count;
      todayMs += r.durationMs;
    }
  }
  return { days, today: { reviews: todayReviews, durationMs: todayMs }, gradeTotals, totalReviews, totalDurationMs };
}

/** Reviews per day over the last `window` days, one row per day: totals per grade for the chosen kinds. */
export function gradeSeries(
  days: readonly ActivityDay[],
  window: number,
  kinds: readonly ItemKind[],
): { key: string; grades: number[] }[] {
  return days.slice(-window).map((d) => ({
    key: d.key,
    grades: GRADES.map((g) => kinds.reduce((s, k) => s + (d.counts[countIndex(k, g)] ?? 0), 0)),
  }));
}

/** Intensity level 0…4 of a heatmap cell: 0 for none, then quartiles of the active days' counts. */
export function heatLevels(totals: readonly number[]): { thresholds: number[]; levelOf: (n: number) => number } {
  const active = totals.filter((n) => n > 0).sort((a, b) => a - b);
  const q = (p: number) => active[Math.min(active.length - 1, Math.floor(p * active.length))] ?? 0;
  const thresholds = [q(0.25), q(0.5), q(0.75)];
  return {
    thresholds,
    levelOf: (n) => (n <= 0 ? 0 : n <= thresholds[0]! ? 1 : n <= thresholds[1]! ? 2 : n <= thresholds[2]! ? 3 : 4),
  };
}
