/**
 * True retention (Anki's "True Retention" table): the share of passes
 * (q ≥ 3) among the first review of the day of items already on a schedule,
 * split at MATURE_INTERVAL_DAYS of the interval before the review. Re-drills
 * later the same day, new items and on-demand drills are not retention tests
 * and are left out (the SQL marks which rows count).
 */
import { type PassCount, rateOf } from "./types";

export type RetentionClass = "young" | "mature";

export interface WeeklyRetention {
  /** 0 = the last 7 learner days (today included), 1 = the 7 before, … */
  weeksAgo: number;
  /** Label of the first learner day of the week. */
  startKey: string;
  young: PassCount;
  mature: PassCount;
  all: PassCount;
}

export interface TrendLine {
  /** Change in retention per week (fraction, e.g. 0.01 = +1 point a week). */
  slopePerWeek: number;
  /** Fitted retention at the oldest week shown. */
  intercept: number;
  /** Fitted value for each week, oldest first (same order as `weeks`). */
  fitted: number[];
}

/**
 * Ordinary least squares y = a + b·x over the points with a value
 * (x = week number, oldest = 0); null with fewer than two points.
 * b = Σ(x−x̄)(y−ȳ) / Σ(x−x̄)², a = ȳ − b·x̄
 * (https://en.wikipedia.org/wiki/Simple_linear_regression).
 */
export function leastSquares(values: readonly (number | null)[]): TrendLine | null {
  const points = values.flatMap((y, x) => (y === null ? [] : [{ x, y }]));
  if (points.length < 2) return null;
  const mx = points.reduce((s, p) => s + p.x, 0) / points.length;
  const my = points.reduce((s, p) => s + p.y, 0) / points.length;
  let sxy = 0;
  let sxx = 0;
  for (const p of points) {
    sxy += (p.x - mx) * (p.y - my);
    sxx += (p.x - mx) ** 2;
  }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  const intercept = my - slope * mx;
  return { slopePerWeek: slope, intercept, fitted: values.map((_, x) => intercept + slope * x) };
}

export interface RetentionSummary {
  /** Oldest week first. */
  weeks: WeeklyRetention[];
  trend: { young: TrendLine | null; mature: TrendLine | null; all: TrendLine | null };
  last30Days: { young: PassCount; mature: PassCount; all: PassCount };
  lastYear: { young: PassCount; mature: PassCount; all: PassCount };
}

export interface RetentionCount {
  dayOffset: number;
  cls: RetentionClass;
  passes: number;
  total: number;
}

const DAYS_PER_WEEK = 7;

function add(a: PassCount, passes: number, total: number): PassCount {
  return { passes: a.passes + passes, total: a.total + total };
}

/** Folds per-day counts (offsets ≤ 0) into `weekCount` weeks ending today, with trend lines. */
export function summarizeRetention(
  counts: readonly RetentionCount[],
  weekCount: number,
  dayKey: (offset: number) => string,
): RetentionSummary {
  const zero = { passes: 0, total: 0 };
  const weeks: WeeklyRetention[] = Array.from({ length: weekCount }, (_, i) => {
    const weeksAgo = weekCount - 1 - i;
    return {
      weeksAgo,
      startKey: dayKey(-(weeksAgo * DAYS_PER_WEEK + DAYS_PER_WEEK - 1)),
      young: zero,
      mature: zero,
      all: zero,
    };
  });
  let last30 = { young: zero, mature: zero, all: zero };
  let lastYear = { young: zero, mature: zero, all: zero };
  for (const c of counts) {
    if (c.dayOffset > 0) continue;
    const weeksAgo = Math.floor(-c.dayOffset / DAYS_PER_WEEK);
    const week = weeks[weekCount - 1 - weeksAgo];
    if (week) {
      week[c.cls] = add(week[c.cls], c.passes, c.total);
      week.all = add(week.all, c.passes, c.total);
    }
    if (c.dayOffset > -30)
      last30 = { ...last30, [c.cls]: add(last30[c.cls], c.passes, c.total), all: add(last30.all, c.passes, c.total) };
    if (c.dayOffset > -365)
      lastYear = {
        ...lastYear,
        [c.cls]: add(lastYear[c.cls], c.passes, c.total),
        all: add(lastYear.all, c.passes, c.total),
      };
  }
  return {
    weeks,
    trend: {
      young: leastSquares(weeks.map((w) => rateOf(w.young))),
      mature: leastSquares(weeks.map((w) => rateOf(w.mature))),
      all: leastSquares(weeks.map((w) => rateOf(w.all))),
    },
    last30Days: last30,
    lastYear,
  };
}
