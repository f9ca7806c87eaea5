/**
 * Numeric comparison of plain-data outputs. Both sides are float32 tfjs
 * results, so a relative tolerance near float32 epsilon (×~100) with a small
 * absolute floor accepts reordered arithmetic and rejects real mistakes.
 */
import type { Bilingual } from "./types";

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

/** NaN and ±Infinity by name, the rest to float32's 7 significant digits. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return Number(value.toPrecision(7)).toString();
}

function isClose(expected: number, received: number): boolean {
  if (Number.isNaN(expected) || Number.isNaN(received)) return Number.isNaN(expected) && Number.isNaN(received);
  if (!Number.isFinite(expected) || !Number.isFinite(received)) return expected === received;
  return Math.abs(expected - received) <= ABSOLUTE_TOLERANCE + RELATIVE_TOLERANCE * Math.abs(expected);
}

/** Null when the outputs agree, otherwise what differs: the shape, or where the values differ. */
export function describeMismatch(expected: PlainOutput, received: PlainOutput): Bilingual | null {
  if (!sameShape(expected.shape, received.shape)) {
    const got = formatShape(received.shape);
    const want = formatShape(expected.shape);
    return { en: `received shape ${got} vs expected ${want}`, zh: `返回的形状是 ${got}，应为 ${want}` };
  }
  let worst = -1;
  let worstDifference = -1;
  let firstNonFinite = -1;
  let mismatches = 0;
  for (let index = 0; index < expected.values.length; index += 1) {
    const want = expected.values[index] ?? Number.NaN;
    const got = received.values[index] ?? Number.NaN;
    if (isClose(want, got)) continue;
    mismatches += 1;
    if (!Number.isFinite(got) || !Number.isFinite(want)) {
      if (firstNonFinite < 0) firstNonFinite = index;
      continue;
    }
    const difference = Math.abs(got - want);
    if (difference > worstDifference) {
      worstDifference = difference;
      worst = index;
    }
  }
  if (mismatches === 0) return null;
  const shape = formatShape(expected.shape);
  const total = expected.values.length;
  const head = {
    en: `shape ${shape} ok, but ${mismatches} of ${total} value(s) differ; `,
    zh: `形状 ${shape} 正确，但 ${total} 个值中有 ${mismatches} 个不同；`,
  };
  // A NaN or an infinity says more than any finite difference (and has no size of its own).
  const at = firstNonFinite >= 0 ? firstNonFinite : worst;
  const want = formatNumber(expected.values[at] ?? Number.NaN);
  const got = formatNumber(received.values[at] ?? Number.NaN);
  const where = formatIndex(at, expected.shape);
  const detail =
    firstNonFinite >= 0
      ? { en: `received ${got} at ${where} (expected ${want})`, zh: `${where} 处得到 ${got}（应为 ${want}）` }
      : {
          en: `largest absolute difference ${formatNumber(worstDifference)} at ${where} (expected ${want}, received ${got})`,
          zh: `最大绝对差 ${formatNumber(worstDifference)} 在 ${where}（应为 ${want}，实际为 ${got}）`,
        };
  return { en: head.en + detail.en, zh: head.zh + detail.zh };
}

/** Whether two outputs are the same result, NaN and ±Infinity included; used to recognize known mistakes. */
export function outputsMatch(a: PlainOutput, b: PlainOutput): boolean {
  return sameShape(a.shape, b.shape) && a.values.every((value, index) => isClose(value, b.values[index] ?? Number.NaN));
}
