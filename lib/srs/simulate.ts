/**
 * A year of study, simulated: how many reviews and how much time each day a
 * scheduler asks for, and how often the learner recalls.
 *
 * Ported from fsrs-rs `simulate` (open-spaced-repetition/fsrs-rs,
 * src/simulation.rs: `simulate_inner`, `memory_state_short_term`,
 * `stability_after_success`, `stability_after_failure`,
 * `stability_short_term`, `next_d`, `init_s`, `init_d`, `next_interval`).
 * Memory is FSRS-6's model whichever scheduler runs: each card carries a
 * stability and a difficulty, recall on a review is drawn with FSRS's
 * forgetting curve (ts-fsrs `forgetting_curve`), and only the next interval
 * depends on the scheduler: FSRS's interval at the desired retention, or
 * SM-2's (lib/srs/sm2.ts, exact). Differences from the original: the seeded
 * generator is the app's (lib/random), so streams differ from Rust's StdRng;
 * a day's due cards are taken in fsrs-rs's priority order (reviews before new
 * cards, lower difficulty first) with ties broken by card index; there is no
 * cost-ADR policy, post-scheduling hook, suspension or pre-existing deck.
 */
import { forgetting_curve } from "ts-fsrs";
import { createRng, type Rng } from "../random";
import { INITIAL_SM2, type Quality, reviewSm2, type Sm2State } from "./sm2";

/** FSRS ratings: 1 Again, 2 Hard, 3 Good, 4 Easy. */
export type FsrsRating = 1 | 2 | 3 | 4;

const S_MIN = 0.001;
const S_MAX = 36500;
const D_MIN = 1;
const D_MAX = 10;
/** fsrs-rs MAX_STEPS: short-term steps taken at most in one session. */
const MAX_SHORT_TERM_STEPS = 5;
const LEARNING = 0;
const REVIEW = 1;
const RELEARNING = 2;

type Row4 = readonly [number, number, number, number];
type Matrix3x4 = readonly [Row4, Row4, Row4];

export interface SimulatorConfig {
  deckSize: number;
  learnSpanDays: number;
  /** New cards introduced per day at most. */
  learnLimitPerDay: number;
  reviewLimitPerDay: number;
  maxCostPerDaySeconds: number;
  maxIntervalDays: number;
  /** Probability of Again, Hard, Good, Easy on a card's first review. */
  firstRatingProbabilities: Row4;
  /** Probability of Hard, Good, Easy on a recalled review. */
  reviewRatingProbabilities: readonly [number, number, number];
  /** Rows: the rating of the previous step (Again, Hard, Good); columns: the next rating's probability. */
  learningStepTransitions: readonly [Row4, Row4, Row4];
  relearningStepTransitions: readonly [Row4, Row4, Row4];
  /** Seconds per rating (columns) when learning, reviewing, relearning (rows). */
  stateRatingCostsSeconds: Matrix3x4;
  learningStepCount: number;
  relearningStepCount: number;
}

/** fsrs-rs `SimulatorConfig::default()`. */
export const DEFAULT_SIMULATOR_CONFIG: Readonly<SimulatorConfig> = Object.freeze<SimulatorConfig>({
  deckSize: 10000,
  learnSpanDays: 365,
  learnLimitPerDay: 20,
  reviewLimitPerDay: Number.POSITIVE_INFINITY,
  maxCostPerDaySeconds: Number.POSITIVE_INFINITY,
  maxIntervalDays: 36500,
  firstRatingProbabilities: [0.24, 0.094, 0.495, 0.171],
  reviewRatingProbabilities: [0.224, 0.631, 0.145],
  learningStepTransitions: [
    [0.3686, 0.0628, 0.5108, 0.0577],
    [0.0442, 0.4553, 0.4457, 0.0549],
    [0.0519, 0.047, 0.8462, 0.055],
  ],
  relearningStepTransitions: [
    [0.2157, 0.0643, 0.6595, 0.0604],
    [0.05, 0.4638, 0.4475, 0.0387],
    [0.1057, 0.1434, 0.7266, 0.0244],
  ],
  stateRatingCostsSeconds: [
    [19.58, 18.79, 13.78, 10.71],
    [19.38, 17.59, 12.38, 8.94],
    [16.44, 15.25, 12.32, 8.03],
  ],
  learningStepCount: 2,
  relearningStepCount: 1,
});

/**
 * The app's grade for each FSRS rating when SM-2 schedules a simulated card
 * (the inverse of the grade mapping 0–2 Again, 3 Hard, 4 Good, 5 Easy; SM-2
 * leaves the ease unchanged on every failing grade, so which of 0–2 stands
 * for Again does not matter).
 */
