/**
 * How well each scheduler's predicted recall matches what happened on the
 * learner's own reviews: log loss and RMSE(bins), scored only on reviews
 * after the ones a model was fitted on (time-series splits).
 *
 * Metrics and splits follow open-spaced-repetition/srs-benchmark:
 * - RMSE(bins): `rmse_matrix` in utils.py (reviews grouped by elapsed days,
 *   review number and lapse count on logarithmic bins; the root of the
 *   count-weighted mean squared gap between mean outcome and mean prediction).
 * - Features (features/base.py `_common_postprocessing`, utils.py
 *   `count_lapse`): only reviews after at least a day are scored; `i` is one
 *   plus the card's reviews so far that came a day or more after the one
 *   before, this one included; the lapse count is the earlier such reviews
 *   rated Again.
 * - Log loss: scikit-learn's `log_loss` (predictions clipped to [eps, 1 − eps]).
 * - Splits: scikit-learn `TimeSeriesSplit(n_splits=5)` over the scored
 *   reviews in time order.
 * - SM-2's predicted recall: R = 0.9^(t / I), I the interval SM-2 scheduled
 *   (models/sm_2.py, `SM2.forgetting_curve`), with SM-2 replayed over the
 *   card's grades as models/sm2.py does, here with the app's exact SM-2.
 */
import { FSRSAlgorithm, type FSRSState, forgetting_curve, generatorParameters } from "ts-fsrs";
import { INITIAL_SM2, type Quality, reviewSm2, type Sm2State } from "./sm2";
import type { FsrsRating } from "./simulate";

/** scikit-learn clips predictions to float64's machine epsilon. */
const LOG_LOSS_EPSILON = Number.EPSILON;
export const TIME_SERIES_SPLITS = 5;

export interface ScoredReview {
  /** 1 recalled, 0 forgotten (Again). */
  y: 0 | 1;
  p: number;
  elapsedDays: number;
  /** srs-benchmark's `i`. */
  reviewNumber: number;
  /** srs-benchmark's `rmse_bins_lapse`. */
  lapses: number;
}

export function computeLogLoss(reviews: readonly Pick<ScoredReview, "y" | "p">[]): number {
  if (reviews.length === 0) throw new RangeError("computeLogLoss: no reviews");
  let sum = 0;
  for (const { y, p } of reviews) {
    const q = Math.min(1 - LOG_LOSS_EPSILON, Math.max(LOG_LOSS_EPSILON, p));
    sum += y === 1 ? -Math.log(q) : -Math.log(1 - q);
  }
  return sum / reviews.length;
}

/** numpy's round (half to even) at `decimals` places, as `round(x, n)` on a numpy float does. */
export function roundHalfEven(x: number, decimals: number): number {
  const scale = 10 ** decimals;
  const scaled = x * scale;
  const floor = Math.floor(scaled);
  const diff = scaled - floor;
  let rounded: number;
  if (diff > 0.5) rounded = floor + 1;
  else if (diff < 0.5) rounded = floor;
  else rounded = floor % 2 === 0 ? floor : floor + 1;
  return rounded / scale;
}

/** The bin keys of srs-benchmark's `rmse_matrix`. */
export function binReview(r: Pick<ScoredReview, "elapsedDays" | "reviewNumber" | "lapses">): string {
  const t = Math.max(r.elapsedDays, 1e-6);
  const deltaBin = roundHalfEven(2.48 * Math.pow(3.62, Math.floor(Math.log(t) / Math.log(3.62))), 2);
  const iBin = roundHalfEven(1.99 * Math.pow(1.89, Math.floor(Math.log(r.reviewNumber) / Math.log(1.89))), 0);
  const lapseBin =
    r.lapses !== 0 ? roundHalfEven(1.65 * Math.pow(1.73, Math.floor(Math.log(r.lapses) / Math.log(1.73))), 0) : 0;
  return `${deltaBin}|${iBin}|${lapseBin}`;
}

export function computeRmseBins(reviews: readonly ScoredReview[]): number {
  if (reviews.length === 0) throw new RangeError("computeRmseBins: no reviews");
  const bins = new Map<string, { y: number; p: number; n: number }>();
  for (const r of reviews) {
    const key = binReview(r);
    const bin = bins.get(key) ?? { y: 0, p: 0, n: 0 };
    bin.y += r.y;
    bin.p += r.p;
    bin.n += 1;
    bins.set(key, bin);
  }
  let weighted = 0;
  let weights = 0;
  for (const { y, p, n } of bins.values()) {
    const gap = y / n - p / n;
    weighted += n * gap * gap;
    weights += n;
  }
  return Math.sqrt(weighted / weights);
}

/** scikit-learn `TimeSeriesSplit(n_splits)`: [trainEnd, testStart, testEnd) over `n` samples in time order. */
export function listTimeSeriesSplits(n: number, splits = TIME_SERIES_SPLITS): { trainEnd: number; testEnd: number }[] {
  const folds = splits + 1;
  if (n < folds) throw new RangeError(`listTimeSeriesSplits: ${n} samples cannot make ${splits} splits`);
  const testSize = Math.floor(n / folds);
  const out: { trainEnd: number; testEnd: number }[] = [];
  for (let start = n - splits * testSize; start < n; start += testSize) {
    out.push({ trainEnd: start, testEnd: start + testSize });
  }
  return out;
}

