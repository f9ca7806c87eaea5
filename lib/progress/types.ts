/**
 * The shapes the progress dashboard passes from the data layer to the page:
 * plain data (numbers, strings, ISO instants), so they cross the server →
 * client boundary unchanged.
 */

/** The three kinds of schedulable item; the prefix of every Item id ("card:…"). */
export type ItemKind = "card" | "exercise" | "code";
export const ITEM_KINDS: readonly ItemKind[] = ["card", "exercise", "code"];

/** SM-2 grades 0…5. */
export const GRADES = [0, 1, 2, 3, 4, 5] as const;

/** An item is "mature" from this interval on (Anki's threshold). */
export const MATURE_INTERVAL_DAYS = 21;

/** A grade at or above this is a pass (SM-2 step 6): one constant for the scheduler and the statistics. */
export { PASS_QUALITY } from "../srs/sm2";

export function itemKindOf(itemId: string): ItemKind {
  if (itemId.startsWith("exercise:")) return "exercise";
  if (itemId.startsWith("code:")) return "code";
  return "card";
}

/** Reviews and passes in one local clock hour (0…23). */
export interface HourStat {
  hour: number;
  total: number;
  passes: number;
}

export interface PassCount {
  passes: number;
  total: number;
}

export const NO_PASSES: Readonly<PassCount> = Object.freeze({ passes: 0, total: 0 });

/** passes / total, or null when nothing was counted (so a chart can leave a gap). */
export function rateOf(c: PassCount): number | null {
  return c.total > 0 ? c.passes / c.total : null;
}
