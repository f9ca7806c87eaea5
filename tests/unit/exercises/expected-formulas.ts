/**
 * Independent plain-JS versions of every generator's formula (no mathjs, no code shared with lib/exercises),
 * written from the sources cited in the generators.
 */
import type { ExerciseParams } from "@/lib/exercises";

type Expected = (params: ExerciseParams) => number | number[];

const sum = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0);
const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));
const logBase = (x: number, base: unknown): number => (base === 2 ? Math.log(x) / Math.LN2 : Math.log(x));
const nums = (v: unknown): number[] => v as number[];
const num = (v: unknown): number => v as number;

function outputSize(W: number, F: number, S: number, padding: unknown): number {
  if (padding === "SAME") return Math.ceil(W / S);
  if (padding === "VALID") return Math.ceil((W - F + 1) / S);
  return Math.floor((W - F + 2 * num(padding)) / S) + 1;
}

function matVec(m: number[][], v: number[]): number[] {
  return m.map((row) => sum(row.map((a, j) => a * (v[j] ?? 0))));
}

const softmax = (z: readonly number[]): number[] => {
  const e = z.map((v) => Math.exp(v));
  const total = sum(e);
  return e.map((v) => v / total);
};

/** Kingma & Ba 2015, Algorithm 1, written out step by step. */
function adam(theta0: number, grads: number[], lr: number, b1: number, b2: number, eps: number): number[] {
  let m = 0;
  let v = 0;
  let theta = theta0;
  let mHat = 0;
  let vHat = 0;
  grads.forEach((g, i) => {
    m = b1 * m + (1 - b1) * g;
    v = b2 * v + (1 - b2) * g * g;
    mHat = m / (1 - Math.pow(b1, i + 1));
    vHat = v / (1 - Math.pow(b2, i + 1));
    theta = theta - (lr * mHat) / (Math.sqrt(vHat) + eps);
  });
  return [mHat, vHat, theta];
}

