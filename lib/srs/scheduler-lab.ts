/**
 * The scheduler lab's figures from a learner's review history: how well
 * FSRS and SM-2 predict the learner's recall (calibration), and what a year
 * of study would cost under each (workload). Pure: the fitter comes in as a
 * parameter.
 */
import { type CalibrationReport, type FitParameters, evaluateCalibration } from "./calibration";
import { type CardHistory, countReviews, measureSimulatorInputs } from "./review-history";
import { DEFAULT_SIMULATOR_CONFIG, type SimulatorConfig, type WorkloadPoint, simulateWorkload } from "./simulate";

/** FSRS's retention range in the settings, sampled for the workload curve. */
export const WORKLOAD_RETENTIONS = [0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 0.97] as const;
/** fsrs-rs's default simulated deck; larger collections are simulated on this many cards. */
export const SIMULATED_DECK_MAX = 10_000;
export const SIMULATED_DAYS = 365;
/** fsrs-rs `simulate`'s seed when none is given. */
export const SIMULATION_SEED = 42;
/**
 * Calibration fits FSRS once per split; beyond this many reviews it scores a
 * subset of whole cards (every review of each), chosen by a hash of the item
 * id so the same cards are chosen each time.
 */
export const CALIBRATION_REVIEW_BUDGET = 20_000;
/** A split whose training part has fewer reviews than this is scored with the default parameters. */
export const CALIBRATION_MIN_TRAIN_REVIEWS = 100;
/**
 * The app re-drills a failed card the same day until it is passed
 * (lib/srs/schedule.ts): one learning and one relearning step in fsrs-rs's
 * terms.
 */
const APP_LEARNING_STEPS = 1;
const APP_RELEARNING_STEPS = 1;

export interface LabSettings {
  /** FSRS-6 parameters the learner's FSRS runs with. */
  w: readonly number[];
  weightsSource: "fitted" | "default";
  desiredRetention: number;
  newPerDay: number;
  /** Schedulable items the learner has (new ones included). */
  deckSize: number;
}

export interface SchedulerLabFigures {
  reviewCount: number;
  cardCount: number;
  weightsSource: "fitted" | "default";
  calibration: CalibrationReport | null;
  /** Cards and reviews calibration scored from (a subset past the budget). */
  calibrationCards: number;
  calibrationReviews: number;
  workload: {
    fsrs: WorkloadPoint[];
    sm2: WorkloadPoint;
    days: number;
    deckSize: number;
    learnLimitPerDay: number;
    seed: number;
    costsSeconds: SimulatorConfig["stateRatingCostsSeconds"];
  };
}

/** FNV-1a, 32 bits: a stable, well-spread order of item ids. */
function hashId(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function selectCalibrationCards(cards: readonly CardHistory[], budget: number): CardHistory[] {
  if (countReviews(cards) <= budget) return [...cards];
  const ordered = [...cards].sort((a, b) => hashId(a.itemId) - hashId(b.itemId) || (a.itemId < b.itemId ? -1 : 1));
  const out: CardHistory[] = [];
  let reviews = 0;
  for (const c of ordered) {
    if (reviews + c.reviews.length > budget) continue;
    out.push(c);
    reviews += c.reviews.length;
  }
  return out;
}

export function listWorkloadRetentions(desiredRetention: number): number[] {
  const set = new Set<number>([...WORKLOAD_RETENTIONS, Math.round(desiredRetention * 100) / 100]);
  return [...set].sort((a, b) => a - b);
}

export async function computeSchedulerLabFigures(
  cards: readonly CardHistory[],
  settings: LabSettings,
  fit: FitParameters,
): Promise<SchedulerLabFigures> {
  const sample = selectCalibrationCards(cards, CALIBRATION_REVIEW_BUDGET);
  const calibration = await evaluateCalibration(
    sample.map((c) => c.reviews),
    fit,
    settings.w,
    CALIBRATION_MIN_TRAIN_REVIEWS,
  );
  const learnLimitPerDay = Math.max(1, settings.newPerDay);
  const config: SimulatorConfig = {
    ...DEFAULT_SIMULATOR_CONFIG,
    ...measureSimulatorInputs(cards),
    deckSize: Math.max(1, Math.min(SIMULATED_DECK_MAX, settings.deckSize)),
    learnSpanDays: SIMULATED_DAYS,
    learnLimitPerDay,
    learningStepCount: APP_LEARNING_STEPS,
    relearningStepCount: APP_RELEARNING_STEPS,
  };
  const workload = simulateWorkload(
    config,
    settings.w,
    listWorkloadRetentions(settings.desiredRetention),
    SIMULATION_SEED,
  );
  return {
    reviewCount: countReviews(cards),
    cardCount: cards.length,
    weightsSource: settings.weightsSource,
    calibration,
    calibrationCards: sample.length,
    calibrationReviews: countReviews(sample),
    workload: {
      ...workload,
      days: SIMULATED_DAYS,
      deckSize: config.deckSize,
      learnLimitPerDay,
      seed: SIMULATION_SEED,
      costsSeconds: config.stateRatingCostsSeconds,
    },
  };
}
