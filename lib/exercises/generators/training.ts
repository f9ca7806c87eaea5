/**
 * Gradient clipping by global norm, inverted dropout and batch-norm standardization
 * (notes: 部分概念补充 › 9、梯度消失、梯度爆炸 — 梯度剪切, batchnorm; 第四章 › 4.4 › 过拟合问题(Dropout)).
 * - tf.clip_by_global_norm(t_list, c): global_norm = √(Σ_i ‖t_i‖²), t_i ← t_i · c / max(global_norm, c)
 *   (TensorFlow 1.x API docs; Pascanu, Mikolov & Bengio 2013).
 * - Inverted dropout keeps each unit with probability 1 − p and scales the kept ones by 1/(1 − p), so the expected
 *   output is unchanged and inference needs no rescaling (Srivastava et al. 2014; tf.nn.dropout takes keep_prob in
 *   TF1, tf.layers.dropout takes rate = p in TF.js).
 * - Batch norm: x̂ = (x − μ_B)/√(σ²_B + ε) with the mini-batch mean and the biased variance (1/m), y = γ·x̂ + β
 *   (Ioffe & Szegedy 2015, Algorithm 1).
 */
import type { Rng } from "../../random";
import { cleanDecimal, computeMean, computeSum } from "../math";
import { fmt, tex, texTerm, texVector, text, withNote, wrong } from "../format";
import type { ExerciseGenerator, GeneratedExercise, WrongAnswer } from "../types";

const CLIP_GRADIENT_BOUND = 6;
const CLIP_NORMS = [1, 2, 5, 10] as const;

function l2(values: readonly number[]): number {
  return Math.sqrt(computeSum(values.map((v) => v * v)));
}

function drawGradient(rng: Rng, length: number): number[] {
  const values = Array.from({ length }, () => rng.int(-CLIP_GRADIENT_BOUND, CLIP_GRADIENT_BOUND));
  if (!values.some((v) => v !== 0)) values[0] = rng.pick([-3, 3, 4]);
  return values;
}

function generateClipGlobalNorm(rng: Rng): GeneratedExercise {
  const first = drawGradient(rng, 2);
  const second = drawGradient(rng, rng.int(1, 2));
  const clipNorm = rng.pick(CLIP_NORMS);
  const all = [...first, ...second];
  const globalNorm = l2(all);
  const scale = clipNorm / Math.max(globalNorm, clipNorm);
  const value = all.map((v) => v * scale);
  const perTensor = [first, second].flatMap((t) => t.map((v) => (v * clipNorm) / Math.max(l2(t), clipNorm)));
  const sumOfNorms = l2(first) + l2(second);
  const wrongs: WrongAnswer[] = [
    wrong(
      perTensor,
      "你把每个张量按自己的范数分别裁剪了（tf.clip_by_norm）；clip_by_global_norm 用所有梯度合起来的范数，所有张量乘同一个因子。",
      "You clipped each tensor by its own norm (tf.clip_by_norm); clip_by_global_norm uses the norm of all gradients together and one factor for every tensor.",
    ),
    wrong(
      all.map((v) => Math.min(clipNorm, Math.max(-clipNorm, v))),
      "这是按值裁剪（tf.clip_by_value）：按范数裁剪会等比例缩小，方向不变。",
      "That is clipping by value (tf.clip_by_value): clipping by norm scales everything down by one ratio and keeps the direction.",
    ),
    wrong(
      all.map((v) => (v * clipNorm) / globalNorm),
      "全局范数没超过阈值时不缩放：因子是 clip_norm / max(global_norm, clip_norm)。",
      "Below the threshold nothing is scaled: the factor is clip_norm / max(global_norm, clip_norm).",
    ),
    wrong(
      all.map((v) => (v * clipNorm) / Math.max(sumOfNorms, clipNorm)),
      "全局范数不是各张量范数之和，而是 √(Σ‖t_i‖²)。",
      "The global norm is not the sum of the tensors' norms but √(Σ‖t_i‖²).",
    ),
  ];
  const squares = computeSum(all.map((v) => v * v));
  return {
    params: { first, second, clipNorm },
    prompt: withNote(
      text(
        `两个参数的梯度为 $t_1 = ${texVector(first)}$、$t_2 = ${texVector(second)}$。执行 \`tf.clip_by_global_norm([t1, t2], ${clipNorm})\` 后，按顺序写出裁剪后 $t_1$、$t_2$ 的全部 ${all.length} 个元素，如 \`[a, b, c]\`。`,
        `Two parameters have gradients $t_1 = ${texVector(first)}$ and $t_2 = ${texVector(second)}$. After \`tf.clip_by_global_norm([t1, t2], ${clipNorm})\`, give all ${all.length} entries of the clipped $t_1$ and $t_2$ in order, e.g. \`[a, b, c]\`.`,
      ),
    ),
    answer: { value, kind: "real" },
    hints: [
      text(
        "先把所有梯度当成一个长向量求 L2 范数：$\\sqrt{\\sum_i \\lVert t_i \\rVert_2^2}$。",
        "First take the L2 norm of all gradients as one long vector: $\\sqrt{\\sum_i \\lVert t_i \\rVert_2^2}$.",
      ),
      text(
        "每个元素都乘以同一个因子 $\\dfrac{c}{\\max(\\text{global\\_norm},\\, c)}$。",
        "Multiply every entry by the same factor $\\dfrac{c}{\\max(\\text{global\\_norm},\\, c)}$.",
      ),
    ],
    solution: [
      text(
        `$\\text{global\\_norm} = \\sqrt{${squares}} \\approx ${tex(globalNorm)}$`,
        `$\\text{global\\_norm} = \\sqrt{${squares}} \\approx ${tex(globalNorm)}$`,
      ),
      text(
        `因子 $= \\dfrac{${clipNorm}}{\\max(${tex(globalNorm)},\\ ${clipNorm})} = ${tex(scale)}$${scale === 1 ? "（没超过阈值，梯度不变）" : ""}`,
        `Factor $= \\dfrac{${clipNorm}}{\\max(${tex(globalNorm)},\\ ${clipNorm})} = ${tex(scale)}$${scale === 1 ? " (within the threshold, nothing changes)" : ""}`,
      ),
      text(`裁剪后：$${texVector(value)}$`, `Clipped: $${texVector(value)}$`),
    ],
    wrongAnswers: wrongs,
    answerForms: [`[${all.map((v) => `${v}*${clipNorm}/max(sqrt(${squares}), ${clipNorm})`).join(", ")}]`],
  };
}

