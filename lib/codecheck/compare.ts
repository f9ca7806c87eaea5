/**
 * Numeric comparison of plain-data outputs. Both sides are float32 tfjs
 * results, so a relative tolerance near float32 epsilon (×~100) with a small
 * absolute floor accepts reordered arithmetic and rejects real mistakes.
 */
export const RELATIVE_TOLERANCE = 1e-5;
/** Floor for values near zero, e.g. a ReLU output or a loss of exactly 0. */
export const ABSOLUTE_TOLERANCE = 1e-6;

export interface PlainOutput {
  shape: number[];
  values: number[];
  dtype: string;
}

export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(",")}]`;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((size, axis) => size === b[axis]);
}

function formatIndex(flatIndex: number, shape: readonly number[]): string {
  if (shape.length === 0) return "[]";
  const index: number[] = [];
  let rest = flatIndex;
  for (let axis = shape.length - 1; axis >= 0; axis -= 1) {
    const size = shape[axis] ?? 1;
    index.unshift(rest % size);
    rest = Math.floor(rest / size);
  }
  return `[${index.join(",")}]`;
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return Number(value.toPrecision(7)).toString();
}

function isClose(expected: number, received: number): boolean {
  if (Number.isNaN(expected) || Number.isNaN(received)) return Number.isNaN(expected) && Number.isNaN(received);
  if (!Number.isFinite(expected) || !Number.isFinite(received)) return expected === received;
  return Math.abs(expected - received) <= ABSOLUTE_TOLERANCE + RELATIVE_TOLERANCE * Math.abs(expected);
}

/** Null when the outputs agree, otherwise what differs: shape, or the largest difference and where. */
export function describeMismatch(expected: PlainOutput, received: PlainOutput): string | null {
  if (!sameShape(expected.shape, received.shape)) {
    return `received shape ${formatShape(received.shape)} vs expected ${formatShape(expected.shape)}`;
  }
  let worst = -1;
  let worstDifference = -1;
  let mismatches = 0;
  for (let index = 0; index < expected.values.length; index += 1) {
    const want = expected.values[index] ?? Number.NaN;
    const got = received.values[index] ?? Number.NaN;
    if (isClose(want, got)) continue;
    mismatches += 1;
    const difference = Number.isFinite(got - want) ? Math.abs(got - want) : Number.POSITIVE_INFINITY;
    if (difference > worstDifference) {
      worstDifference = difference;
      worst = index;
    }
  }
  if (mismatches === 0) return null;
  const want = expected.values[worst] ?? Number.NaN;
  const got = received.values[worst] ?? Number.NaN;
  const where = formatIndex(worst, expected.shape);
  const nonFinite = Number.isFinite(got) ? "" : ` — received ${String(got)} at ${where}`;
  return (
    `shape ${formatShape(expected.shape)} ok, but ${mismatches} of ${expected.values.length} value(s) differ; ` +
    `largest absolute difference ${formatNumber(worstDifference)} at ${where} ` +
    `(expected ${formatNumber(want)}, received ${formatNumber(got)})${nonFinite}`
  );
}

/** Whether two outputs are the same result, NaN and ±Infinity included; used to recognize known mistakes. */
export function outputsMatch(a: PlainOutput, b: PlainOutput): boolean {
  return sameShape(a.shape, b.shape) && a.values.every((value, index) => isClose(value, b.values[index] ?? Number.NaN));
}