export const EXPECTED: Record<string, Expected> = {
  "kmeans-step": (p) => {
    const points = p.points as number[][];
    const centres = p.centres as number[][];
    const d = (a: number[], b: number[]) => Math.hypot(num(a[0]) - num(b[0]), num(a[1]) - num(b[1]));
    const mine = points.filter((pt) => {
      const distances = centres.map((c) => d(pt, c));
      return distances.indexOf(Math.min(...distances)) === num(p.cluster);
    });
    return [sum(mine.map((pt) => num(pt[0]))) / mine.length, sum(mine.map((pt) => num(pt[1]))) / mine.length];
  },
  "kl-divergence": (p) => {
    const pp = nums(p.p);
    const entropy = -sum(pp.map((x) => x * logBase(x, p.base)));
    if (p.ask === "cross-entropy") return entropy + num(p.kl);
    const q = nums(p.q);
    return sum(pp.map((x, i) => x * logBase(x / num(q[i]), p.base)));
  },
  "same-padding": (p) => {
    const W = num(p.inputSize);
    const F = num(p.kernelSize);
    const S = num(p.stride);
    const total = Math.max((Math.ceil(W / S) - 1) * S + F - W, 0);
    return [total, Math.floor(total / 2), total - Math.floor(total / 2)];
  },
  "momentum-step": (p) => num(p.theta) - (num(p.gamma) * num(p.velocity) + num(p.learningRate) * num(p.gradient)),
  "rmsprop-step": (p) => {
    const g = num(p.gradient);
    const meanSquare = num(p.rho) * num(p.meanSquare) + (1 - num(p.rho)) * g * g;
    return num(p.theta) - (num(p.learningRate) * g) / Math.sqrt(meanSquare + num(p.epsilon));
  },
  "adam-steps": (p) =>
    adam(num(p.theta0), nums(p.gradients), num(p.learningRate), num(p.beta1), num(p.beta2), num(p.epsilon)),
  "clip-global-norm": (p) => {
    const all = [...nums(p.first), ...nums(p.second)];
    const norm = Math.sqrt(sum(all.map((x) => x * x)));
    const c = num(p.clipNorm);
    return norm > c ? all.map((x) => (x * c) / norm) : all;
  },
  "inverted-dropout": (p) => {
    const mask = nums(p.mask);
    return nums(p.activations).map((a, i) => (num(mask[i]) === 1 ? a / (1 - num(p.rate)) : 0));
  },
  "batch-norm": (p) => {
    const x = nums(p.batch);
    const mean = sum(x) / x.length;
    const variance = sum(x.map((v) => (v - mean) ** 2)) / x.length;
    return num(p.gamma) * ((num(x[num(p.index)]) - mean) / Math.sqrt(variance + num(p.epsilon))) + num(p.beta);
  },
  "bce-gradient": (p) => {
    const yHat = sigmoid(sum(nums(p.weights).map((w, i) => w * num(nums(p.x)[i]))) + num(p.bias));
    const y = num(p.label);
    if (p.ask === "loss") return -(y * Math.log(yHat) + (1 - y) * Math.log(1 - yHat));
    return nums(p.x).map((x) => (yHat - y) * x);
  },
  "rnn-output": (p) => {
    const s = matVec(p.U as number[][], nums(p.x)).map((a, i) =>
      Math.tanh(a + num(matVec(p.W as number[][], nums(p.sPrev))[i])),
    );
    return softmax(matVec(p.V as number[][], s));
  },
  "norm-lp": (p) => {
    const v = nums(p.vector);
    if (p.p === 0) return v.filter((x) => x !== 0).length;
    if (p.p === "inf") return Math.max(...v.map(Math.abs));
    const order = num(p.p);
    return sum(v.map((x) => Math.abs(x) ** order)) ** (1 / order);
  },
  "normalize-minmax": (p) => {
    const v = nums(p.vector);
    const lo = Math.min(...v);
    const hi = Math.max(...v);
    return (num(v[num(p.index)]) - lo) / (hi - lo);
  },
  "normalize-zscore": (p) => {
    const v = nums(p.vector);
    const mean = sum(v) / v.length;
    const sigma = Math.sqrt(sum(v.map((x) => (x - mean) ** 2)) / v.length);
    return (num(v[num(p.index)]) - mean) / sigma;
  },
  "bayes-posterior": (p) => {
    const a = num(p.prior);
    const s = num(p.sensitivity);
    const f = num(p.falsePositiveRate);
    return (a * s) / (a * s + (1 - a) * f);
  },
  "total-probability": (p) => sum(nums(p.priors).map((x, i) => x * num(nums(p.likelihoods)[i]))),
  "nyquist-capacity": (p) => 2 * num(p.bandwidthHz) * Math.log2(num(p.levels)),
  "shannon-capacity": (p) => num(p.bandwidthHz) * Math.log2(1 + 10 ** (num(p.snrDb) / 10)),
  "bitrate-baud": (p) =>
    p.direction === "to-bit-rate"
      ? num(p.baudRate) * Math.log2(num(p.levels))
      : num(p.bitRate) / Math.log2(num(p.levels)),
  softmax: (p) => {
    const z = nums(p.logits);
    return Math.exp(num(z[num(p.index)])) / sum(z.map(Math.exp));
  },
  entropy: (p) => -sum(nums(p.p).map((x) => (x > 0 ? x * logBase(x, p.base) : 0))),
  "cross-entropy": (p) => {
    const q = nums(p.q);
    return -sum(nums(p.p).map((x, i) => (x > 0 ? x * logBase(num(q[i]), p.base) : 0)));
  },
  mse: (p) => {
    const y = nums(p.yTrue);
    const yHat = nums(p.yPred);
    return sum(y.map((t, i) => (t - num(yHat[i])) ** 2)) / y.length;
  },
  "custom-loss": (p) => {
    const v1 = nums(p.v1);
    const v2 = nums(p.v2);
    return sum(v1.map((x, i) => (x > num(v2[i]) ? (x - num(v2[i])) * num(p.a) : (num(v2[i]) - x) * num(p.b))));
  },
  "conv-output-size": (p) => outputSize(num(p.inputSize), num(p.kernelSize), num(p.stride), p.padding),
  "pool-output-size": (p) => outputSize(num(p.inputSize), num(p.kernelSize), num(p.stride), p.padding),
  "conv-params": (p) => (num(p.kernelSize) ** 2 * num(p.inChannels) + 1) * num(p.outChannels),
  "fc-vs-conv-params": (p) => {
    const fc = (num(p.height) * num(p.width) * num(p.channels) + 1) * num(p.hiddenUnits);
    const conv = (num(p.kernelSize) ** 2 * num(p.channels) + 1) * num(p.filters);
    return p.ask === "fc-count" ? fc : fc / conv;
  },
  "exp-decay-lr": (p) => {
    const ratio = num(p.globalStep) / num(p.decaySteps);
    return num(p.initialRate) * num(p.decayRate) ** (p.staircase === true ? Math.floor(ratio) : ratio);
  },
  "mini-batch-iterations": (p) => num(p.epochs) * Math.ceil(num(p.datasetSize) / num(p.batchSize)),
  "l2-penalty": (p) => (num(p.lambda) * sum(nums(p.weights).map((w) => w * w))) / 2,
  "l1-penalty": (p) => num(p.lambda) * sum(nums(p.weights).map(Math.abs)),
  "ema-shadow": (p) => {
    const n = num(p.numUpdates);
    const d = Math.min(num(p.decay), (1 + n) / (10 + n));
    return d * num(p.shadow) + (1 - d) * num(p.value);
  },
  "sigmoid-vanishing": (p) => nums(p.z).reduce((prod, z) => prod * sigmoid(z) * (1 - sigmoid(z)), 1),
  "logistic-probability": (p) => sigmoid(sum(nums(p.weights).map((w, i) => w * num(nums(p.x)[i]))) + num(p.bias)),
  "rnn-step": (p) => {
    const pre = matVec(p.U as number[][], nums(p.x)).map(
      (a, i) => a + num(matVec(p.W as number[][], nums(p.sPrev))[i]),
    );
    return pre.map((a) => (p.activation === "tanh" ? Math.tanh(a) : Math.max(0, a)));
  },
};
