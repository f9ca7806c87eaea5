/**
 * Norms and normalization (notes: 部分概念补充 › 4、范数 and 5、归一化).
 * Lp norm ‖x‖_p = (Σ|x_i|^p)^{1/p}; ‖x‖_0 = number of non-zero entries; ‖x‖_∞ = max|x_i|
 * (Goodfellow, Bengio & Courville, Deep Learning, §2.5). Note: the notes define L0 as
 * "向量中0的个数" (the number of zeros) — that is the mistake drilled below.
 */
import type { Rng } from "../../random";
import { computeMax, computeMean, computeMin, computeNorm, computeStd, computeSum, type NormOrder } from "../math";
import { fmt, tex, texTerm, texVector, text, withNote, wrong } from "../format";
import type { ExerciseGenerator, GeneratedExercise, WrongAnswer } from "../types";

const NORM_ORDERS: readonly NormOrder[] = [0, 1, 2, 3, "inf"];
const NORM_VECTOR_MIN_LENGTH = 4;
const NORM_VECTOR_MAX_LENGTH = 6;
const NORM_ENTRY_BOUND = 5;
const NONZERO_FILL = [1, 2, 3, -1, -2, -3];

function drawNormVector(rng: Rng): number[] {
  const length = rng.int(NORM_VECTOR_MIN_LENGTH, NORM_VECTOR_MAX_LENGTH);
  const vector = Array.from({ length }, () => rng.int(-NORM_ENTRY_BOUND, NORM_ENTRY_BOUND));
  // At least one zero and one non-zero entry, so "count the zeros" differs from L0.
  const zeroAt = rng.int(0, length - 1);
  vector[zeroAt] = 0;
  const otherAt = (zeroAt + 1) % length;
  if (vector[otherAt] === 0) vector[otherAt] = rng.pick(NONZERO_FILL);
  return vector;
}

function texNormName(p: NormOrder): string {
  return p === "inf" ? "L_\\infty" : `L_${p}`;
}