/** One review of a card, in time order within the card. */
export interface CardReview {
  /** The app's grade 0–5. */
  quality: Quality;
  /** Learner days since the card's previous review; 0 for its first. */
  deltaDays: number;
  /** Order of the review in the whole log (for splitting by time). */
  order: number;
}

export function toFsrsRating(quality: Quality): FsrsRating {
  if (quality <= 2) return 1;
  return (quality - 1) as FsrsRating;
}

/** A card's reviews up to one of them, as FSRS's training item (the binding's `FSRSItem`). */
export type FsrsTrainingItem = { rating: FsrsRating; deltaT: number }[];

/** Fits FSRS parameters on training items (the binding's `computeParameters`). */
export type FitParameters = (items: FsrsTrainingItem[]) => Promise<number[]>;

interface Candidate {
  card: number;
  position: number;
  order: number;
  y: 0 | 1;
  elapsedDays: number;
  reviewNumber: number;
  lapses: number;
  sm2Recall: number;
}

export interface SchedulerCalibration {
  logLoss: number;
  rmseBins: number;
  reviewsScored: number;
}

export interface CalibrationReport {
  fsrs: SchedulerCalibration;
  sm2: SchedulerCalibration;
  splits: number;
  /** Folds whose training part was too small to fit, scored with the default parameters. */
  foldsOnDefaults: number;
}

function listCandidates(cards: readonly (readonly CardReview[])[]): Candidate[] {
  const out: Candidate[] = [];
  cards.forEach((reviews, card) => {
    let sm2: Sm2State = { ...INITIAL_SM2 };
    let longTerm = 0;
    let lapses = 0;
    reviews.forEach((r, position) => {
      if (position > 0 && r.deltaDays > 0) {
        longTerm += 1;
        const y = r.quality >= 3 ? 1 : 0;
        // srs-benchmark's sm2.py floors the interval at one day.
        const intervalDays = Math.max(1, sm2.intervalDays);
        out.push({
          card,
          position,
          order: r.order,
          y,
          elapsedDays: r.deltaDays,
          reviewNumber: longTerm + 1,
          lapses,
          sm2Recall: Math.pow(0.9, r.deltaDays / intervalDays),
        });
        if (y === 0) lapses += 1;
      }
      const next = reviewSm2(sm2, r.quality);
      sm2 = { repetitions: next.repetitions, intervalDays: next.intervalDays, easeFactor: next.easeFactor };
    });
  });
  return out.sort((a, b) => a.order - b.order);
}

/** FSRS-6's predicted recall before each review of a card, with parameters `w`. */
export function predictFsrsRecall(w: readonly number[], reviews: readonly CardReview[]): number[] {
  const algorithm = new FSRSAlgorithm(generatorParameters({ w: [...w], enable_short_term: true }));
  const out: number[] = [];
  let state: FSRSState | null = null;
  for (const r of reviews) {
    out.push(state === null ? Number.NaN : forgetting_curve(w, r.deltaDays, state.stability));
    state = algorithm.next_state(state, r.deltaDays, toFsrsRating(r.quality));
  }
  return out;
}

function score(rows: readonly ScoredReview[]): SchedulerCalibration {
  return { logLoss: computeLogLoss(rows), rmseBins: computeRmseBins(rows), reviewsScored: rows.length };
}

/**
 * Scores FSRS (fitted per fold by `fit` on the reviews before the fold's
 * test part) and SM-2 on the same reviews. A fold with fewer than
 * `minTrainReviews` training reviews is scored with `defaultW`. Null when
 * there are too few reviews to split.
 */
export async function evaluateCalibration(
  cards: readonly (readonly CardReview[])[],
  fit: FitParameters,
  defaultW: readonly number[],
  minTrainReviews: number,
): Promise<CalibrationReport | null> {
  const candidates = listCandidates(cards);
  if (candidates.length < TIME_SERIES_SPLITS + 1) return null;
  const fsrsRows: ScoredReview[] = [];
  const sm2Rows: ScoredReview[] = [];
  let foldsOnDefaults = 0;
  for (const { trainEnd, testEnd } of listTimeSeriesSplits(candidates.length)) {
    const testStartOrder = candidates[trainEnd]!.order;
    let w: readonly number[] = defaultW;
    if (trainEnd >= minTrainReviews) {
      const items: FsrsTrainingItem[] = [];
      for (const c of candidates.slice(0, trainEnd)) {
        const reviews = cards[c.card]!;
        items.push(
          reviews.slice(0, c.position + 1).map((r) => ({ rating: toFsrsRating(r.quality), deltaT: r.deltaDays })),
        );
      }
      w = await fit(items);
    } else {
      foldsOnDefaults += 1;
    }
    const test = candidates.slice(trainEnd, testEnd);
    const byCard = new Map<number, Candidate[]>();
    for (const c of test) byCard.set(c.card, [...(byCard.get(c.card) ?? []), c]);
    for (const [card, rows] of byCard) {
      const predictions = predictFsrsRecall(w, cards[card]!);
      for (const c of rows) {
        if (c.order < testStartOrder) continue;
        const base = { y: c.y, elapsedDays: c.elapsedDays, reviewNumber: c.reviewNumber, lapses: c.lapses };
        fsrsRows.push({ ...base, p: predictions[c.position]! });
        sm2Rows.push({ ...base, p: c.sm2Recall });
      }
    }
  }
  return { fsrs: score(fsrsRows), sm2: score(sm2Rows), splits: TIME_SERIES_SPLITS, foldsOnDefaults };
}
