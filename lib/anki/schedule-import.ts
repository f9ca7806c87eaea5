/**
 * From an Anki card and its review log to the app's SM-2 schedule and review
 * history. Pure: the clock (`now`) and the learner's zone and day start come
 * in as parameters.
 *
 * Sources (ankitects/anki at c32cb2913d6f4d21e06876265634c55d9d55ee69 unless
 * stated otherwise):
 * - rslib/src/scheduler/timing.rs: `sched_timing_today_v2_new` counts a day as
 *   the calendar dates between the collection's creation and now, less one
 *   before the rollover hour (`days_elapsed`); the legacy variant measures from
 *   `crt` moved to the rollover hour of its own date (`rollover_datetime`).
 *   Either way Anki's day N is the day of calendar date date(crt) + N.
 * - rslib/src/scheduler/filtered/card.rs: a card in a filtered deck keeps its
 *   home `due` in `odue`, and leaving the deck restores the queue from the
 *   type, seconds or day number told apart by `is_unix_epoch_timestamp`.
 * - rslib/src/revlog/mod.rs: revlog `ivl` is days when positive, seconds when
 *   negative; with FSRS `factor` is difficulty scaled to 100..1100.
 * - pylib/anki/scheduler/v1.py at 68092082f2d2f7d9ec91aae4129801d0f3da820b,
 *   `_answerLrnCard`: "ease 1=no, 2=yes, 3=remove" (3 graduates at once).
 */
import { type DayContext, isValidTimeZone, learnerDate, learnerDayStart, zonedWallTimeToInstant } from "@/lib/srs/day";
import { INITIAL_EASE_PERMILLE, MIN_EASE, type Quality, easeToPermille } from "@/lib/srs/sm2";
import { clampDurationMs, type ReviewKind } from "@/lib/srs/schedule";

import { AnkiFormatError } from "./errors";
import { ANKI_CARD_TYPE, ANKI_QUEUE, type AnkiCard, type AnkiCollectionFacts, type AnkiReview } from "./types";

/** The learner a card is imported for: their clock, zone and day start. */
export interface ImportLearner extends DayContext {
  now: Date;
}

export interface ImportedCardState {
  status: "new" | "active";
  repetitions: number;
  intervalDays: number;
  easePermille: number;
  dueAt: Date | null;
  lastReviewedAt: Date | null;
  suspended: boolean;
  buriedUntil: Date | null;
  redrill: "none" | "relearn";
  lapses: number;
}

export type ImportedReviewKind = Exclude<ReviewKind, "drill">;

export interface ImportedReviewBefore {
  reps: number;
  intervalDays: number;
  easePermille: number;
  dueAt: Date | null;
  status: "new" | "active";
  redrill: "none" | "relearn";
  lapses: number;
  lastReviewedAt: Date | null;
}

export interface ImportedReviewAfter {
  reps: number;
  intervalDays: number;
  easePermille: number;
  dueAt: Date | null;
}

/** The revlog row as Anki stored it, kept in the review log's detail. */
export interface AnkiReviewDetail {
  ease: number;
  ivl: number;
  lastIvl: number;
  factor: number;
  type: number;
  time: number;
}

export interface ImportedReview {
  /** The revlog id: its review time in Unix ms. */
  ankiId: number;
  reviewedAt: Date;
  kind: ImportedReviewKind;
  quality: Quality;
  durationMs: number;
  before: ImportedReviewBefore;
  after: ImportedReviewAfter;
  detail: { anki: AnkiReviewDetail };
}

export interface ConvertedReviews {
  /** In time order, one per graded revlog row. */
  reviews: ImportedReview[];
  /** Revlog rows that record a reschedule, not an answer: ease 0, type 4 (manual) or 5 (rescheduled). */
  skippedManualCount: number;
}

/** Revlog `type` codes (rslib/src/revlog/mod.rs `RevlogReviewKind`). */
const REVLOG_TYPE = { learn: 0, review: 1, relearn: 2, filtered: 3, manual: 4, rescheduled: 5 } as const;
const MANUAL_EASE = 0;
const AGAIN_EASE = 1;

/** Anki's `is_unix_epoch_timestamp` (timing.rs): a learning `due` above this is Unix seconds, else a day number. */
const UNIX_SECONDS_DUE_ABOVE = 1_000_000_000;

/** SM-2's floor on the ease (1.3, Wozniak 1990), which Anki's SM-2 also keeps. */
const MIN_EASE_PERMILLE = easeToPermille(MIN_EASE);
/**
 * Highest revlog factor read as an SM-2 ease (5.0): anything above is not an
 * ease this import trusts. FSRS writes difficulty as 100..1100
 * (revlog/mod.rs), below MIN_EASE_PERMILLE, so the range also tells the two apart.
 */
