/**
 * Typed wrappers over the mathjs functions the generators use. mathjs' declarations return
 * the wide MathType; these narrow it back to plain numbers and fail loudly otherwise.
 */
import * as mj from "mathjs";

function asNumber(value: unknown, what: string): number {
  if (typeof value !== "number") throw new TypeError(`${what}: expected a number from mathjs, got ${typeof value}`);
  return value;
}

function isNumberArray(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((v) => typeof v === "number");
}

function asNumberArray(value: unknown, what: string): number[] {
  const raw: unknown = mj.isMatrix(value) ? value.toArray() : value;
  if (!isNumberArray(raw)) throw new TypeError(`${what}: expected a number array from mathjs`);
  return raw;
}

export type NormOrder = number | "inf";

export function computeNorm(vector: readonly number[], p: NormOrder): number {
  return asNumber(mj.norm(vector.slice(), p === "inf" ? "inf" : p), "norm");
}

export function computeSum(values: readonly number[]): number {
  return asNumber(mj.sum(values.slice()), "sum");
}

export function computeMean(values: readonly number[]): number {
  return asNumber(mj.mean(values.slice()), "mean");
}

export function computeStd(values: readonly number[], normalization: "uncorrected" | "unbiased"): number {
  return asNumber(mj.std(values.slice(), normalization), "std");
}

export function computeMin(values: readonly number[]): number {
  return asNumber(mj.min(values.slice()), "min");
}

export function computeMax(values: readonly number[]): number {
  return asNumber(mj.max(values.slice()), "max");
}

export function computeDot(a: readonly number[], b: readonly number[]): number {
  return asNumber(mj.dot(a.slice(), b.slice()), "dot");
}

export function multiplyMatrixVector(m: readonly (readonly number[])[], v: readonly number[]): number[] {
  return asNumberArray(
    mj.multiply(
      m.map((row) => row.slice()),
      v.slice(),
    ),
    "multiply",
  );
}

export function addVectors(a: readonly number[], b: readonly number[]): number[] {
  return asNumberArray(mj.add(a.slice(), b.slice()), "add");
}

export function computeLog2(x: number): number {
  return asNumber(mj.log2(x), "log2");
}

export function computeLn(x: number): number {
  return asNumber(mj.log(x), "log");
}

export function computeLog(x: number, base: 2 | "e"): number {
  return base === 2 ? computeLog2(x) : computeLn(x);
}

export function computeExp(x: number): number {
  return asNumber(mj.exp(x), "exp");
}

export function computePow(x: number, y: number): number {
  return asNumber(mj.pow(x, y), "pow");
}

export function computeTanh(x: number): number {
  return asNumber(mj.tanh(x), "tanh");
}

export function computeCeil(x: number): number {
  return asNumber(mj.ceil(x), "ceil");
}

export function computeFloor(x: number): number {
  return asNumber(mj.floor(x), "floor");
}

/** Logistic function σ(z) = 1 / (1 + e^{-z}). */
export function computeSigmoid(z: number): number {
  return 1 / (1 + computeExp(-z));
}

/** Rounds away binary noise of sums of grid values (0.1 + 0.2) so params display as drawn. */
export function cleanDecimal(x: number, decimals: number): number {
  const r = Number(x.toFixed(decimals));
  return Object.is(r, -0) ? 0 : r;
}