function generateNormLp(rng: Rng): GeneratedExercise {
  const vector = drawNormVector(rng);
  const p = rng.pick(NORM_ORDERS);
  const abs = vector.map(Math.abs);
  const nonZero = vector.filter((v) => v !== 0).length;
  const zeros = vector.length - nonZero;
  const x = texVector(vector);
  const name = texNormName(p);
  const sub = p === "inf" ? "\\infty" : String(p);
  const prompt = text(
    `求向量 $x = ${x}$ 的 $${name}$ 范数 $\\lVert x \\rVert_{${sub}}$。`,
    `Compute the $${name}$ norm $\\lVert x \\rVert_{${sub}}$ of the vector $x = ${x}$.`,
  );
  const wrongs: WrongAnswer[] = [];
  let value: number;
  let kind: "integer" | "real" = "integer";
  let solution;
  let hints;
  const answerForms: string[] = [];
  if (p === 0) {
    value = nonZero;
    wrongs.push(
      wrong(
        zeros,
        "你数的是 0 的个数。L0 范数数的是非零元素的个数（笔记里写成「0的个数」，这是个常见的误记）。",
        'You counted the zeros. The L0 norm counts the non-zero entries (the notes say "the number of 0s", a common slip).',
      ),
      wrong(
        vector.length,
        "你数了全部元素；L0 只数非零元素。",
        "You counted every entry; L0 counts only the non-zero ones.",
      ),
    );
    hints = [
      text("L0「范数」是一个计数。", 'The L0 "norm" is a count.'),
      text("它数的是向量中**不为 0** 的元素。", "It counts the entries that are **not** zero."),
    ];
    solution = [
      text("$\\lVert x \\rVert_0 = \\#\\{i : x_i \\ne 0\\}$", "$\\lVert x \\rVert_0 = \\#\\{i : x_i \\ne 0\\}$"),
      text(
        `非零元素有 ${nonZero} 个（共 ${vector.length} 个，其中 ${zeros} 个为 0），所以 $\\lVert x \\rVert_0 = ${nonZero}$。`,
        `There are ${nonZero} non-zero entries (${vector.length} in all, ${zeros} zeros), so $\\lVert x \\rVert_0 = ${nonZero}$.`,
      ),
    ];
  } else if (p === "inf") {
    value = computeNorm(vector, "inf");
    wrongs.push(
      wrong(
        computeMax(vector),
        "你取了最大的元素本身；L∞ 取的是绝对值最大的元素。",
        "You took the largest entry itself; L∞ takes the largest absolute value.",
      ),
    );
    hints = [
      text("L∞ 是 p → ∞ 时 Lp 范数的极限。", "L∞ is the limit of the Lp norm as p → ∞."),
      text("它等于各元素绝对值中的最大者。", "It equals the largest absolute value among the entries."),
    ];
    solution = [
      text("$\\lVert x \\rVert_\\infty = \\max_i |x_i|$", "$\\lVert x \\rVert_\\infty = \\max_i |x_i|$"),
      text(`$\\max${texVector(abs)} = ${value}$`, `$\\max${texVector(abs)} = ${value}$`),
    ];
  } else if (p === 1) {
    value = computeNorm(vector, 1);
    wrongs.push(
      wrong(
        computeSum(vector),
        "你直接把元素相加了，忘了取绝对值。",
        "You added the entries directly and forgot the absolute values.",
      ),
    );
    hints = [
      text("L1 范数与元素的符号无关。", "The L1 norm ignores the signs of the entries."),
      text("把每个元素的绝对值加起来。", "Add up the absolute value of every entry."),
    ];
    solution = [
      text("$\\lVert x \\rVert_1 = \\sum_i |x_i|$", "$\\lVert x \\rVert_1 = \\sum_i |x_i|$"),
      text(`$= ${abs.join(" + ")} = ${value}$`, `$= ${abs.join(" + ")} = ${value}$`),
    ];
  } else {
    value = computeNorm(vector, p);
    kind = "real";
    const powers = abs.map((a) => a ** p);
    const total = powers.reduce((s, v) => s + v, 0);
    answerForms.push(p === 2 ? `sqrt(${total})` : `${total}^(1/${p})`);
    wrongs.push(
      wrong(
        total,
        `你忘了最后开 ${p} 次方根。`,
        `You forgot to take the ${p === 2 ? "square" : "cube"} root at the end.`,
      ),
      wrong(
        computeNorm(vector, 1),
        "你算的是 L1 范数（绝对值之和）。",
        "You computed the L1 norm (sum of absolute values).",
      ),
    );
    if (p === 3) {
      // The notes' own definition, "向量元素p次方之和再开p方根", has no |x_i|: odd powers of negative entries cancel.
      wrongs.push(
        wrong(
          Math.cbrt(computeSum(vector.map((v) => v ** 3))),
          "你漏了绝对值，和笔记的写法（「向量元素p次方之和再开p方根」）一样：负元素的 3 次方是负数，会和正元素抵消。要先取 |x_i| 再求 3 次方。",
          'You left out the absolute values, as the notes\' definition does ("the p-th root of the sum of the p-th powers"): a negative entry cubed is negative and cancels positive ones. Take |x_i| before cubing.',
        ),
      );
    }
    hints = [
      text(`先把每个元素的绝对值取 ${p} 次方。`, `First raise the absolute value of each entry to the power ${p}.`),
      text(`求和之后再开 ${p} 次方根。`, `Sum them, then take the ${p === 2 ? "square" : "cube"} root.`),
    ];
    solution = [
      text(
        `$\\lVert x \\rVert_${p} = \\left(\\sum_i |x_i|^${p}\\right)^{1/${p}}$`,
        `$\\lVert x \\rVert_${p} = \\left(\\sum_i |x_i|^${p}\\right)^{1/${p}}$`,
      ),
      text(
        `$\\sum_i |x_i|^${p} = ${powers.join(" + ")} = ${total}$`,
        `$\\sum_i |x_i|^${p} = ${powers.join(" + ")} = ${total}$`,
      ),
      text(
        `$\\lVert x \\rVert_${p} = ${total}^{1/${p}} \\approx ${tex(value)}$`,
        `$\\lVert x \\rVert_${p} = ${total}^{1/${p}} \\approx ${tex(value)}$`,
      ),
    ];
  }
  return {
    params: { vector, p },
    prompt: kind === "real" ? withNote(prompt) : prompt,
    answer: { value, kind },
    hints,
    solution,
    wrongAnswers: wrongs,
    ...(answerForms.length > 0 ? { answerForms } : {}),
  };
}