const MAX_SM2_EASE_PERMILLE = 5000;

/**
 * SM-2's I(1) = 1 and I(2) = 6 days: an interval of 6 days or more cannot
 * come from the first successful repetition, so the card has had at least two.
 */
const SECOND_SM2_INTERVAL_DAYS = 6;

const MS_PER_SECOND = 1000;

/**
 * Quality for Anki's buttons 1..4 (Again, Hard, Good, Easy) under the v2 and
 * v3 schedulers: Again is a failure (q < 3), Hard the weakest pass.
 */
const QUALITY_BY_EASE: Readonly<Record<number, Quality>> = { 1: 1, 2: 3, 3: 4, 4: 5 };
/** The v1 scheduler's learning buttons (`_answerLrnCard`): 1 Again, 2 Good, 3 Easy. */
const V1_LEARNING_QUALITY_BY_EASE: Readonly<Record<number, Quality>> = { 1: 1, 2: 4, 3: 5 };
const V1_SCHEDULER = 1;

function describeCard(card: AnkiCard): string {
  return `card ${card.id}`;
}

function checkLearner(learner: DayContext): void {
  if (!isValidTimeZone(learner.timeZone)) {
    throw new RangeError(`learner timeZone: expected an IANA time zone, got ${JSON.stringify(learner.timeZone)}`);
  }
  if (!Number.isInteger(learner.dayStartHour) || learner.dayStartHour < 0 || learner.dayStartHour > 23) {
    throw new RangeError(`learner dayStartHour: expected an integer 0..23, got ${String(learner.dayStartHour)}`);
  }
}

function checkReviewsBelongTo(card: AnkiCard, reviews: readonly AnkiReview[]): void {
  for (const review of reviews) {
    if (review.cardId !== card.id) {
      throw new RangeError(`revlog ${review.id} cid: expected ${describeCard(card)}, got card ${review.cardId}`);
    }
  }
}

function sortByTime(reviews: readonly AnkiReview[]): AnkiReview[] {
  return [...reviews].sort((a, b) => a.id - b.id);
}

/** Set due date, reset and FSRS rescheduling log a row with no button (revlog/mod.rs `has_rating`). */
function isManual(review: AnkiReview): boolean {
  return review.ease === MANUAL_EASE || review.type === REVLOG_TYPE.manual || review.type === REVLOG_TYPE.rescheduled;
}

/**
 * The start of the learner's day that has the calendar date of Anki's day
 * `ankiDay`. Anki's day 0 is the day of crt's own calendar date (its start is
 * crt moved to the rollover hour), so day N is date(crt) + N whatever the
 * rollover hour: the hour only says when that date's day begins in Anki, and
 * in the app it begins at the learner's `dayStartHour`. The collection does
 * not record the zone it was created in for every scheduler, so crt's date
 * is read in the learner's zone.
 */
function learnerDayStartOfAnkiDay(ankiDay: number, facts: AnkiCollectionFacts, learner: DayContext): Date {
  const created = learnerDate(new Date(facts.createdSeconds * MS_PER_SECOND), {
    timeZone: learner.timeZone,
    dayStartHour: 0,
  });
  const date = new Date(Date.UTC(created.year, created.month - 1, created.day + ankiDay));
  return zonedWallTimeToInstant(
    date.getUTCFullYear(),
    date.getUTCMonth() + 1,
    date.getUTCDate(),
    learner.dayStartHour,
    learner.timeZone,
  );
}

/** The card's due at home: `odue` while it sits in a filtered deck (filtered/card.rs restores it on leaving). */
function homeDue(card: AnkiCard): number {
  return card.originalDue !== null && card.originalDue !== 0 ? card.originalDue : card.due;
}

function isSm2EaseFactor(factor: number): boolean {
  return factor >= MIN_EASE_PERMILLE && factor <= MAX_SM2_EASE_PERMILLE;
}

/**
 * With FSRS on, `factor` holds difficulty, so the ease is the last one SM-2
 * wrote to the log. A learning row's factor is only the preset's starting
 * ease, not one the learner's answers produced.
 */
function lastSm2EaseFromLog(graded: readonly AnkiReview[]): number {
  for (let i = graded.length - 1; i >= 0; i--) {
    const review = graded[i];
    if (review && review.type !== REVLOG_TYPE.learn && isSm2EaseFactor(review.factor)) return review.factor;
  }
  return INITIAL_EASE_PERMILLE;
}