const DROPOUT_RATES = [0.2, 0.25, 0.5, 0.6] as const;
const DROPOUT_UNITS = 4;
const ACTIVATION_MAX = 3;

type DropoutApi = "tf1" | "tfjs";

function generateInvertedDropout(rng: Rng): GeneratedExercise {
  const activations = Array.from({ length: DROPOUT_UNITS }, () => rng.float(0.1, ACTIVATION_MAX, 1));
  const mask = Array.from({ length: DROPOUT_UNITS }, () => (rng.bool() ? 1 : 0));
  // At least one unit kept and one dropped, so scaling and masking both show.
  const kept = rng.int(0, DROPOUT_UNITS - 1);
  mask[kept] = 1;
  mask[(kept + 1 + rng.int(0, DROPOUT_UNITS - 2)) % DROPOUT_UNITS] = 0;
  const rate = rng.pick(DROPOUT_RATES);
  const keepProb = cleanDecimal(1 - rate, 4);
  const api = rng.pick<DropoutApi>(["tf1", "tfjs"]);
  const value = activations.map((a, i) => ((mask[i] ?? 0) * a) / keepProb);
  const call = api === "tf1" ? `\`tf.nn.dropout(h, keep_prob=${keepProb})\`` : `\`tf.layers.dropout({rate: ${rate}})\``;
  const named = api === "tf1" ? `keep_prob = ${keepProb}` : `rate = ${rate}`;
  const masked = activations.map((a, i) => (mask[i] ?? 0) * a);
  return {
    params: { activations, mask, rate, api },
    prompt: withNote(
      text(
        `训练时对 $h = ${texVector(activations)}$ 做 dropout：${call}。这一步随机得到的保留掩码为 $${texVector(mask)}$（1 保留，0 丢弃）。dropout 的输出是多少？输入 ${DROPOUT_UNITS} 个数。`,
        `During training, dropout ${call} is applied to $h = ${texVector(activations)}$. This step's random keep mask is $${texVector(mask)}$ (1 keeps, 0 drops). What does dropout output? Type ${DROPOUT_UNITS} numbers.`,
      ),
    ),
    answer: { value, kind: "real" },
    hints: [
      text(
        "TF1 的参数是**保留**概率 keep_prob，TF.js 的 rate 是**丢弃**概率。",
        "TF1's argument is the probability of **keeping** (keep_prob); TF.js's rate is the probability of **dropping**.",
      ),
      text(
        "被丢弃的单元输出 0；保留的单元除以保留概率 $1 - p$，这样输出的期望不变。",
        "Dropped units output 0; kept units are divided by the keep probability $1 - p$, so the expected output is unchanged.",
      ),
    ],
    solution: [
      text(`${named}，保留概率 $1 - p = ${keepProb}$`, `${named}, so the keep probability is $1 - p = ${keepProb}$`),
      text(
        `$${texVector(masked)} / ${keepProb} = ${texVector(value)}$`,
        `$${texVector(masked)} / ${keepProb} = ${texVector(value)}$`,
      ),
    ],
    wrongAnswers: [
      wrong(
        masked,
        "只把丢弃的单元置 0 还不够：保留的单元要除以保留概率 1 − p（inverted dropout）。",
        "Zeroing the dropped units is not all: the kept ones are divided by the keep probability 1 − p (inverted dropout).",
      ),
      wrong(
        masked.map((a) => a * keepProb),
        "方向反了：训练时保留的单元要**除以** 1 − p，不是乘以它。",
        "Backwards: during training the kept units are **divided** by 1 − p, not multiplied by it.",
      ),
      wrong(
        masked.map((a) => a / (1 - keepProb)),
        api === "tf1"
          ? "keep_prob 是保留概率：要除以 keep_prob 本身，不是 1 − keep_prob。"
          : "rate 是丢弃概率：要除以 1 − rate，不是 rate。",
        api === "tf1"
          ? "keep_prob is the keep probability: divide by keep_prob itself, not by 1 − keep_prob."
          : "rate is the drop probability: divide by 1 − rate, not by rate.",
      ),
      wrong(
        activations.map((a) => a / keepProb),
        "掩码为 0 的单元被丢弃，输出应为 0。",
        "Units whose mask is 0 are dropped and output 0.",
      ),
    ],
    answerForms: [`[${masked.map((a) => `${fmt(a, 12)}/(1 - ${rate})`).join(", ")}]`],
  };
}

