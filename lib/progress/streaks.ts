/**
 * Study streaks: runs of consecutive learner days with at least one review.
 * Days are given as offsets from today (0 = today, −1 = yesterday), already
 * bucketed by the learner's day start and time zone.
 */

export interface Streaks {
  /** Days in the run that ends today, or yesterday if nothing is done yet today (the day is not over). */
  current: number;
  longest: number;
  /** Days with at least one review, ever. */
  activeDays: number;
}

export function computeStreaks(activeOffsets: Iterable<number>): Streaks {
  const days = [...new Set(activeOffsets)].filter((d) => d <= 0).sort((a, b) => a - b);
  let longest = 0;
  let run = 0;
  let previous: number | null = null;
  for (const d of days) {
    run = previous !== null && d === previous + 1 ? run + 1 : 1;
    longest = Math.max(longest, run);
    previous = d;
  }
  const active = new Set(days);
  let current = 0;
  let day = active.has(0) ? 0 : -1;
  while (active.has(day)) {
    current++;
    day--;
  }
  return { current, longest, activeDays: days.length };
}