function cardEasePermille(card: AnkiCard, graded: readonly AnkiReview[], facts: AnkiCollectionFacts): number {
  if (facts.fsrsEnabled) return lastSm2EaseFromLog(graded);
  // Anki leaves `factor` 0 until a card first graduates.
  if (card.factorPermille <= 0) return INITIAL_EASE_PERMILLE;
  return Math.max(MIN_EASE_PERMILLE, card.factorPermille);
}

/**
 * SM-2's n after each graded row: a failure (Again) restarts it, a pass that
 * schedules in days adds one. Learning and relearning steps schedule in
 * seconds and add nothing, so the steps up to one graduation count once.
 */
function nextRepetitions(repetitions: number, review: AnkiReview): number {
  if (review.ease === AGAIN_EASE) return 0;
  return review.interval > 0 ? repetitions + 1 : repetitions;
}

function countRepetitions(graded: readonly AnkiReview[]): number {
  let repetitions = 0;
  for (const review of graded) repetitions = nextRepetitions(repetitions, review);
  return repetitions;
}

/**
 * A review card has graduated at least once. Without that graduation in the
 * log, n is inferred from the interval: SM-2's I(1) = 1 and I(2) = 6, so an
 * interval of 6 days or more means at least two repetitions.
 */
function reviewRepetitions(card: AnkiCard, graded: readonly AnkiReview[]): number {
  const counted = countRepetitions(graded);
  if (counted > 0) return counted;
  return card.intervalDays >= SECOND_SM2_INTERVAL_DAYS ? 2 : 1;
}

function checkCardType(card: AnkiCard): void {
  const types: readonly number[] = Object.values(ANKI_CARD_TYPE);
  if (!types.includes(card.type)) {
    throw new AnkiFormatError("bad-value", `${describeCard(card)} type: expected 0..3, got ${card.type}`);
  }
  if (!Number.isInteger(card.queue) || card.queue < ANKI_QUEUE.userBuried || card.queue > ANKI_QUEUE.preview) {
    throw new AnkiFormatError("bad-value", `${describeCard(card)} queue: expected -3..4, got ${card.queue}`);
  }
}

/** When a learning or relearning card is due: Unix seconds (queue 1) or a day number (queue 3, day learning). */
function learningDueAt(card: AnkiCard, facts: AnkiCollectionFacts, learner: DayContext): Date {
  const due = homeDue(card);
  if (due > UNIX_SECONDS_DUE_ABOVE) return new Date(due * MS_PER_SECOND);
  return learnerDayStartOfAnkiDay(due, facts, learner);
}

/**
 * The app's schedule for one Anki card. Suspended and buried cards (queue
 * -1, -2, -3) are read by their type, and cards in filtered decks by their
 * home `odue`, as Anki does when it unsuspends or empties the deck.
 */
export function convertCardState(
  card: AnkiCard,
  reviews: readonly AnkiReview[],
  facts: AnkiCollectionFacts,
  learner: ImportLearner,
): ImportedCardState {
  checkLearner(learner);
  checkCardType(card);
  checkReviewsBelongTo(card, reviews);
  const sorted = sortByTime(reviews);
  const graded = sorted.filter((review) => !isManual(review));
  const newest = graded.at(-1);
  const common = {
    easePermille: cardEasePermille(card, graded, facts),
    lapses: card.lapses,
    lastReviewedAt: newest === undefined ? null : new Date(newest.id),
    suspended: card.queue === ANKI_QUEUE.suspended,
    buriedUntil:
      card.queue === ANKI_QUEUE.schedulerBuried || card.queue === ANKI_QUEUE.userBuried
        ? learnerDayStart(learner.now, learner, 1)
        : null,
  };
  switch (card.type) {
    case ANKI_CARD_TYPE.new:
      return { ...common, status: "new", repetitions: 0, intervalDays: 0, dueAt: null, redrill: "none" };
    case ANKI_CARD_TYPE.review:
      return {
        ...common,
        status: "active",
        repetitions: reviewRepetitions(card, graded),
        intervalDays: Math.max(1, card.intervalDays),
        dueAt: learnerDayStartOfAnkiDay(homeDue(card), facts, learner),
        redrill: "none",
      };
    default:
      // Learning and relearning: mid-steps, before the first graduation or
      // after a lapse, where SM-2's n is 0 (step 6). Relearning keeps its ivl.
      return {
        ...common,
        status: "active",
        repetitions: 0,
        intervalDays: Math.max(0, card.intervalDays),
        dueAt: learningDueAt(card, facts, learner),
        redrill: card.type === ANKI_CARD_TYPE.relearning ? "relearn" : "none",
      };
  }
}