const NORMALIZE_LENGTH_MIN = 4;
const NORMALIZE_LENGTH_MAX = 6;
const NORMALIZE_VALUE_MIN = 0;
const NORMALIZE_VALUE_MAX = 20;

function drawSpreadVector(rng: Rng): number[] {
  const length = rng.int(NORMALIZE_LENGTH_MIN, NORMALIZE_LENGTH_MAX);
  const vector = Array.from({ length }, () => rng.int(NORMALIZE_VALUE_MIN, NORMALIZE_VALUE_MAX));
  // max > min, so neither (max - min) nor the standard deviation is 0.
  if (computeMax(vector) === computeMin(vector)) vector[0] = (vector[0] ?? 0) + rng.int(1, 5);
  return vector;
}

function generateMinMax(rng: Rng): GeneratedExercise {
  const vector = drawSpreadVector(rng);
  const index = rng.int(0, vector.length - 1);
  const x = vector[index] ?? 0;
  const lo = computeMin(vector);
  const hi = computeMax(vector);
  const value = (x - lo) / (hi - lo);
  const mean = computeMean(vector);
  return {
    params: { vector, index },
    prompt: withNote(
      text(
        `对数据 $${texVector(vector)}$ 做最小–最大归一化（缩放到 $[0, 1]$）。第 ${index + 1} 个值 $x_{${index + 1}} = ${x}$ 归一化后是多少？`,
        `Apply min–max normalization (rescale to $[0, 1]$) to the data $${texVector(vector)}$. What does entry ${index + 1}, $x_{${index + 1}} = ${x}$, become?`,
      ),
    ),
    answer: { value, kind: "real" },
    hints: [
      text(
        "归一化是线性变换：最小值变成 0，最大值变成 1。",
        "Normalization is linear: the minimum maps to 0 and the maximum to 1.",
      ),
      text("$x' = \\dfrac{x - \\min}{\\max - \\min}$", "$x' = \\dfrac{x - \\min}{\\max - \\min}$"),
    ],
    solution: [
      text(`$\\min = ${lo}$，$\\max = ${hi}$`, `$\\min = ${lo}$, $\\max = ${hi}$`),
      text(
        `$x' = \\dfrac{${x} - ${texTerm(lo)}}{${hi} - ${texTerm(lo)}} = \\dfrac{${x - lo}}{${hi - lo}} \\approx ${tex(value)}$`,
        `$x' = \\dfrac{${x} - ${texTerm(lo)}}{${hi} - ${texTerm(lo)}} = \\dfrac{${x - lo}}{${hi - lo}} \\approx ${tex(value)}$`,
      ),
    ],
    wrongAnswers: [
      wrong(
        hi === 0 ? Number.NaN : x / hi,
        "你只除以了最大值，没有先减去最小值。",
        "You divided by the maximum without subtracting the minimum first.",
      ),
      wrong(
        hi === 0 ? Number.NaN : (x - lo) / hi,
        "分母应该是 max − min（极差），不是 max。",
        "The denominator is max − min (the range), not max.",
      ),
      wrong(
        (x - mean) / (hi - lo),
        "你减去的是平均值（均值归一化），这里要减最小值。",
        "You subtracted the mean (mean normalization); subtract the minimum here.",
      ),
    ],
    answerForms: [`${x - lo}/${hi - lo}`],
  };
}

