/**
 * FSRS-6 beside SM-2, through ts-fsrs 5.4.2
 * (https://github.com/open-spaced-repetition/ts-fsrs, packages/fsrs/src).
 *
 * Pure: the clock, the learner's day and the parameters come in as
 * arguments. ts-fsrs runs with fuzz off (so every result reproduces) and
 * short-term steps off: the app's own same-day re-drills do that job, as
 * under SM-2 (a failed item is relearned today; a q = 3 item is practised
 * today without changing its state). Elapsed time is counted in learner
 * days (lib/srs/day.ts), the unit FSRS's intervals are in.
 */
import {
  type Card,
  type FSRS,
  type Grade,
  Rating,
  State,
  createEmptyCard,
  default_maximum_interval,
  default_w,
  fsrs,
} from "ts-fsrs";
import { type DayContext, learnerDate, learnerDayStart } from "./day";
import {
  type ReviewKind,
  type ReviewOutcome,
  type ReviewPreview,
  type ScheduleState,
  lapsesAfter,
  practiceOutcome,
  previewReview,
  reviewKindOf,
} from "./schedule";
import { PASS_QUALITY, type Quality, QUALITIES, REDRILL_BELOW_QUALITY, permilleToEase } from "./sm2";

export type SchedulerName = "sm2" | "fsrs";
export const SCHEDULER_NAMES: readonly SchedulerName[] = ["sm2", "fsrs"];

/** The desired retention a learner may choose (issue scope: 0.70 to 0.97, default 0.9). */
export const MIN_DESIRED_RETENTION = 0.7;
export const MAX_DESIRED_RETENTION = 0.97;
export const DEFAULT_DESIRED_RETENTION = 0.9;
/** ts-fsrs's default cap on an interval (100 years). */
export const DEFAULT_MAXIMUM_INTERVAL_DAYS = default_maximum_interval;
/** FSRS-6's default parameters as ts-fsrs 5.4.2 ships them (the same as fsrs-rs's DEFAULT_PARAMETERS). */
export const DEFAULT_FSRS_WEIGHTS: readonly number[] = Object.freeze([...default_w]);
/**
 * The recall rate assumed for SM-2's intervals when a memory state is
 * seeded from them: Anki's default "historical retention" (0.9), at which
 * fsrs-rs's memory_state_from_sm2 makes the stability equal the interval.
 */
export const SM2_HISTORICAL_RETENTION = 0.9;
/** Parameter counts ts-fsrs accepts: FSRS-4.5 (17), FSRS-5 (19, migrated) and FSRS-6 (21). */
export const FSRS_WEIGHT_COUNTS: readonly number[] = [17, 19, 21];

/** fsrs-rs src/simulation.rs: S_MIN, D_MIN, D_MAX. */
const STABILITY_MIN_DAYS = 0.001;
const DIFFICULTY_MIN = 1;
const DIFFICULTY_MAX = 10;

const MS_PER_DAY = 86_400_000;

export interface FsrsParams {
  /** 21 FSRS-6 weights (17 or 19 are migrated by ts-fsrs). */
  weights: readonly number[];
  /** 0.70..0.97: the recall probability at which an item falls due. */
  desiredRetention: number;
  maximumIntervalDays: number;
}

export const DEFAULT_FSRS_PARAMS: Readonly<FsrsParams> = Object.freeze({
  weights: DEFAULT_FSRS_WEIGHTS,
  desiredRetention: DEFAULT_DESIRED_RETENTION,
  maximumIntervalDays: DEFAULT_MAXIMUM_INTERVAL_DAYS,
});

export interface FsrsMemory {
  /** Days until recall probability falls to 90%. */
  stability: number;
  /** 1 (easy) .. 10 (hard). */
  difficulty: number;
}

export interface FsrsStep {
  memory: FsrsMemory;
  /** FSRS's next interval in whole days (≥ 1). */
  intervalDays: number;
}