export const SM2_QUALITY_OF_RATING: Readonly<Record<FsrsRating, Quality>> = Object.freeze({ 1: 2, 2: 3, 3: 4, 4: 5 });
/** The grade of the same-day re-drill that ends a failed SM-2 card's relearning. */
const SM2_REDRILL_PASS_QUALITY: Quality = 4;

export type SimulatedScheduler = { kind: "fsrs"; desiredRetention: number } | { kind: "sm2" };

export interface SimulationResult {
  reviewsPerDay: number[];
  learnsPerDay: number[];
  costSecondsPerDay: number[];
  /** Reviews (not first reviews) recalled, per day. */
  correctPerDay: number[];
}

interface SimCard {
  index: number;
  stability: number;
  difficulty: number;
  /** Day of the last review; -1 before the first. */
  lastDay: number;
  due: number;
  sm2: Sm2State;
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

function initStability(w: readonly number[], rating: FsrsRating): number {
  return w[rating - 1] as number;
}

function initDifficulty(w: readonly number[], rating: FsrsRating): number {
  return (w[4] as number) - Math.exp((w[5] as number) * (rating - 1)) + 1;
}

function nextDifficulty(w: readonly number[], d: number, rating: FsrsRating): number {
  const deltaD = -(w[6] as number) * (rating - 3);
  // Linear damping, then mean reversion towards D0(Easy).
  const damped = d + ((10 - d) / 9) * deltaD;
  const w7 = w[7] as number;
  return clamp(w7 * initDifficulty(w, 4) + (1 - w7) * damped, D_MIN, D_MAX);
}

function stabilityAfterSuccess(w: readonly number[], s: number, r: number, d: number, rating: FsrsRating): number {
  const hardPenalty = rating === 2 ? (w[15] as number) : 1;
  const easyBonus = rating === 4 ? (w[16] as number) : 1;
  const growth =
    Math.exp(w[8] as number) *
    (11 - d) *
    Math.pow(s, -(w[9] as number)) *
    (Math.exp((1 - r) * (w[10] as number)) - 1) *
    hardPenalty *
    easyBonus;
  return clamp(s * (growth + 1), S_MIN, S_MAX);
}

function stabilityAfterFailure(w: readonly number[], s: number, r: number, d: number): number {
  const newSMin = s / Math.exp((w[17] as number) * (w[18] as number));
  const newS =
    (w[11] as number) *
    Math.pow(d, -(w[12] as number)) *
    (Math.pow(s + 1, w[13] as number) - 1) *
    Math.exp((1 - r) * (w[14] as number));
  return clamp(Math.min(newS, newSMin), S_MIN, S_MAX);
}

function stabilityShortTerm(w: readonly number[], s: number, rating: FsrsRating): number {
  const sinc = Math.exp((w[17] as number) * (rating - 3 + (w[18] as number))) * Math.pow(s, -(w[19] as number));
  return clamp(s * (rating >= 3 ? Math.max(sinc, 1) : sinc), S_MIN, S_MAX);
}

/** FSRS-6's interval at `desiredRetention`: the t where the forgetting curve reaches it. */
export function computeFsrsIntervalDays(w: readonly number[], stability: number, desiredRetention: number): number {
  const decay = -(w[20] as number);
  const factor = Math.pow(0.9, 1 / decay) - 1;
  return (stability / factor) * (Math.pow(desiredRetention, 1 / decay) - 1);
}

function sampleWeighted(rng: Rng, weights: readonly number[]): number {
  let total = 0;
  for (const x of weights) total += x;
  let u = rng.next() * total;
  for (let i = 0; i < weights.length; i++) {
    u -= weights[i] as number;
    if (u < 0) return i;
  }
  return weights.length - 1;
}

/** fsrs-rs `memory_state_short_term`: same-day steps until the card graduates. */
function runShortTermSteps(
  w: readonly number[],
  s: number,
  d: number,
  initRating: FsrsRating | null,
  ratingCosts: Row4,
  transitions: readonly [Row4, Row4, Row4],
  stepCount: number,
  rng: Rng,
): { stability: number; difficulty: number; costSeconds: number } {
  let consecutive = 0;
  let rating: FsrsRating = initRating ?? 1;
  let cost = initRating === null ? 0 : ratingCosts[rating - 1]!;
  let newS = s;
  let newD = d;
  const consecutiveMax = rating > 2 ? Math.max(0, stepCount - 1) : stepCount;
  for (let step = 0; step < MAX_SHORT_TERM_STEPS; step++) {
    if (consecutive >= consecutiveMax || rating >= 4) break;
    rating = (sampleWeighted(rng, transitions[rating - 1]!) + 1) as FsrsRating;
    newS = stabilityShortTerm(w, newS, rating);
    newD = nextDifficulty(w, newD, rating);
    cost += ratingCosts[rating - 1]!;
    if (rating > 2) consecutive += 1;
    else if (rating === 1) consecutive = 0;
  }
  return { stability: clamp(newS, S_MIN, S_MAX), difficulty: clamp(newD, D_MIN, D_MAX), costSeconds: cost };
}

/** fsrs-rs's review priority: lower difficulty first (`(difficulty * 100) as i32`), then card order. */
function byPriority(a: SimCard, b: SimCard): number {
  const learnA = a.lastDay < 0 ? 1 : 0;
  const learnB = b.lastDay < 0 ? 1 : 0;
  if (learnA !== learnB) return learnA - learnB;
  const pa = Number.isFinite(a.difficulty) ? Math.trunc(a.difficulty * 100) : 0;
  const pb = Number.isFinite(b.difficulty) ? Math.trunc(b.difficulty * 100) : 0;
  return pa - pb || a.index - b.index;
}

/**
 * Simulates `config.learnSpanDays` days of study of `config.deckSize` new
 * cards under `scheduler`, with FSRS-6 parameters `w` (21 numbers) as the
 * learner's memory. Same arguments and seed give the same result.
 */
export function simulate(
  config: SimulatorConfig,
  w: readonly number[],
  scheduler: SimulatedScheduler,
  seed: number | string,
): SimulationResult {
  if (w.length !== 21 || w.some((x) => !Number.isFinite(x))) {
    throw new RangeError(`simulate: w must be 21 finite FSRS-6 parameters, got ${w.length}`);
  }
  if (!Number.isInteger(config.deckSize) || config.deckSize <= 0) {
    throw new RangeError(`simulate: deckSize must be a positive integer, got ${config.deckSize}`);
  }
  if (!Number.isInteger(config.learnSpanDays) || config.learnSpanDays <= 0) {
    throw new RangeError(`simulate: learnSpanDays must be a positive integer, got ${config.learnSpanDays}`);
  }
  if (!(config.learnLimitPerDay >= 1)) {
    throw new RangeError(`simulate: learnLimitPerDay must be at least 1, got ${config.learnLimitPerDay}`);
  }
  if (scheduler.kind === "fsrs" && !(scheduler.desiredRetention > 0 && scheduler.desiredRetention < 1)) {
    throw new RangeError(`simulate: desiredRetention must be in (0, 1), got ${scheduler.desiredRetention}`);
  }
  const span = config.learnSpanDays;
  const rng = createRng(seed);
  const reviewsPerDay = new Array<number>(span).fill(0);
  const learnsPerDay = new Array<number>(span).fill(0);
  const costSecondsPerDay = new Array<number>(span).fill(0);
  const correctPerDay = new Array<number>(span).fill(0);
  const buckets: SimCard[][] = Array.from({ length: span }, () => []);

  for (let i = 0; i < config.deckSize; i++) {
    const due = Math.floor(i / config.learnLimitPerDay);
    if (due >= span) break;
    buckets[due]!.push({
      index: i,
      stability: Number.NEGATIVE_INFINITY,
      difficulty: Number.NEGATIVE_INFINITY,
      lastDay: -1,
      due,
      sm2: { ...INITIAL_SM2 },
    });
  }

  const costs = config.stateRatingCostsSeconds;
  for (let day = 0; day < span; day++) {
    const today = buckets[day]!.sort(byPriority);
    buckets[day] = [];
    for (const card of today) {
      const isLearn = card.lastDay < 0;
      const overLimit = isLearn
        ? learnsPerDay[day]! + 1 > config.learnLimitPerDay
        : reviewsPerDay[day]! + 1 > config.reviewLimitPerDay;
      if (overLimit || costSecondsPerDay[day]! > config.maxCostPerDaySeconds) {
        card.due = day + 1;
        if (card.due < span) buckets[card.due]!.push(card);
        continue;
      }
      let rating: FsrsRating;
      let failed: boolean;
      if (isLearn) {
        rating = (sampleWeighted(rng, config.firstRatingProbabilities) + 1) as FsrsRating;
        failed = rating === 1;
        const next = runShortTermSteps(
          w,
          initStability(w, rating),
          clamp(initDifficulty(w, rating), D_MIN, D_MAX),
          rating,
          costs[LEARNING],
          config.learningStepTransitions,
          config.learningStepCount,
          rng,
        );
        card.stability = next.stability;
        card.difficulty = next.difficulty;
        learnsPerDay[day]! += 1;
        costSecondsPerDay[day]! += next.costSeconds;
      } else {
        const r = forgetting_curve(w, day - card.lastDay, card.stability);
        failed = !(rng.next() < r);
        rating = failed ? 1 : ((sampleWeighted(rng, config.reviewRatingProbabilities) + 2) as FsrsRating);
        if (!failed) correctPerDay[day]! += 1;
        let cost: number;
        if (failed) {
          const next = runShortTermSteps(
            w,
            stabilityAfterFailure(w, card.stability, r, card.difficulty),
            nextDifficulty(w, card.difficulty, rating),
            null,
            costs[RELEARNING],
            config.relearningStepTransitions,
            config.relearningStepCount,
            rng,
          );
          card.stability = next.stability;
          card.difficulty = next.difficulty;
          cost = costs[REVIEW][0] + next.costSeconds;
        } else {
          card.stability = stabilityAfterSuccess(w, card.stability, r, card.difficulty, rating);
          card.difficulty = nextDifficulty(w, card.difficulty, rating);
          cost = costs[REVIEW][rating - 1]!;
        }
        reviewsPerDay[day]! += 1;
        costSecondsPerDay[day]! += cost;
      }

      let intervalDays: number;
      if (scheduler.kind === "fsrs") {
        intervalDays = Math.round(computeFsrsIntervalDays(w, card.stability, scheduler.desiredRetention));
      } else {
        const graded = reviewSm2(card.sm2, SM2_QUALITY_OF_RATING[rating]);
        // A failed item is re-drilled the same day until it passes (lib/srs/schedule.ts), which restarts SM-2 at I(1).
        const next = failed ? reviewSm2(graded, SM2_REDRILL_PASS_QUALITY) : graded;
        card.sm2 = { repetitions: next.repetitions, intervalDays: next.intervalDays, easeFactor: next.easeFactor };
        intervalDays = next.intervalDays;
      }
      intervalDays = clamp(intervalDays, 1, config.maxIntervalDays);
      card.lastDay = day;
      card.due = day + intervalDays;
      if (card.due < span) buckets[card.due]!.push(card);
    }
  }
  return { reviewsPerDay, learnsPerDay, costSecondsPerDay, correctPerDay };
}

export interface WorkloadPoint {
  scheduler: "fsrs" | "sm2";
  /** FSRS: the desired retention; SM-2: the share of simulated reviews recalled. */
  retention: number;
  /** Mean over the simulated days, first reviews included. */
  reviewsPerDay: number;
  minutesPerDay: number;
}

function summarize(result: SimulationResult, scheduler: "fsrs" | "sm2", retention: number): WorkloadPoint {
  const days = result.reviewsPerDay.length;
  let reviews = 0;
  let seconds = 0;
  for (let d = 0; d < days; d++) {
    reviews += result.reviewsPerDay[d]! + result.learnsPerDay[d]!;
    seconds += result.costSecondsPerDay[d]!;
  }
  return { scheduler, retention, reviewsPerDay: reviews / days, minutesPerDay: seconds / 60 / days };
}

/** The share of simulated reviews (first reviews excluded) that were recalled. */
export function measureSimulatedRetention(result: SimulationResult): number {
  let reviews = 0;
  let correct = 0;
  for (let d = 0; d < result.reviewsPerDay.length; d++) {
    reviews += result.reviewsPerDay[d]!;
    correct += result.correctPerDay[d]!;
  }
  return reviews === 0 ? 0 : correct / reviews;
}

/**
 * The workload curve: FSRS at each of `retentions`, and SM-2 as one point at
 * the retention it reached in the same simulation. Every run uses `seed`.
 */
export function simulateWorkload(
  config: SimulatorConfig,
  w: readonly number[],
  retentions: readonly number[],
  seed: number | string,
): { fsrs: WorkloadPoint[]; sm2: WorkloadPoint } {
  const fsrs = retentions.map((desiredRetention) =>
    summarize(simulate(config, w, { kind: "fsrs", desiredRetention }, seed), "fsrs", desiredRetention),
  );
  const sm2Result = simulate(config, w, { kind: "sm2" }, seed);
  return { fsrs, sm2: summarize(sm2Result, "sm2", measureSimulatedRetention(sm2Result)) };
}
