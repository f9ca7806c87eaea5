import type { AnswerValue, ExerciseAnswer, Tolerance } from "./types";

/** Reals: relative 1e-4 (five significant figures), with an absolute floor so answers near 0 stay checkable. */
export const REAL_TOLERANCE: Readonly<Tolerance> = Object.freeze({ relative: 1e-4, absolute: 1e-9 });
/**
 * Integers (sizes, counts) must be exact; the 1e-12 only absorbs float noise of typed expressions and unit
 * conversions (19.2 kbps → 19200.000000000004 bit/s), far below 1 for any count these exercises produce.
 */
export const INTEGER_TOLERANCE: Readonly<Tolerance> = Object.freeze({ relative: 1e-12, absolute: 1e-9 });
/**
 * A known mistake is kept only if it is this many tolerances away from the right answer
 * (and from the other mistakes), so a typed value can never match two of them.
 */
export const DISTINCT_MISTAKE_FACTOR = 10;

export function defaultTolerance(answer: ExerciseAnswer): Tolerance {
  return answer.kind === "integer" ? { ...INTEGER_TOLERANCE } : { ...REAL_TOLERANCE };
}

function isClose(actual: number, expected: number, tolerance: Tolerance, factor = 1): boolean {
  const allowed = factor * Math.max(tolerance.absolute, tolerance.relative * Math.abs(expected));
  return Math.abs(actual - expected) <= allowed;
}

/** Element-wise for vectors; a scalar never matches a vector. */
export function valuesMatch(actual: AnswerValue, expected: AnswerValue, tolerance: Tolerance, factor = 1): boolean {
  if (typeof actual === "number" || typeof expected === "number") {
    return typeof actual === "number" && typeof expected === "number" && isClose(actual, expected, tolerance, factor);
  }
  return (
    actual.length === expected.length &&
    actual.every((a, i) => isClose(a, expected[i] ?? Number.NaN, tolerance, factor))
  );
}

export function isFiniteValue(value: AnswerValue): boolean {
  return typeof value === "number" ? Number.isFinite(value) : value.length > 0 && value.every(Number.isFinite);
}
