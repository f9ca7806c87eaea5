/**
 * The learner's review log as FSRS sees it: each card's reviews in time
 * order with the learner days between them, FSRS training items, and the
 * rating shares and median durations the workload simulator needs.
 *
 * Only reviews that changed the schedule count: first reviews, reviews and
 * relearning re-drills ("new", "review", "relearn"), never undone ones, never
 * same-day practice re-drills or on-demand drills, which FSRS must not see
 * as reviews (they neither follow its intervals nor change its state).
 */
import type { CardReview, FsrsTrainingItem } from "./calibration";
import { toFsrsRating } from "./calibration";
import type { DayContext } from "./day";
import { zoneOffsetMs } from "./day";
import { DEFAULT_SIMULATOR_CONFIG, type SimulatorConfig } from "./simulate";
import { type Quality, isQuality } from "./sm2";

export const FSRS_REVIEW_KINDS = ["new", "review", "relearn"] as const;
export type FsrsReviewKind = (typeof FSRS_REVIEW_KINDS)[number];

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export interface LoggedReview {
  itemId: string;
  reviewedAt: Date;
  quality: number;
  kind: string;
  durationMs: number;
}

export interface CardHistory {
  itemId: string;
  reviews: (CardReview & { kind: FsrsReviewKind; durationMs: number })[];
}

function isFsrsKind(kind: string): kind is FsrsReviewKind {
  return (FSRS_REVIEW_KINDS as readonly string[]).includes(kind);
}

/** The learner-day number of an instant (days since the epoch, in the learner's zone and day start). */
function createDayNumberer(day: DayContext): (at: Date) => number {
  // One zone lookup per hour of the log rather than per review: offsets change on whole hours at most.
  const offsets = new Map<number, number>();
  return (at) => {
    const ms = at.getTime();
    const hour = Math.floor(ms / HOUR_MS);
    let offset = offsets.get(hour);
    if (offset === undefined) {
      offset = zoneOffsetMs(at, day.timeZone);
      offsets.set(hour, offset);
    }
    return Math.floor((ms + offset - day.dayStartHour * HOUR_MS) / DAY_MS);
  };
}

/**
 * Groups log rows (any order) into each card's reviews in time order, with
 * the learner days since the card's previous review (0 for the first and
 * for same-day reviews). A row with a grade outside 0–5 is refused.
 */
export function groupCardHistories(rows: readonly LoggedReview[], day: DayContext): CardHistory[] {
  const dayOf = createDayNumberer(day);
  const byItem = new Map<string, LoggedReview[]>();
  for (const row of rows) {
    if (!isFsrsKind(row.kind)) continue;
    if (!isQuality(row.quality)) {
      throw new RangeError(
        `review of ${row.itemId} at ${row.reviewedAt.toISOString()}: quality must be 0..5, got ${row.quality}`,
      );
    }
    const list = byItem.get(row.itemId);
    if (list) list.push(row);
    else byItem.set(row.itemId, [row]);
  }
  const out: CardHistory[] = [];
  for (const [itemId, list] of byItem) {
    list.sort((a, b) => a.reviewedAt.getTime() - b.reviewedAt.getTime());
    let previousDay: number | null = null;
    const reviews = list.map((row) => {
      const dayNumber = dayOf(row.reviewedAt);
      const deltaDays = previousDay === null ? 0 : Math.max(0, dayNumber - previousDay);
      previousDay = dayNumber;
      return {
        quality: row.quality as Quality,
        deltaDays,
        order: row.reviewedAt.getTime(),
        kind: row.kind as FsrsReviewKind,
        durationMs: row.durationMs,
      };
    });
    out.push({ itemId, reviews });
  }
  return out.sort((a, b) => (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0));
}

/**
 * fsrs-rs refuses (the binding aborts the process on) an item with no review
 * a day or more after the one before (fsrs-rs src/dataset.rs).
 */
export function hasLongTermReview(item: FsrsTrainingItem): boolean {
  for (let k = 1; k < item.length; k++) if (item[k]!.deltaT > 0) return true;
  return false;
}

/**
 * FSRS's training items: for every review after a card's first, the card's
 * reviews up to and including it, if one of them came a day or more after
 * the one before.
 */
export function buildFsrsTrainingItems(cards: readonly CardHistory[]): FsrsTrainingItem[] {
  const items: FsrsTrainingItem[] = [];
  for (const { reviews } of cards) {
    const sequence = reviews.map((r) => ({ rating: toFsrsRating(r.quality), deltaT: r.deltaDays }));
    for (let k = 1; k < sequence.length; k++) {
      const item = sequence.slice(0, k + 1);
      if (hasLongTermReview(item)) items.push(item);
    }
  }
  return items;
}

export function countReviews(cards: readonly CardHistory[]): number {
  let n = 0;
  for (const c of cards) n += c.reviews.length;
  return n;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

type Row4 = [number, number, number, number];

/**
 * The simulator's costs and rating shares from the learner's own log:
 * median seconds per rating of first reviews, reviews and relearning
 * re-drills, the ratings of first reviews, and Hard/Good/Easy among recalled
 * reviews. Where the log has nothing, fsrs-rs's defaults stand.
 */
export function measureSimulatorInputs(
  cards: readonly CardHistory[],
): Pick<SimulatorConfig, "stateRatingCostsSeconds" | "firstRatingProbabilities" | "reviewRatingProbabilities"> {
  const durations: number[][][] = [0, 1, 2].map(() => [[], [], [], []]);
  const first: Row4 = [0, 0, 0, 0];
  const recalled = [0, 0, 0];
  const rowOf: Record<FsrsReviewKind, number> = { new: 0, review: 1, relearn: 2 };
  for (const { reviews } of cards) {
    reviews.forEach((r, position) => {
      const rating = toFsrsRating(r.quality);
      durations[rowOf[r.kind]]![rating - 1]!.push(r.durationMs / 1000);
      if (position === 0) first[rating - 1]! += 1;
      else if (r.kind === "review" && rating > 1) recalled[rating - 2]! += 1;
    });
  }
  const defaults = DEFAULT_SIMULATOR_CONFIG;
  const costs = durations.map((row, s) =>
    row.map((values, rating) => median(values) ?? defaults.stateRatingCostsSeconds[s]![rating]!),
  ) as [Row4, Row4, Row4];
  const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
  return {
    stateRatingCostsSeconds: costs,
    firstRatingProbabilities:
      sum(first) > 0 ? (first.map((n) => n / sum(first)) as Row4) : defaults.firstRatingProbabilities,
    reviewRatingProbabilities:
      sum(recalled) > 0
        ? (recalled.map((n) => n / sum(recalled)) as [number, number, number])
        : defaults.reviewRatingProbabilities,
  };
}