function generateZScore(rng: Rng): GeneratedExercise {
  const vector = drawSpreadVector(rng);
  const index = rng.int(0, vector.length - 1);
  const x = vector[index] ?? 0;
  const n = vector.length;
  const mean = computeMean(vector);
  const sigma = computeStd(vector, "uncorrected");
  const sampleStd = computeStd(vector, "unbiased");
  const value = (x - mean) / sigma;
  const squares = vector.map((v) => (v - mean) ** 2);
  const ss = computeSum(squares);
  return {
    params: { vector, index },
    prompt: withNote(
      text(
        `对数据 $${texVector(vector)}$ 做 z-score 标准化，使用**总体**标准差（$\\sigma = \\sqrt{\\tfrac{1}{n}\\sum (x_i-\\mu)^2}$）。第 ${index + 1} 个值 $x_{${index + 1}} = ${x}$ 标准化后是多少？`,
        `Standardize the data $${texVector(vector)}$ with the z-score, using the **population** standard deviation ($\\sigma = \\sqrt{\\tfrac{1}{n}\\sum (x_i-\\mu)^2}$). What does entry ${index + 1}, $x_{${index + 1}} = ${x}$, become?`,
      ),
    ),
    answer: { value, kind: "real" },
    hints: [
      text(
        "z-score 表示这个值离平均值有几个标准差。",
        "A z-score says how many standard deviations a value lies from the mean.",
      ),
      text(
        "$z = \\dfrac{x - \\mu}{\\sigma}$，先算 $\\mu$，再算 $\\sigma$（除以 $n$，不是 $n-1$）。",
        "$z = \\dfrac{x - \\mu}{\\sigma}$: find $\\mu$, then $\\sigma$ (divide by $n$, not $n-1$).",
      ),
    ],
    solution: [
      text(
        `$\\mu = \\dfrac{${computeSum(vector)}}{${n}} = ${tex(mean)}$`,
        `$\\mu = \\dfrac{${computeSum(vector)}}{${n}} = ${tex(mean)}$`,
      ),
      text(
        `$\\sigma = \\sqrt{\\dfrac{${tex(ss)}}{${n}}} \\approx ${tex(sigma)}$`,
        `$\\sigma = \\sqrt{\\dfrac{${tex(ss)}}{${n}}} \\approx ${tex(sigma)}$`,
      ),
      text(
        `$z = \\dfrac{${x} - ${tex(mean)}}{${tex(sigma)}} \\approx ${tex(value)}$`,
        `$z = \\dfrac{${x} - ${tex(mean)}}{${tex(sigma)}} \\approx ${tex(value)}$`,
      ),
    ],
    wrongAnswers: [
      wrong(
        (x - mean) / sampleStd,
        "你用了样本标准差（除以 n−1）；题目要求总体标准差（除以 n）。",
        "You used the sample standard deviation (divide by n−1); the question asks for the population one (divide by n).",
      ),
      wrong(x / sigma, "你忘了先减去平均值。", "You forgot to subtract the mean first."),
      wrong(
        (x - mean) / (sigma * sigma),
        "你除以的是方差，应除以标准差。",
        "You divided by the variance instead of the standard deviation.",
      ),
    ],
    answerForms: [`(${x} - ${fmt(mean, 15)})/sqrt(${fmt(ss, 15)}/${n})`],
  };
}

export const NORM_GENERATORS: ExerciseGenerator[] = [
  {
    info: {
      id: "norm-lp",
      topic: "norms",
      chapter: "concepts",
      title: text("向量的 Lp 范数", "Lp norm of a vector"),
      source: "部分概念补充 › 4、范数",
    },
    generate: generateNormLp,
  },
  {
    info: {
      id: "normalize-minmax",
      topic: "normalization",
      chapter: "concepts",
      title: text("最小–最大归一化", "Min–max normalization"),
      source: "部分概念补充 › 5、归一化",
    },
    generate: generateMinMax,
  },
  {
    info: {
      id: "normalize-zscore",
      topic: "normalization",
      chapter: "concepts",
      title: text("z-score 标准化", "Z-score standardization"),
      source: "部分概念补充 › 5、归一化",
    },
    generate: generateZScore,
  },
];