function qualityOf(review: AnkiReview, facts: AnkiCollectionFacts): Quality {
  const v1Learning =
    facts.schedulerVersion === V1_SCHEDULER &&
    (review.type === REVLOG_TYPE.learn || review.type === REVLOG_TYPE.relearn);
  const quality = (v1Learning ? V1_LEARNING_QUALITY_BY_EASE : QUALITY_BY_EASE)[review.ease];
  if (quality === undefined) {
    const expected = v1Learning ? "1..3 (v1 scheduler, learning)" : "1..4";
    throw new AnkiFormatError("bad-value", `revlog ${review.id} ease: expected ${expected}, got ${review.ease}`);
  }
  return quality;
}

function kindOf(review: AnkiReview, first: boolean): ImportedReviewKind {
  if (first) return "new";
  switch (review.type) {
    case REVLOG_TYPE.learn:
      return "practice";
    case REVLOG_TYPE.review:
    case REVLOG_TYPE.filtered:
      return "review";
    case REVLOG_TYPE.relearn:
      return "relearn";
    default:
      throw new AnkiFormatError("bad-value", `revlog ${review.id} type: expected 0..5, got ${review.type}`);
  }
}

/** A failed answer while the card had a day interval: Anki counts a lapse. */
function isLapse(review: AnkiReview): boolean {
  return (
    review.ease === AGAIN_EASE &&
    review.lastInterval > 0 &&
    (review.type === REVLOG_TYPE.review || review.type === REVLOG_TYPE.filtered)
  );
}

function dueAfter(review: AnkiReview, reviewedAt: Date, learner: DayContext): Date {
  if (review.interval < 0) return new Date(reviewedAt.getTime() - review.interval * MS_PER_SECOND);
  if (review.interval === 0) return reviewedAt;
  return learnerDayStart(reviewedAt, learner, review.interval);
}

function checkReviewType(review: AnkiReview): void {
  const types: readonly number[] = Object.values(REVLOG_TYPE);
  if (!types.includes(review.type)) {
    throw new AnkiFormatError("bad-value", `revlog ${review.id} type: expected 0..5, got ${review.type}`);
  }
}

/**
 * One review-log row per graded revlog row of `card`, in time order, each
 * with the schedule before and after it: the after of one row is the before
 * of the next. Intervals come from `ivl` (seconds count as 0 days), the ease
 * from `factor` when it is an SM-2 ease (else the one before), the due from
 * the review time plus `ivl`, days landing on the learner's day start.
 */
export function convertReviews(
  card: AnkiCard,
  reviews: readonly AnkiReview[],
  facts: AnkiCollectionFacts,
  learner: DayContext,
): ConvertedReviews {
  checkLearner(learner);
  checkReviewsBelongTo(card, reviews);
  const sorted = sortByTime(reviews);
  for (const review of sorted) checkReviewType(review);
  const graded = sorted.filter((review) => !isManual(review));
  // A log that starts after some lapses (history trimmed in Anki) starts
  // from the lapses it does not show, so the last row ends at the card's.
  const lapsesInLog = graded.filter(isLapse).length;
  let before: ImportedReviewBefore = {
    reps: 0,
    intervalDays: Math.max(0, graded[0]?.lastInterval ?? 0),
    easePermille: INITIAL_EASE_PERMILLE,
    dueAt: null,
    status: "new",
    redrill: "none",
    lapses: Math.max(0, card.lapses - lapsesInLog),
    lastReviewedAt: null,
  };
  const converted = graded.map((review, index): ImportedReview => {
    const reviewedAt = new Date(review.id);
    const easeIsSm2 = isSm2EaseFactor(review.factor) && !(facts.fsrsEnabled && review.type === REVLOG_TYPE.learn);
    const after: ImportedReviewAfter = {
      reps: nextRepetitions(before.reps, review),
      intervalDays: Math.max(0, review.interval),
      easePermille: easeIsSm2 ? review.factor : before.easePermille,
      dueAt: dueAfter(review, reviewedAt, learner),
    };
    const row: ImportedReview = {
      ankiId: review.id,
      reviewedAt,
      kind: kindOf(review, index === 0),
      quality: qualityOf(review, facts),
      durationMs: clampDurationMs(review.durationMs),
      before,
      after,
      detail: {
        anki: {
          ease: review.ease,
          ivl: review.interval,
          lastIvl: review.lastInterval,
          factor: review.factor,
          type: review.type,
          time: review.durationMs,
        },
      },
    };
    before = {
      ...after,
      status: "active",
      redrill:
        review.ease === AGAIN_EASE || (review.type === REVLOG_TYPE.relearn && review.interval < 0) ? "relearn" : "none",
      lapses: before.lapses + (isLapse(review) ? 1 : 0),
      lastReviewedAt: reviewedAt,
    };
    return row;
  });
  return { reviews: converted, skippedManualCount: sorted.length - graded.length };
}