export type FsrsPreview = Record<Grade, FsrsStep>;

/** Which scheduler computes a learner's reviews, with FSRS's parameters when it is FSRS. */
export type SchedulerChoice = { name: "sm2" } | { name: "fsrs"; params: FsrsParams };

export const SM2_SCHEDULER: SchedulerChoice = Object.freeze({ name: "sm2" });

/** The app's 0–5 grade as an FSRS rating (issue scope): 0–2 Again, 3 Hard, 4 Good, 5 Easy. */
export function fsrsRatingOf(quality: Quality): Grade {
  if (quality < PASS_QUALITY) return Rating.Again;
  if (quality === PASS_QUALITY) return Rating.Hard;
  if (quality < 5) return Rating.Good;
  return Rating.Easy;
}

/** Refuses parameters ts-fsrs would silently replace or that make no schedule, naming what is wrong. */
export function checkFsrsParams(params: FsrsParams): FsrsParams {
  const { weights, desiredRetention, maximumIntervalDays } = params;
  if (!FSRS_WEIGHT_COUNTS.includes(weights.length) || !weights.every(Number.isFinite))
    throw new RangeError(`FSRS weights must be 17, 19 or 21 finite numbers, got ${weights.length}`);
  if (!(desiredRetention >= MIN_DESIRED_RETENTION && desiredRetention <= MAX_DESIRED_RETENTION))
    throw new RangeError(
      `desired retention must be from ${MIN_DESIRED_RETENTION} to ${MAX_DESIRED_RETENTION}, got ${desiredRetention}`,
    );
  if (!Number.isInteger(maximumIntervalDays) || maximumIntervalDays < 1)
    throw new RangeError(`maximum interval must be a whole number of days ≥ 1, got ${maximumIntervalDays}`);
  return params;
}

const SCHEDULER_CACHE_SIZE = 32;
const schedulers = new Map<string, FSRS>();

/** One ts-fsrs instance per parameter set: building one clips and migrates the weights every time. */
function schedulerFor(params: FsrsParams): FSRS {
  const key = `${params.weights.join(",")}|${params.desiredRetention}|${params.maximumIntervalDays}`;
  let scheduler = schedulers.get(key);
  if (!scheduler) {
    checkFsrsParams(params);
    scheduler = fsrs({
      w: [...params.weights],
      request_retention: params.desiredRetention,
      maximum_interval: params.maximumIntervalDays,
      enable_fuzz: false,
      enable_short_term: false,
    });
    if (schedulers.size >= SCHEDULER_CACHE_SIZE) schedulers.clear();
    schedulers.set(key, scheduler);
  }
  return scheduler;
}

/** A UTC midnight: ts-fsrs counts elapsed days between UTC calendar dates, so whole days from it are exact. */
const REFERENCE_DAY = Date.UTC(2000, 0, 1);

/**
 * FSRS's outcome of every rating for an item in `memory` (null: never
 * reviewed) reviewed `elapsedDays` after its last review: ts-fsrs's
 * long-term scheduler (`repeat`), the one FSRS runs without short-term
 * steps, so a same-day review (elapsed 0) changes difficulty but, at
 * retrievability 1, not a recalled item's stability.
 */
export function nextFsrsSteps(memory: FsrsMemory | null, elapsedDays: number, params: FsrsParams): FsrsPreview {
  if (!Number.isInteger(elapsedDays) || elapsedDays < 0)
    throw new RangeError(`elapsed days must be a whole number ≥ 0, got ${elapsedDays}`);
  const last = new Date(REFERENCE_DAY);
  const card: Card = memory
    ? {
        ...createEmptyCard(last),
        stability: memory.stability,
        difficulty: memory.difficulty,
        state: State.Review,
        reps: 1,
        last_review: last,
      }
    : createEmptyCard(last);
  const record = schedulerFor(params).repeat(card, new Date(REFERENCE_DAY + elapsedDays * MS_PER_DAY));
  const step = (grade: Grade): FsrsStep => {
    const next = record[grade].card;
    return {
      memory: { stability: next.stability, difficulty: next.difficulty },
      intervalDays: next.scheduled_days,
    };
  };
  return {
    [Rating.Again]: step(Rating.Again),
    [Rating.Hard]: step(Rating.Hard),
    [Rating.Good]: step(Rating.Good),
    [Rating.Easy]: step(Rating.Easy),
  };
}

