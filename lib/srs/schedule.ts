/**
 * From SM-2 to a schedule: due instants, lapses, re-drills and the kind of
 * each review. `previewReview` returns the outcome of every grade at once; the
 * grade buttons are labelled from it and the write applies one of its
 * entries, so the two can never disagree.
 */
import { type DayContext, learnerDayStart } from "./day";
import {
  INITIAL_EASE_PERMILLE,
  PASS_QUALITY,
  type Quality,
  QUALITIES,
  REDRILL_BELOW_QUALITY,
  easeToPermille,
  permilleToEase,
  reviewSm2,
} from "./sm2";

export type ItemStatus = "new" | "active" | "retired";
export type Redrill = "none" | "relearn" | "practice";
/**
 * "drill" is an exercise solved on demand outside the schedule: logged for
 * progress and replay, never changing the SM-2 state.
 */
export type ReviewKind = "new" | "review" | "relearn" | "practice" | "drill";

export const ITEM_STATUSES: readonly ItemStatus[] = ["new", "active", "retired"];
export const REDRILLS: readonly Redrill[] = ["none", "relearn", "practice"];
export const REVIEW_KINDS: readonly ReviewKind[] = ["new", "review", "relearn", "practice", "drill"];
/** Kinds given in the daily review: the only ones undo reaches (a drill changes no state to undo). */
export const SCHEDULED_REVIEW_KINDS: readonly ReviewKind[] = ["new", "review", "relearn", "practice"];

/** Longest single review recorded; longer means the learner walked away from the screen. */
export const MAX_REVIEW_DURATION_MS = 60 * 60 * 1000;

/** The duration stored for a review: whole milliseconds in [0, MAX_REVIEW_DURATION_MS]. */
export function clampDurationMs(durationMs: number): number {
  if (Number.isNaN(durationMs)) return 0;
  return Math.min(MAX_REVIEW_DURATION_MS, Math.max(0, Math.round(durationMs)));
}

export interface ScheduleState {
  status: ItemStatus;
  repetitions: number;
  intervalDays: number;
  easePermille: number;
  dueAt: Date | null;
  lapses: number;
  lastReviewedAt: Date | null;
  redrill: Redrill;
  /**
   * FSRS's memory state (stability in days, difficulty 1..10): null until
   * FSRS has seen the item. SM-2 passes both through unchanged.
   */
  stability: number | null;
  difficulty: number | null;
}

export const NEW_SCHEDULE: Readonly<ScheduleState> = Object.freeze({
  status: "new",
  repetitions: 0,
  intervalDays: 0,
  easePermille: INITIAL_EASE_PERMILLE,
  dueAt: null,
  lapses: 0,
  lastReviewedAt: null,
  redrill: "none",
  stability: null,
  difficulty: null,
});

export interface ReviewOutcome {
  quality: Quality;
  kind: ReviewKind;
  next: ScheduleState;
}

export type ReviewPreview = Record<Quality, ReviewOutcome>;

/** True when the item was already graded during the learner day of `now`. */
function reviewedToday(state: ScheduleState, now: Date, day: DayContext): boolean {
  return state.lastReviewedAt !== null && state.lastReviewedAt >= learnerDayStart(now, day);
}

/**
 * What kind of review grading `state` now would be:
 * - "practice": a q = 3 re-drill (SM-2 step 7); changes no SM-2 state.
 * - "relearn": a re-drill of an item failed earlier today; a real review.
 * - "new": the first review ever; "review": any other due item.
 */
export function reviewKindOf(state: ScheduleState, now: Date, day: DayContext): ReviewKind {
  if (state.status === "new") return "new";
  if (state.redrill === "practice" && reviewedToday(state, now, day)) return "practice";
  if (state.redrill === "relearn" && reviewedToday(state, now, day)) return "relearn";
  return "review";
}

/**
 * A q = 3 re-drill under either scheduler: it changes no schedule state; it
 * only ends the re-drill (q ≥ 4) or keeps it, and moves the item to the back
 * of the re-drill line.
 */
export function practiceOutcome(state: ScheduleState, quality: Quality, now: Date): ReviewOutcome {
  return {
    quality,
    kind: "practice",
    next: { ...state, lastReviewedAt: now, redrill: quality >= REDRILL_BELOW_QUALITY ? "none" : "practice" },
  };
}

/**
 * A lapse is forgetting something once learned, not failing a new item or
 * failing again while relearning it (both schedulers count lapses so).
 */
export function lapsesAfter(state: ScheduleState, kind: ReviewKind, failed: boolean): number {
  return state.lapses + (failed && kind === "review" && state.repetitions > 0 ? 1 : 0);
}

function outcomeFor(state: ScheduleState, quality: Quality, now: Date, day: DayContext): ReviewOutcome {
  const kind = reviewKindOf(state, now, day);
  if (kind === "practice") return practiceOutcome(state, quality, now);
  const result = reviewSm2(
    {
      repetitions: state.repetitions,
      intervalDays: state.intervalDays,
      easeFactor: permilleToEase(state.easePermille),
    },
    quality,
  );
  const failed = quality < PASS_QUALITY;
  const next: ScheduleState = {
    status: "active",
    repetitions: result.repetitions,
    intervalDays: result.intervalDays,
    easePermille: easeToPermille(result.easeFactor),
    // A failed item is due again at once; a passed one at the start of the
    // learner day `intervalDays` from today.
    dueAt: failed ? now : learnerDayStart(now, day, result.intervalDays),
    lapses: lapsesAfter(state, kind, failed),
    lastReviewedAt: now,
    redrill: failed ? "relearn" : result.redrillToday ? "practice" : "none",
    stability: state.stability,
    difficulty: state.difficulty,
  };
  return { quality, kind, next };
}

/** The outcome of each grade 0..5 for `state` reviewed at `now`. */
export function previewReview(state: ScheduleState, now: Date, day: DayContext): ReviewPreview {
  const entries = QUALITIES.map((q) => [q, outcomeFor(state, q, now, day)] as const);
  return Object.fromEntries(entries) as ReviewPreview;
}
