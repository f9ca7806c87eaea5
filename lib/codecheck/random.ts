/**
 * Seeded random source for building cases. Deterministic so a failure the
 * learner sees can be reproduced, and identical in the browser and in Node.
 */
import type { CaseArg, Rng, TensorArg } from "./types";

const UINT32_RANGE = 4_294_967_296;
const MULBERRY_INCREMENT = 0x6d2b79f5;

/** mulberry32: tiny, fast, good enough for test data (not for cryptography). */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + MULBERRY_INCREMENT) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / UINT32_RANGE;
  };
  let spareNormal: number | null = null;
  const normal = (): number => {
    if (spareNormal !== null) {
      const value = spareNormal;
      spareNormal = null;
      return value;
    }
    // Box–Muller; 1 - next() keeps the logarithm's argument in (0, 1].
    const radius = Math.sqrt(-2 * Math.log(1 - next()));
    const angle = 2 * Math.PI * next();
    spareNormal = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };
  return {
    next,
    normal,
    uniform: (low, high) => low + (high - low) * next(),
    integer: (low, highInclusive) => low + Math.floor(next() * (highInclusive - low + 1)),
  };
}

export function countElements(shape: readonly number[]): number {
  return shape.reduce((product, size) => product * size, 1);
}

export function tensorArg(shape: number[], values: number[], dtype?: TensorArg["dtype"]): TensorArg {
  if (values.length !== countElements(shape)) {
    throw new Error(`tensorArg: ${values.length} values for shape [${shape.join(",")}]`);
  }
  return dtype === undefined ? { kind: "tensor", shape, values } : { kind: "tensor", shape, values, dtype };
}

export function normalTensor(rng: Rng, shape: number[], scale = 1): TensorArg {
  return tensorArg(
    shape,
    Array.from({ length: countElements(shape) }, () => rng.normal() * scale),
  );
}

export function uniformTensor(rng: Rng, shape: number[], low: number, high: number): TensorArg {
  return tensorArg(
    shape,
    Array.from({ length: countElements(shape) }, () => rng.uniform(low, high)),
  );
}

/** Rows that are probability distributions (softmax of normal logits). */
export function probabilityRows(rng: Rng, rows: number, classes: number): TensorArg {
  const values: number[] = [];
  for (let row = 0; row < rows; row += 1) {
    const exps = Array.from({ length: classes }, () => Math.exp(rng.normal() * 2));
    const total = exps.reduce((sum, value) => sum + value, 0);
    values.push(...exps.map((value) => value / total));
  }
  return tensorArg([rows, classes], values);
}

export function oneHotRows(rng: Rng, rows: number, classes: number): TensorArg {
  const values: number[] = [];
  for (let row = 0; row < rows; row += 1) {
    const hot = rng.integer(0, classes - 1);
    values.push(...Array.from({ length: classes }, (_, column) => (column === hot ? 1 : 0)));
  }
  return tensorArg([rows, classes], values);
}

export function isTensorArg(arg: CaseArg): arg is TensorArg {
  return typeof arg === "object" && arg.kind === "tensor";
}