/** Whole learner days from the day of `earlier` to the day of `later` (0 on the same learner day). */
export function learnerDaysBetween(earlier: Date, later: Date, day: DayContext): number {
  const a = learnerDate(earlier, day);
  const b = learnerDate(later, day);
  return Math.max(
    0,
    Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / MS_PER_DAY),
  );
}

/**
 * Elapsed learner days at a review: since the last review; for an active
 * item never reviewed (given a due date by hand), its interval, as if it had
 * been reviewed when it was last scheduled.
 */
function elapsedDaysAt(lastReviewedAt: Date | null, intervalDays: number, now: Date, day: DayContext): number {
  return lastReviewedAt === null ? Math.max(0, intervalDays) : learnerDaysBetween(lastReviewedAt, now, day);
}

/**
 * A memory state from SM-2's ease and interval alone, ported from fsrs-rs
 * 6.6.1 src/inference.rs, `FSRS::memory_state_from_sm2`: the stability is the
 * interval rescaled from `retention` to 90% on FSRS-6's forgetting curve
 * (R = (1 + factor·t/S)^−decay), and the difficulty is the one at which a
 * successful review at that retention multiplies the stability by the ease.
 * At retention 0.9 the stability equals the interval; interval 10 and ease
 * 2.5 give S = 10, D ≈ 6.914 (fsrs-rs `test_memory_from_sm2`).
 */
export function fsrsStateFromSm2(
  intervalDays: number,
  easePermille: number,
  retention: number,
  weights: readonly number[] = DEFAULT_FSRS_WEIGHTS,
): FsrsMemory {
  const w = (i: number): number => {
    const value = weights[i];
    if (value === undefined)
      throw new RangeError(`FSRS weights need 21 numbers for the SM-2 conversion, got ${weights.length}`);
    return value;
  };
  const decay = -w(20);
  const factor = 0.9 ** (1 / decay) - 1;
  const stability = (Math.max(intervalDays, STABILITY_MIN_DAYS) * factor) / (retention ** (1 / decay) - 1);
  const difficulty =
    11 -
    (permilleToEase(easePermille) - 1) / (Math.exp(w(8)) * stability ** -w(9) * Math.expm1((1 - retention) * w(10)));
  if (!Number.isFinite(stability) || !Number.isFinite(difficulty))
    throw new RangeError(
      `No FSRS memory state for SM-2 interval ${intervalDays} d, ease ${easePermille}‰ at retention ${retention}`,
    );
  return { stability, difficulty: Math.min(DIFFICULTY_MAX, Math.max(DIFFICULTY_MIN, difficulty)) };
}

/** One past review, as the log holds it. */
export interface PastReview {
  quality: Quality;
  reviewedAt: Date;
}

/** Where a replay starts when the log does not reach back to the first review. */
export interface ReplayStart {
  memory: FsrsMemory;
  lastReviewedAt: Date | null;
  intervalDays: number;
}

/**
 * The memory state after replaying `reviews` (in time order) through FSRS,
 * as ts-fsrs `reschedule` replays a card's log with `next`: from a new card,
 * or from `start` for a log that begins after the item was learned. Each
 * step is the one a live review takes (nextFsrsSteps, elapsed learner days),
 * so a log written under FSRS replays to the state it left. Null when there
 * is nothing to replay.
 */
