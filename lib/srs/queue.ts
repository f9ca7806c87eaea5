/**
 * The day's queue, in the order a learner meets it:
 * 1. due reviews, most overdue first, at most `maxReviewsPerDay` a day;
 * 2. new items in content order, at most `newPerDay` a day;
 * 3. today's re-drills (SM-2 step 7), the longest-waiting first; never capped.
 */
import type { DayContext } from "./day";
import { learnerDayStart } from "./day";
import type { ReviewKind, ScheduleState } from "./schedule";

export interface DailyLimits {
  newPerDay: number;
  maxReviewsPerDay: number;
}

/** Counts of today's (not undone) reviews by kind. */
export type DoneToday = Record<ReviewKind, number>;

export const NOTHING_DONE: Readonly<DoneToday> = Object.freeze({
  new: 0,
  review: 0,
  relearn: 0,
  practice: 0,
  drill: 0,
});

export interface RemainingLimits {
  newLimit: number;
  reviewLimit: number;
}

export function remainingLimits(limits: DailyLimits, done: DoneToday): RemainingLimits {
  return {
    newLimit: Math.max(0, limits.newPerDay - done.new),
    reviewLimit: Math.max(0, limits.maxReviewsPerDay - done.review),
  };
}

export interface QueueCandidate {
  itemId: string;
  position: number;
  state: ScheduleState;
}

export type QueueSection = "due" | "new" | "redrill";

export interface QueueEntry extends QueueCandidate {
  section: QueueSection;
}

/** Which section a candidate belongs to at `now`, or null if it is not due today. */
export function queueSectionOf(state: ScheduleState, now: Date, day: DayContext): QueueSection | null {
  if (state.status === "retired") return null;
  if (state.status === "new") return "new";
  const dayStart = learnerDayStart(now, day);
  const touchedToday = state.lastReviewedAt !== null && state.lastReviewedAt >= dayStart;
  if (touchedToday && state.redrill !== "none") return "redrill";
  if (!touchedToday && state.dueAt !== null && state.dueAt <= now) return "due";
  return null;
}

function byTime(a: Date | null, b: Date | null): number {
  return (a?.getTime() ?? 0) - (b?.getTime() ?? 0);
}

/**
 * Orders candidates into the day's queue and applies the remaining limits.
 * Candidates not due today are dropped, so the data layer may over-fetch.
 */
export function buildQueue(
  candidates: readonly QueueCandidate[],
  remaining: RemainingLimits,
  now: Date,
  day: DayContext,
): QueueEntry[] {
  const due: QueueEntry[] = [];
  const fresh: QueueEntry[] = [];
  const redrill: QueueEntry[] = [];
  for (const c of candidates) {
    const section = queueSectionOf(c.state, now, day);
    if (section === "due") due.push({ ...c, section });
    else if (section === "new") fresh.push({ ...c, section });
    else if (section === "redrill") redrill.push({ ...c, section });
  }
  due.sort((a, b) => byTime(a.state.dueAt, b.state.dueAt) || a.position - b.position);
  fresh.sort((a, b) => a.position - b.position || a.itemId.localeCompare(b.itemId));
  redrill.sort((a, b) => byTime(a.state.lastReviewedAt, b.state.lastReviewedAt) || a.position - b.position);
  return [...due.slice(0, remaining.reviewLimit), ...fresh.slice(0, remaining.newLimit), ...redrill];
}

/**
 * When the learner next has something to do after finishing today: the
 * earliest future due instant, or tomorrow's start if new items are waiting
 * behind today's limit.
 */
export function nextWorkAt(
  earliestFutureDue: Date | null,
  newItemsWaiting: boolean,
  now: Date,
  day: DayContext,
): Date | null {
  const tomorrow = learnerDayStart(now, day, 1);
  const candidates = [earliestFutureDue, newItemsWaiting ? tomorrow : null].filter((d): d is Date => d !== null);
  if (candidates.length === 0) return null;
  return new Date(Math.min(...candidates.map((d) => d.getTime())));
}
