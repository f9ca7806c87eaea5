/**
 * SuperMemo 2, as published by P. A. Wozniak (1990):
 * https://super-memory.com/english/ol/sm2.htm
 *
 * Pure: no clock, no storage. The ease factor is kept as an integer permille
 * internally, so 2.5 + 0.1 is exactly 2.6 and `ceil(interval × EF)` never
 * rounds up a float error (6 × 2.5 must be 15, not 15.000000000000002 → 16).
 */

/** Grade of a recall, 0 (blackout) … 5 (perfect response). */
export type Quality = 0 | 1 | 2 | 3 | 4 | 5;

export const QUALITIES: readonly Quality[] = [0, 1, 2, 3, 4, 5];

const INITIAL_EASE = 2.5;
export const MIN_EASE = 1.3;
/** Grades at or above this are a successful recall (SM-2 step 6). */
export const PASS_QUALITY = 3;
/** Grades below this are re-drilled within the same session (SM-2 step 7). */
export const REDRILL_BELOW_QUALITY = 4;
const FIRST_INTERVAL_DAYS = 1;
const SECOND_INTERVAL_DAYS = 6;

const PERMILLE = 1000;
export const INITIAL_EASE_PERMILLE = INITIAL_EASE * PERMILLE;
const MIN_EASE_PERMILLE = MIN_EASE * PERMILLE;

export interface Sm2State {
  /** Successful repetitions in a row (n in the paper). */
  repetitions: number;
  /** Inter-repetition interval I(n), whole days. */
  intervalDays: number;
  /** E-Factor. */
  easeFactor: number;
}

export interface Sm2Result extends Sm2State {
  /** True when the item must come back in today's session (q < 4). */
  redrillToday: boolean;
}

export const INITIAL_SM2: Readonly<Sm2State> = Object.freeze({
  repetitions: 0,
  intervalDays: 0,
  easeFactor: INITIAL_EASE,
});

export function isQuality(value: unknown): value is Quality {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 5;
}

export function easeToPermille(easeFactor: number): number {
  return Math.round(easeFactor * PERMILLE);
}

export function permilleToEase(permille: number): number {
  return permille / PERMILLE;
}

/**
 * SM-2 step 5 in permille: EF' = EF + 0.1 − (5 − q)(0.08 + (5 − q)·0.02),
 * floored at 1.3. Every term is a whole number of thousandths.
 */
function nextEasePermille(easePermille: number, quality: Quality): number {
  const miss = 5 - quality;
  const delta = 100 - miss * (80 + miss * 20);
  return Math.max(MIN_EASE_PERMILLE, easePermille + delta);
}

/**
 * ceil(intervalDays × ease) computed on integers: intervalDays × easePermille
 * is an exact integer, and the quotient of two integers is either exact or
 * much farther than one ulp from the next integer, so ceil is exact.
 */
function multiplyIntervalCeil(intervalDays: number, easePermille: number): number {
  return Math.ceil((intervalDays * easePermille) / PERMILLE);
}

/**
 * One SM-2 repetition.
 * - q ≥ 3: EF is updated (step 5), n + 1, I(1) = 1, I(2) = 6,
 *   I(n) = ceil(I(n−1) × EF') with the *updated* EF (step 4).
 * - q < 3: repetitions restart without changing EF (step 6); the item is due
 *   again today and its next pass counts as repetition 1.
 * - q < 4: the item is re-drilled today (step 7); for q = 3 that re-drill is
 *   practice only and is not fed back into this function.
 */
export function reviewSm2(state: Sm2State, quality: Quality): Sm2Result {
  if (!isQuality(quality)) throw new RangeError(`quality must be an integer 0..5, got ${String(quality)}`);
  const easePermille = easeToPermille(state.easeFactor);
  if (quality < PASS_QUALITY) {
    return {
      repetitions: 0,
      intervalDays: 0,
      easeFactor: permilleToEase(easePermille),
      redrillToday: true,
    };
  }
  const nextEase = nextEasePermille(easePermille, quality);
  const repetitions = state.repetitions + 1;
  let intervalDays: number;
  if (repetitions === 1) intervalDays = FIRST_INTERVAL_DAYS;
  else if (repetitions === 2) intervalDays = SECOND_INTERVAL_DAYS;
  else intervalDays = multiplyIntervalCeil(state.intervalDays, nextEase);
  return {
    repetitions,
    intervalDays,
    easeFactor: permilleToEase(nextEase),
    redrillToday: quality < REDRILL_BELOW_QUALITY,
  };
}
