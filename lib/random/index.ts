/**
 * Seeded pseudo-random numbers for exercise generation.
 *
 * sfc32 (Chris Doty-Humphrey, PractRand "small fast chaotic" generator) on
 * 32-bit integer arithmetic only (`| 0`, `>>> 0`, `Math.imul`), so the same seed
 * gives the same stream on every JavaScript engine. Seeds are spread into the
 * 128-bit state with cyrb128 (bryc, "cyrb53/cyrb128" public-domain string hash)
 * so that neighbouring seeds (1, 2, 3 …) give unrelated streams.
 */

/** sfc32 authors recommend discarding the first outputs to mix a weak seed. */
const WARM_UP_ROUNDS = 12;
const UINT32_RANGE = 4294967296;

function hashCyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

export interface Rng {
  /** Uniform in [0, 1), 32 bits of resolution. */
  next(): number;
  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** Uniform value in [min, max] on a grid of `decimals` decimal places, free of binary noise (0.3, not 0.30000000000000004). */
  float(min: number, max: number, decimals: number): number;
  pick<T>(items: readonly T[]): T;
  /** `count` distinct items, in random order. */
  sample<T>(items: readonly T[], count: number): T[];
  shuffle<T>(items: readonly T[]): T[];
  bool(probabilityTrue?: number): boolean;
}

export function createRng(seed: number | string): Rng {
  const key = typeof seed === "number" ? `n:${Number.isFinite(seed) ? seed : 0}` : `s:${seed}`;
  let [a, b, c, d] = hashCyrb128(key);

  function nextUint32(): number {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return t >>> 0;
  }

  for (let i = 0; i < WARM_UP_ROUNDS; i++) nextUint32();

  const next = (): number => nextUint32() / UINT32_RANGE;

  const int = (min: number, max: number): number => {
    if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) {
      throw new RangeError(`int(${min}, ${max}): need integers with min <= max`);
    }
    return min + Math.floor(next() * (max - min + 1));
  };

  const pick = <T>(items: readonly T[]): T => {
    if (items.length === 0) throw new RangeError("pick() from an empty array");
    return items[int(0, items.length - 1)] as T;
  };

  const shuffle = <T>(items: readonly T[]): T[] => {
    const out = items.slice();
    // Fisher–Yates (Knuth, TAOCP vol. 2, Algorithm P).
    for (let i = out.length - 1; i > 0; i--) {
      const j = int(0, i);
      const tmp = out[i] as T;
      out[i] = out[j] as T;
      out[j] = tmp;
    }
    return out;
  };

  return {
    next,
    int,
    float(min, max, decimals) {
      const scale = 10 ** decimals;
      const k = int(Math.ceil(min * scale - 1e-9), Math.floor(max * scale + 1e-9));
      return Number((k / scale).toFixed(decimals));
    },
    pick,
    sample(items, count) {
      if (count > items.length) throw new RangeError(`sample(${count}) from ${items.length} items`);
      return shuffle(items).slice(0, count);
    },
    shuffle,
    bool(probabilityTrue = 0.5) {
      return next() < probabilityTrue;
    },
  };
}