const BN_BATCH = 4;
const BN_VALUE_MIN = -1;
const BN_VALUE_MAX = 2;
const BN_EPSILONS = [0.001, 0.01] as const;
const BN_GAMMAS = [0.5, 1.5, 2] as const;
const BN_BETAS = [-0.5, 0.1, 1] as const;

function generateBatchNorm(rng: Rng): GeneratedExercise {
  const batch = Array.from({ length: BN_BATCH }, () => rng.float(BN_VALUE_MIN, BN_VALUE_MAX, 1));
  if (batch.every((x) => x === batch[0])) batch[0] = cleanDecimal((batch[0] ?? 0) + 0.5, 1);
  const index = rng.int(0, BN_BATCH - 1);
  const epsilon = rng.pick(BN_EPSILONS);
  const gamma = rng.pick(BN_GAMMAS);
  const beta = rng.pick(BN_BETAS);
  const x = batch[index] ?? 0;
  const mean = computeMean(batch);
  const squaredDeviations = computeSum(batch.map((b) => (b - mean) ** 2));
  const variance = squaredDeviations / BN_BATCH;
  const normalized = (x - mean) / Math.sqrt(variance + epsilon);
  const value = gamma * normalized + beta;
  return {
    params: { batch, index, epsilon, gamma, beta },
    prompt: withNote(
      text(
        `批归一化层在训练时收到一个 mini-batch 中某个特征的 ${BN_BATCH} 个值 $${texVector(batch)}$，参数 $\\gamma = ${gamma}$、$\\beta = ${beta}$、$\\epsilon = ${epsilon}$（方差按 $\\tfrac{1}{m}$ 计算，同 Ioffe & Szegedy 2015）。第 ${index + 1} 个值 $x_{${index + 1}} = ${x}$ 的输出 $y_{${index + 1}}$ 是多少？`,
        `During training a batch-norm layer receives the ${BN_BATCH} values $${texVector(batch)}$ of one feature in a mini-batch, with $\\gamma = ${gamma}$, $\\beta = ${beta}$ and $\\epsilon = ${epsilon}$ (variance with $\\tfrac{1}{m}$, as in Ioffe & Szegedy 2015). What is the output $y_{${index + 1}}$ for value ${index + 1}, $x_{${index + 1}} = ${x}$?`,
      ),
    ),
    answer: { value, kind: "real" },
    hints: [
      text(
        "先用这个 mini-batch 求均值 $\\mu_B$ 和方差 $\\sigma_B^2$（除以 $m$）。",
        "First the mini-batch mean $\\mu_B$ and variance $\\sigma_B^2$ (divide by $m$).",
      ),
      text(
        "$\\hat x = \\dfrac{x - \\mu_B}{\\sqrt{\\sigma_B^2 + \\epsilon}}$，再 $y = \\gamma \\hat x + \\beta$。",
        "$\\hat x = \\dfrac{x - \\mu_B}{\\sqrt{\\sigma_B^2 + \\epsilon}}$, then $y = \\gamma \\hat x + \\beta$.",
      ),
    ],
    solution: [
      text(
        `$\\mu_B = ${tex(mean)}$，$\\sigma_B^2 = \\dfrac{${tex(squaredDeviations)}}{${BN_BATCH}} = ${tex(variance)}$`,
        `$\\mu_B = ${tex(mean)}$, $\\sigma_B^2 = \\dfrac{${tex(squaredDeviations)}}{${BN_BATCH}} = ${tex(variance)}$`,
      ),
      text(
        `$\\hat x = \\dfrac{${x} - ${texTerm(mean)}}{\\sqrt{${tex(variance)} + ${epsilon}}} \\approx ${tex(normalized)}$`,
        `$\\hat x = \\dfrac{${x} - ${texTerm(mean)}}{\\sqrt{${tex(variance)} + ${epsilon}}} \\approx ${tex(normalized)}$`,
      ),
      text(
        `$y = ${gamma} \\times ${texTerm(normalized)} + ${texTerm(beta)} \\approx ${tex(value)}$`,
        `$y = ${gamma} \\times ${texTerm(normalized)} + ${texTerm(beta)} \\approx ${tex(value)}$`,
      ),
    ],
    wrongAnswers: [
      wrong(
        (gamma * (x - mean)) / Math.sqrt(variance) + beta,
        "漏了 ε：分母是 √(σ² + ε)。",
        "You left out ε: the denominator is √(σ² + ε).",
      ),
      wrong(
        (gamma * (x - mean)) / Math.sqrt(squaredDeviations / (BN_BATCH - 1) + epsilon) + beta,
        "批归一化的方差除以 m（有偏估计），不是 m − 1。",
        "Batch norm's variance divides by m (the biased estimate), not m − 1.",
      ),
      wrong(
        normalized,
        "这只是标准化后的 x̂，还要缩放平移：y = γ x̂ + β。",
        "That is only x̂; scale and shift it: y = γ x̂ + β.",
      ),
      wrong(
        (gamma * (x - mean)) / (variance + epsilon) + beta,
        "分母要开平方根：除以标准差 √(σ² + ε)，不是方差。",
        "Take the square root: divide by the standard deviation √(σ² + ε), not the variance.",
      ),
      wrong(
        gamma * (normalized + beta),
        "β 是最后加上的：y = γ x̂ + β，不是 γ(x̂ + β)。",
        "β is added last: y = γ x̂ + β, not γ(x̂ + β).",
      ),
    ],
    answerForms: [`${gamma}*(${x} - ${fmt(mean, 15)})/sqrt(${fmt(variance, 15)} + ${epsilon}) + (${beta})`],
  };
}

export const TRAINING_GENERATORS: ExerciseGenerator[] = [
  {
    info: {
      id: "clip-global-norm",
      topic: "optimization",
      chapter: "concepts",
      title: text("按全局范数裁剪梯度", "Clipping gradients by global norm"),
      source: "部分概念补充 › 9、梯度消失、梯度爆炸",
    },
    generate: generateClipGlobalNorm,
  },
  {
    info: {
      id: "inverted-dropout",
      topic: "regularization",
      chapter: "ch4",
      title: text("dropout 的缩放因子 1/(1−p)", "Inverted dropout's 1/(1−p) scaling"),
      source: "第四章 › 4.4 神经网络进一步优化 › 过拟合问题(Dropout)",
    },
    generate: generateInvertedDropout,
  },
  {
    info: {
      id: "batch-norm",
      topic: "normalization",
      chapter: "concepts",
      title: text("批归一化的标准化与缩放", "Batch-norm standardization, scale and shift"),
      source: "部分概念补充 › 9、梯度消失、梯度爆炸",
    },
    generate: generateBatchNorm,
  },
];