export function fsrsStateFromHistory(
  reviews: readonly PastReview[],
  day: DayContext,
  params: FsrsParams,
  start: ReplayStart | null = null,
): FsrsMemory | null {
  let memory = start?.memory ?? null;
  let lastReviewedAt = start?.lastReviewedAt ?? null;
  let intervalDays = start?.intervalDays ?? 0;
  for (const review of reviews) {
    if (lastReviewedAt !== null && review.reviewedAt < lastReviewedAt)
      throw new RangeError(`reviews must be in time order: ${review.reviewedAt.toISOString()} comes after a later one`);
    const elapsed = memory === null ? 0 : elapsedDaysAt(lastReviewedAt, intervalDays, review.reviewedAt, day);
    const step = nextFsrsSteps(memory, elapsed, params)[fsrsRatingOf(review.quality)];
    memory = step.memory;
    intervalDays = step.intervalDays;
    lastReviewedAt = review.reviewedAt;
  }
  return memory;
}

/** The memory state FSRS starts from for `state`: its own, else seeded from SM-2, else none (new). */
function memoryOf(state: ScheduleState, weights: readonly number[]): FsrsMemory | null {
  if (state.status === "new") return null;
  if (state.stability !== null && state.difficulty !== null)
    return { stability: state.stability, difficulty: state.difficulty };
  return fsrsStateFromSm2(state.intervalDays, state.easePermille, SM2_HISTORICAL_RETENTION, weights);
}

function fsrsOutcome(
  state: ScheduleState,
  kind: ReviewKind,
  quality: Quality,
  steps: FsrsPreview,
  now: Date,
  day: DayContext,
): ReviewOutcome {
  const step = steps[fsrsRatingOf(quality)];
  const failed = quality < PASS_QUALITY;
  const intervalDays = failed ? 0 : step.intervalDays;
  return {
    quality,
    kind,
    next: {
      status: "active",
      // Counted as SM-2 counts them, so SM-2 continues from FSRS's last interval after a switch back.
      repetitions: failed ? 0 : state.repetitions + 1,
      intervalDays,
      easePermille: state.easePermille,
      // A failed item is relearned today, as under SM-2; a passed one is due at
      // the start of the learner day `intervalDays` from today.
      dueAt: failed ? now : learnerDayStart(now, day, intervalDays),
      lapses: lapsesAfter(state, kind, failed),
      lastReviewedAt: now,
      redrill: failed ? "relearn" : quality < REDRILL_BELOW_QUALITY ? "practice" : "none",
      stability: step.memory.stability,
      difficulty: step.memory.difficulty,
    },
  };
}

/**
 * The outcome of each grade 0..5 for `state` reviewed at `now` under FSRS:
 * the same kinds and re-drills as previewReview, FSRS's memory state and
 * interval in place of SM-2's (ease unchanged).
 */
export function previewFsrsReview(state: ScheduleState, now: Date, day: DayContext, params: FsrsParams): ReviewPreview {
  const kind = reviewKindOf(state, now, day);
  if (kind === "practice")
    return Object.fromEntries(QUALITIES.map((q) => [q, practiceOutcome(state, q, now)])) as ReviewPreview;
  const memory = memoryOf(state, params.weights);
  const elapsed = memory === null ? 0 : elapsedDaysAt(state.lastReviewedAt, state.intervalDays, now, day);
  const steps = nextFsrsSteps(memory, elapsed, params);
  return Object.fromEntries(QUALITIES.map((q) => [q, fsrsOutcome(state, kind, q, steps, now, day)])) as ReviewPreview;
}

/** Every grade's outcome under the learner's scheduler. */
export function previewFor(
  scheduler: SchedulerChoice,
  state: ScheduleState,
  now: Date,
  day: DayContext,
): ReviewPreview {
  return scheduler.name === "fsrs"
    ? previewFsrsReview(state, now, day, scheduler.params)
    : previewReview(state, now, day);
}
