/**
 * Softmax, entropy and cross-entropy (notes: 部分概念补充 › 7、softmax、信息熵、香农定理; 第四章 › 4.2 损失函数).
 * softmax(z)_i = e^{z_i} / Σ_j e^{z_j}; H(p) = −Σ p_i log p_i; H(p, q) = −Σ p_i log q_i
 * (Shannon 1948; Cover & Thomas, Elements of Information Theory, §2.1; Goodfellow et al., Deep Learning, §3.13, §6.2.2.3).
 * Base 2 gives bits, base e gives nats.
 */
import type { Rng } from "../../random";
import { cleanDecimal, computeExp, computeLog, computeSigmoid, computeSum } from "../math";
import { fmt, tex, texVector, text, withNote, wrong } from "../format";
import type { Bilingual, ExerciseGenerator, GeneratedExercise, WrongAnswer } from "../types";

type LogBase = 2 | "e";

const LOG_BASES: readonly LogBase[] = [2, "e"];
const LOGIT_MIN = -2;
const LOGIT_MAX = 3;
const TENTHS = 10;

/** Distributions whose base-2 entropy is a whole number of bits or a short fraction. */
const DYADIC_DISTRIBUTIONS: readonly (readonly number[])[] = [
  [0.5, 0.5],
  [0.5, 0.25, 0.25],
  [0.25, 0.25, 0.25, 0.25],
  [0.5, 0.25, 0.125, 0.125],
  [0.75, 0.25],
];

/** A random split of 1 into `count` positive multiples of 0.1. */
function drawTenths(rng: Rng, count: number): number[] {
  const cuts = rng.sample([1, 2, 3, 4, 5, 6, 7, 8, 9], count - 1).sort((a, b) => a - b);
  const bounds = [0, ...cuts, TENTHS];
  return bounds.slice(1).map((b, i) => (b - (bounds[i] ?? 0)) / TENTHS);
}

function unitName(base: LogBase): Bilingual {
  return base === 2
    ? text("比特（bit，以 2 为底）", "bits (log base 2)")
    : text("奈特（nat，以 e 为底）", "nats (natural log, base e)");
}

/** The answer reader's information units (lib/answers/units.ts): a typed "0.693 nat" is converted to bits and back. */
function unitSymbol(base: LogBase): "bit" | "nat" {
  return base === 2 ? "bit" : "nat";
}

function logTex(base: LogBase): string {
  return base === 2 ? "\\log_2" : "\\ln";
}

function logExpr(base: LogBase, arg: string): string {
  return base === 2 ? `log2(${arg})` : `ln(${arg})`;
}

function otherBaseWrong(value: number, base: LogBase): WrongAnswer {
  return base === 2
    ? wrong(
        value * Math.LN2,
        "你用了自然对数 ln（单位 nat）；题目要的是以 2 为底（单位 bit）。",
        "You used the natural log (nats); the question asks for log base 2 (bits).",
      )
    : wrong(
        value / Math.LN2,
        "你用了以 2 为底的对数（单位 bit）；题目要的是自然对数（单位 nat）。",
        "You used log base 2 (bits); the question asks for the natural log (nats).",
      );
}

function generateSoftmax(rng: Rng): GeneratedExercise {
  const length = rng.int(3, 4);
  const logits = Array.from({ length }, () => rng.int(LOGIT_MIN, LOGIT_MAX));
  const index = rng.int(0, length - 1);
  const exps = logits.map(computeExp);
  const total = computeSum(exps);
  const zi = logits[index] ?? 0;
  const value = (exps[index] ?? 0) / total;
  const logitSum = computeSum(logits);
  const wrongs: WrongAnswer[] = [
    wrong(
      computeSigmoid(zi),
      "你用的是 sigmoid；softmax 要对所有类别的 e^z 归一化。",
      "You applied the sigmoid; softmax normalizes e^z over all classes.",
    ),
  ];
  if (logitSum !== 0) {
    wrongs.unshift(
      wrong(
        zi / logitSum,
        "你没有取指数，直接用 z_i / Σz_j 归一化了。",
        "You normalized the raw logits z_i / Σz_j without exponentiating.",
      ),
    );
  }
  return {
    params: { logits, index },
    prompt: withNote(
      text(
        `神经网络的原始输出（logits）为 $z = ${texVector(logits)}$。经过 softmax 后，第 ${index + 1} 个类别的概率是多少？`,
        `A network's raw outputs (logits) are $z = ${texVector(logits)}$. After softmax, what is the probability of class ${index + 1}?`,
      ),
    ),
    answer: { value, kind: "real" },
    hints: [
      text("softmax 把任意实数变成一个概率分布。", "Softmax turns arbitrary reals into a probability distribution."),
      text("先对每个 $z_j$ 取 $e^{z_j}$，再除以它们的和。", "Take $e^{z_j}$ of each logit, then divide by their sum."),
      text(
        "$\\mathrm{softmax}(z)_i = \\dfrac{e^{z_i}}{\\sum_j e^{z_j}}$",
        "$\\mathrm{softmax}(z)_i = \\dfrac{e^{z_i}}{\\sum_j e^{z_j}}$",
      ),
    ],
    solution: [
      text(
        `$\\sum_j e^{z_j} = ${logits.map((z) => `e^{${z}}`).join(" + ")} \\approx ${tex(total)}$`,
        `$\\sum_j e^{z_j} = ${logits.map((z) => `e^{${z}}`).join(" + ")} \\approx ${tex(total)}$`,
      ),
      text(
        `$\\mathrm{softmax}(z)_{${index + 1}} = \\dfrac{e^{${zi}}}{${tex(total)}} \\approx \\dfrac{${tex(exps[index] ?? 0)}}{${tex(total)}} \\approx ${tex(value)}$`,
        `$\\mathrm{softmax}(z)_{${index + 1}} = \\dfrac{e^{${zi}}}{${tex(total)}} \\approx \\dfrac{${tex(exps[index] ?? 0)}}{${tex(total)}} \\approx ${tex(value)}$`,
      ),
    ],
    wrongAnswers: wrongs,
    answerForms: [`exp(${zi})/(${logits.map((z) => `exp(${z})`).join(" + ")})`],
  };
}

function drawDistribution(rng: Rng): number[] {
  if (rng.bool()) return rng.shuffle(rng.pick(DYADIC_DISTRIBUTIONS));
  return drawTenths(rng, rng.int(2, 4));
}

function generateEntropy(rng: Rng): GeneratedExercise {
  const p = drawDistribution(rng);
  const base = rng.pick(LOG_BASES);
  const terms = p.map((pi) => -pi * computeLog(pi, base));
  const value = computeSum(terms);
  const unit = unitName(base);
  const lg = logTex(base);
  return {
    params: { p, base },
    prompt: withNote(
      text(
        `随机变量的分布为 $p = ${texVector(p)}$。求它的信息熵 $H(p)$，单位：${unit.zh}。`,
        `A random variable has distribution $p = ${texVector(p)}$. Compute its entropy $H(p)$ in ${unit.en}.`,
      ),
    ),
    answer: { value, unit: unitSymbol(base), kind: "real" },
    hints: [
      text(
        "信息熵是消除不确定性所需的平均信息量。",
        "Entropy is the average information needed to remove the uncertainty.",
      ),
      text(`$H(p) = -\\sum_i p_i ${lg} p_i$`, `$H(p) = -\\sum_i p_i ${lg} p_i$`),
      text("注意对数的底决定单位：2 → bit，e → nat。", "The log base sets the unit: 2 → bits, e → nats."),
    ],
    solution: [
      text(`$H(p) = -\\sum_i p_i ${lg} p_i$`, `$H(p) = -\\sum_i p_i ${lg} p_i$`),
      text(
        `$= -(${p.map((pi) => `${pi}${lg} ${pi}`).join(" + ")})$`,
        `$= -(${p.map((pi) => `${pi}${lg} ${pi}`).join(" + ")})$`,
      ),
      text(
        `$= ${terms.map((t) => tex(t)).join(" + ")} \\approx ${tex(value)}$`,
        `$= ${terms.map((t) => tex(t)).join(" + ")} \\approx ${tex(value)}$`,
      ),
    ],
    wrongAnswers: [
      otherBaseWrong(value, base),
      wrong(
        -value,
        "结果不能为负：公式前面有个负号。",
        "Entropy cannot be negative: the formula has a leading minus sign.",
      ),
    ],
    answerForms: [`-(${p.map((pi) => `${pi}*${logExpr(base, String(pi))}`).join(" + ")})`],
  };
}

function generateCrossEntropy(rng: Rng): GeneratedExercise {
  const length = rng.int(3, 4);
  const q = drawTenths(rng, length);
  let p: number[];
  if (rng.bool(0.6)) {
    const label = rng.int(0, length - 1);
    p = q.map((_, i) => (i === label ? 1 : 0));
  } else {
    p = drawTenths(rng, length);
  }
  const base = rng.pick(LOG_BASES);
  const lg = logTex(base);
  const used = p.map((pi, i) => ({ pi, qi: q[i] ?? 1 })).filter((t) => t.pi > 0);
  const terms = used.map(({ pi, qi }) => -pi * computeLog(qi, base));
  const value = computeSum(terms);
  const unit = unitName(base);
  const swapped = -computeSum(q.map((qi, i) => qi * computeLog(p[i] ?? 0, base)));
  const wrongs: WrongAnswer[] = [
    otherBaseWrong(value, base),
    wrong(
      value / length,
      `你按 \`tf.reduce_mean\` 对 ${length} 个类别取了平均；一个样本的交叉熵是对类别求和。`,
      `You averaged over the ${length} classes as \`tf.reduce_mean\` does; one sample's cross-entropy sums over the classes.`,
    ),
    wrong(
      -value,
      "结果不能为负：公式前面有个负号。",
      "Cross-entropy cannot be negative: the formula has a leading minus sign.",
    ),
  ];
  if (Number.isFinite(swapped)) {
    wrongs.push(
      wrong(
        swapped,
        "p 和 q 反了：p 是正确答案，对数里放的是预测 q，即 −Σ p log q。",
        "You swapped p and q: p is the truth and the log takes the prediction q, −Σ p log q.",
      ),
    );
  }
  return {
    params: { p, q, base },
    prompt: withNote(
      text(
        `真实分布为 $p = ${texVector(p)}$，模型经 softmax 输出的预测分布为 $q = ${texVector(q)}$。求交叉熵 $H(p, q)$，单位：${unit.zh}。`,
        `The true distribution is $p = ${texVector(p)}$ and the model's softmax output is $q = ${texVector(q)}$. Compute the cross-entropy $H(p, q)$ in ${unit.en}.`,
      ),
    ),
    answer: { value, unit: unitSymbol(base), kind: "real" },
    hints: [
      text(
        "交叉熵刻画用 $q$ 来表达 $p$ 的困难程度；它不对称。",
        "Cross-entropy measures how hard it is to express $p$ with $q$; it is not symmetric.",
      ),
      text(
        `$H(p, q) = -\\sum_i p_i ${lg} q_i$，$p_i = 0$ 的项为 0。`,
        `$H(p, q) = -\\sum_i p_i ${lg} q_i$; terms with $p_i = 0$ vanish.`,
      ),
    ],
    solution: [
      text(`$H(p, q) = -\\sum_i p_i ${lg} q_i$`, `$H(p, q) = -\\sum_i p_i ${lg} q_i$`),
      text(
        `$= -(${used.map(({ pi, qi }) => `${pi}${lg} ${qi}`).join(" + ")}) \\approx ${tex(value)}$`,
        `$= -(${used.map(({ pi, qi }) => `${pi}${lg} ${qi}`).join(" + ")}) \\approx ${tex(value)}$`,
      ),
    ],
    wrongAnswers: wrongs,
    answerForms: [`-(${used.map(({ pi, qi }) => `${pi}*${logExpr(base, String(qi))}`).join(" + ")})`],
  };
}

/** Σ p_i log(p_i / q_i), terms with p_i = 0 being 0 (Cover & Thomas, Elements of Information Theory, §2.3). */
function klDivergence(p: readonly number[], q: readonly number[], base: LogBase): number {
  return computeSum(p.map((pi, i) => (pi > 0 ? pi * computeLog(pi / (q[i] ?? 1), base) : 0)));
}

function entropyOf(p: readonly number[], base: LogBase): number {
  return computeSum(p.map((pi) => (pi > 0 ? -pi * computeLog(pi, base) : 0)));
}

type KlAsk = "kl" | "cross-entropy";

function generateKlDivergence(rng: Rng): GeneratedExercise {
  const length = rng.int(2, 4);
  const p = drawTenths(rng, length);
  let q = drawTenths(rng, length);
  // q ≠ p, otherwise the divergence is 0 and every mistake with it.
  if (q.every((qi, i) => qi === p[i])) q = [...q].reverse();
  if (q.every((qi, i) => qi === p[i])) q = length === 2 ? [0.9, 0.1] : drawTenths(rng, length).sort((a, b) => b - a);
  const base = rng.pick(LOG_BASES);
  const ask = rng.pick<KlAsk>(["kl", "cross-entropy"]);
  const lg = logTex(base);
  const unit = unitName(base);
  const kl = klDivergence(p, q, base);
  const entropy = entropyOf(p, base);
  const crossEntropy = entropy + kl;
  const reverse = klDivergence(q, p, base);
  const answerUnit = unitSymbol(base);
  const identity = text(
    "$H(p, q) = H(p) + D_{\\mathrm{KL}}(p\\,\\Vert\\,q)$：交叉熵 = 熵 + KL 散度。",
    "$H(p, q) = H(p) + D_{\\mathrm{KL}}(p\\,\\Vert\\,q)$: cross-entropy = entropy + KL divergence.",
  );
  if (ask === "kl") {
    return {
      params: { p, q, base, ask },
      prompt: withNote(
        text(
          `真实分布 $p = ${texVector(p)}$，模型的预测分布 $q = ${texVector(q)}$。求 KL 散度 $D_{\\mathrm{KL}}(p\\,\\Vert\\,q)$，单位：${unit.zh}。`,
          `The true distribution is $p = ${texVector(p)}$ and the model predicts $q = ${texVector(q)}$. Compute the KL divergence $D_{\\mathrm{KL}}(p\\,\\Vert\\,q)$ in ${unit.en}.`,
        ),
      ),
      answer: { value: kl, unit: answerUnit, kind: "real" },
      hints: [
        text(
          `$D_{\\mathrm{KL}}(p\\,\\Vert\\,q) = \\sum_i p_i ${lg} \\dfrac{p_i}{q_i}$，按 $p$ 加权。`,
          `$D_{\\mathrm{KL}}(p\\,\\Vert\\,q) = \\sum_i p_i ${lg} \\dfrac{p_i}{q_i}$, weighted by $p$.`,
        ),
        identity,
      ],
      solution: [
        text(
          `$D_{\\mathrm{KL}} = ${p.map((pi, i) => `${pi}${lg}\\tfrac{${pi}}{${q[i]}}`).join(" + ")} \\approx ${tex(kl)}$`,
          `$D_{\\mathrm{KL}} = ${p.map((pi, i) => `${pi}${lg}\\tfrac{${pi}}{${q[i]}}`).join(" + ")} \\approx ${tex(kl)}$`,
        ),
        text(
          `验证：$H(p, q) = ${tex(crossEntropy)}$，$H(p) = ${tex(entropy)}$，两者之差正是 $D_{\\mathrm{KL}}$。`,
          `Check: $H(p, q) = ${tex(crossEntropy)}$ and $H(p) = ${tex(entropy)}$; their difference is $D_{\\mathrm{KL}}$.`,
        ),
      ],
      wrongAnswers: [
        wrong(
          reverse,
          "p 和 q 反了：D_KL(p‖q) 以真实分布 p 加权，对数里是 p/q。KL 散度不对称。",
          "You swapped p and q: D_KL(p‖q) is weighted by the true p, with p/q in the log. KL divergence is not symmetric.",
        ),
        wrong(
          -kl,
          "对数里是 p/q，不是 q/p：KL 散度不会是负数。",
          "The log takes p/q, not q/p: a KL divergence is never negative.",
        ),
        otherBaseWrong(kl, base),
        wrong(
          crossEntropy,
          "这是交叉熵 H(p, q)；KL 散度还要减去熵 H(p)。",
          "That is the cross-entropy H(p, q); the KL divergence subtracts the entropy H(p).",
        ),
        wrong(
          computeSum(p.map((pi, i) => computeLog(pi / (q[i] ?? 1), base))),
          "每一项还要乘以 p_i：D_KL 是 log(p/q) 按 p 求的期望。",
          "Each term is weighted by p_i: D_KL is the expectation of log(p/q) under p.",
        ),
      ],
      answerForms: [`${p.map((pi, i) => `${pi}*${logExpr(base, `${pi}/${q[i]}`)}`).join(" + ")}`],
    };
  }
  return {
    params: { p, kl, base, ask },
    prompt: withNote(
      text(
        `真实分布 $p = ${texVector(p)}$，某个预测分布 $q$ 与它的 KL 散度为 $D_{\\mathrm{KL}}(p\\,\\Vert\\,q) = ${tex(kl, 8)}$ ${answerUnit}。不求 $q$，用熵与 KL 散度的关系求交叉熵 $H(p, q)$，单位：${unit.zh}。`,
        `The true distribution is $p = ${texVector(p)}$ and a prediction $q$ has KL divergence $D_{\\mathrm{KL}}(p\\,\\Vert\\,q) = ${tex(kl, 8)}$ ${answerUnit === "bit" ? "bits" : "nats"} from it. Without finding $q$, use the relation between entropy and KL divergence to compute the cross-entropy $H(p, q)$ in ${unit.en}.`,
      ),
    ),
    answer: { value: crossEntropy, unit: answerUnit, kind: "real" },
    hints: [identity, text(`先求 $H(p) = -\\sum_i p_i ${lg} p_i$。`, `First compute $H(p) = -\\sum_i p_i ${lg} p_i$.`)],
    solution: [
      text(
        `$H(p) = -(${p.map((pi) => `${pi}${lg} ${pi}`).join(" + ")}) \\approx ${tex(entropy)}$`,
        `$H(p) = -(${p.map((pi) => `${pi}${lg} ${pi}`).join(" + ")}) \\approx ${tex(entropy)}$`,
      ),
      text(
        `$H(p, q) = H(p) + D_{\\mathrm{KL}} = ${tex(entropy)} + ${tex(kl, 8)} \\approx ${tex(crossEntropy)}$`,
        `$H(p, q) = H(p) + D_{\\mathrm{KL}} = ${tex(entropy)} + ${tex(kl, 8)} \\approx ${tex(crossEntropy)}$`,
      ),
    ],
    wrongAnswers: [
      wrong(
        entropy - kl,
        "KL 散度要加上，不是减去：H(p, q) = H(p) + D_KL(p‖q)，交叉熵不小于熵。",
        "Add the KL divergence, do not subtract it: H(p, q) = H(p) + D_KL(p‖q), and cross-entropy is never below the entropy.",
      ),
      wrong(entropy, "这只是 H(p)，还要加上 D_KL(p‖q)。", "That is H(p) alone; add D_KL(p‖q)."),
      wrong(
        (base === 2 ? entropy * Math.LN2 : entropy / Math.LN2) + kl,
        "H(p) 用错了对数的底：它要和 D_KL 用同一个单位。",
        "H(p) was taken in the other log base: it must be in the same unit as D_KL.",
      ),
    ],
    answerForms: [`-(${p.map((pi) => `${pi}*${logExpr(base, String(pi))}`).join(" + ")}) + ${fmt(kl, 15)}`],
  };
}

const MSE_LENGTH_MIN = 3;
const MSE_LENGTH_MAX = 5;
const MSE_VALUE_MAX = 5;
const MSE_DECIMALS = 1;

function generateMse(rng: Rng): GeneratedExercise {
  const n = rng.int(MSE_LENGTH_MIN, MSE_LENGTH_MAX);
  const yTrue = Array.from({ length: n }, () => rng.float(0, MSE_VALUE_MAX, MSE_DECIMALS));
  const yPred = yTrue.map((y) => cleanDecimal(y + rng.float(-1.5, 1.5, MSE_DECIMALS), MSE_DECIMALS));
  // At least one miss, so the error is not 0 (every mistake would coincide with it).
  yPred[0] = cleanDecimal((yTrue[0] ?? 0) + rng.pick([-1, -0.5, 0.5, 1]), MSE_DECIMALS);
  const diffs = yTrue.map((y, i) => cleanDecimal(y - (yPred[i] ?? 0), MSE_DECIMALS));
  const squares = diffs.map((d) => cleanDecimal(d * d, 2 * MSE_DECIMALS));
  const sse = cleanDecimal(computeSum(squares), 2 * MSE_DECIMALS);
  const value = sse / n;
  return {
    params: { yTrue, yPred },
    prompt: withNote(
      text(
        `回归问题中，真实值（标签）\`y_\` $= ${texVector(yTrue)}$，预测值 \`y\` $= ${texVector(yPred)}$，与笔记中的写法一致。求均方误差 \`tf.reduce_mean(tf.square(y_ - y))\`。`,
        `In a regression problem the targets (labels) are \`y_\` $= ${texVector(yTrue)}$ and the predictions are \`y\` $= ${texVector(yPred)}$, as in the notes. Compute the mean squared error \`tf.reduce_mean(tf.square(y_ - y))\`.`,
      ),
    ),
    answer: { value, kind: "real" },
    hints: [
      text("逐个求差，再平方。", "Take each difference, then square it."),
      text(
        "$\\mathrm{MSE} = \\dfrac{1}{n}\\sum_i (\\texttt{y\\_}_i - \\texttt{y}_i)^2$：标签减预测，平方后对所有元素求平均。",
        "$\\mathrm{MSE} = \\dfrac{1}{n}\\sum_i (\\texttt{y\\_}_i - \\texttt{y}_i)^2$: label minus prediction, squared, averaged over all elements.",
      ),
    ],
    solution: [
      text(
        `差 \`y_ - y\`：$${texVector(diffs)}$；平方：$${texVector(squares)}$`,
        `Differences \`y_ - y\`: $${texVector(diffs)}$; squares: $${texVector(squares)}$`,
      ),
      text(
        `$\\mathrm{MSE} = \\dfrac{${fmt(sse)}}{${n}} \\approx ${tex(value)}$`,
        `$\\mathrm{MSE} = \\dfrac{${fmt(sse)}}{${n}} \\approx ${tex(value)}$`,
      ),
    ],
    wrongAnswers: [
      wrong(
        sse,
        "你只求了平方和，忘了除以 n（`reduce_mean`）。",
        "You summed the squares and forgot to divide by n (reduce_mean).",
      ),
      wrong(
        computeSum(diffs.map(Math.abs)) / n,
        "这是平均绝对误差；MSE 要先平方。",
        "That is the mean absolute error; MSE squares the differences.",
      ),
      wrong(Math.sqrt(value), "你多开了平方根（那是 RMSE）。", "You took a square root (that is the RMSE)."),
    ],
    answerForms: [`${fmt(sse, 12)}/${n}`],
  };
}

const CUSTOM_LENGTH_MIN = 3;
const CUSTOM_LENGTH_MAX = 5;
const CUSTOM_VALUE_MIN = 1;
const CUSTOM_VALUE_MAX = 20;
const COST_MIN = 1;
const COST_MAX = 10;

function generateCustomLoss(rng: Rng): GeneratedExercise {
  const n = rng.int(CUSTOM_LENGTH_MIN, CUSTOM_LENGTH_MAX);
  const v2 = Array.from({ length: n }, () => rng.int(CUSTOM_VALUE_MIN, CUSTOM_VALUE_MAX));
  const v1 = v2.map((y) => y + rng.int(-4, 4));
  // One over- and one under-prediction, so both costs appear in the sum.
  v1[0] = (v2[0] ?? 0) + rng.int(1, 4);
  v1[1] = (v2[1] ?? 0) - rng.int(1, 4);
  const [a, b] = rng.sample(
    Array.from({ length: COST_MAX - COST_MIN + 1 }, (_, i) => COST_MIN + i),
    2,
  ) as [number, number];
  const costs = v1.map((x, i) => {
    const y = v2[i] ?? 0;
    return x > y ? (x - y) * a : (y - x) * b;
  });
  const value = computeSum(costs);
  const swappedCost = computeSum(
    v1.map((x, i) => (x > (v2[i] ?? 0) ? (x - (v2[i] ?? 0)) * b : ((v2[i] ?? 0) - x) * a)),
  );
  return {
    params: { v1, v2, a, b },
    prompt: text(
      `自定义损失 \`loss = tf.reduce_sum(tf.where(tf.greater(v1, v2), (v1 - v2) * a, (v2 - v1) * b))\`，其中 $v_1 = ${texVector(v1)}$（预测），$v_2 = ${texVector(v2)}$（真实），$a = ${a}$，$b = ${b}$。loss 是多少？`,
      `A custom loss \`loss = tf.reduce_sum(tf.where(tf.greater(v1, v2), (v1 - v2) * a, (v2 - v1) * b))\` with $v_1 = ${texVector(v1)}$ (predictions), $v_2 = ${texVector(v2)}$ (targets), $a = ${a}$, $b = ${b}$. What is the loss?`,
    ),
    answer: { value, kind: "integer" },
    hints: [
      text(
        "`tf.where` 逐元素选择：条件为真取第二个参数，否则取第三个。",
        "`tf.where` picks element-wise: the second argument where the condition holds, else the third.",
      ),
      text(
        "预测偏大（$v_1 > v_2$）的每单位代价是 $a$，偏小的是 $b$；最后 `reduce_sum` 求和。",
        "Over-prediction ($v_1 > v_2$) costs $a$ per unit, under-prediction $b$; `reduce_sum` adds them up.",
      ),
    ],
    solution: [
      text(`逐元素代价：$${texVector(costs)}$`, `Element-wise costs: $${texVector(costs)}$`),
      text(`$\\text{loss} = ${costs.join(" + ")} = ${value}$`, `$\\text{loss} = ${costs.join(" + ")} = ${value}$`),
    ],
    wrongAnswers: [
      wrong(
        swappedCost,
        "a 和 b 用反了：v1 > v2（预测偏大）时乘 a。",
        "You swapped a and b: where v1 > v2 (over-prediction) the cost is a.",
      ),
      wrong(
        value / n,
        "这里是 reduce_sum（求和），不是 reduce_mean（平均）。",
        "This is reduce_sum (a sum), not reduce_mean (an average).",
      ),
      wrong(
        computeSum(v1.map((x, i) => Math.abs(x - (v2[i] ?? 0)))),
        "你忘了乘以代价系数 a、b。",
        "You forgot to multiply by the costs a and b.",
      ),
    ],
  };
}

export const INFORMATION_GENERATORS: ExerciseGenerator[] = [
  {
    info: {
      id: "softmax",
      topic: "activations",
      chapter: "concepts",
      title: text("softmax 概率", "Softmax probability"),
      source: "部分概念补充 › 7、softmax、信息熵、香农定理",
    },
    generate: generateSoftmax,
  },
  {
    info: {
      id: "entropy",
      topic: "information",
      chapter: "concepts",
      title: text("信息熵", "Entropy"),
      source: "部分概念补充 › 7、softmax、信息熵、香农定理",
    },
    generate: generateEntropy,
  },
  {
    info: {
      id: "kl-divergence",
      topic: "information",
      chapter: "concepts",
      title: text("KL 散度与交叉熵", "KL divergence and cross-entropy"),
      source: "部分概念补充 › 7、softmax、信息熵、香农定理 › 信息熵",
    },
    generate: generateKlDivergence,
  },
  {
    info: {
      id: "cross-entropy",
      topic: "losses",
      chapter: "ch4",
      title: text("交叉熵", "Cross-entropy"),
      source: "第四章 › 4.2 损失函数 › 分类问题",
    },
    generate: generateCrossEntropy,
  },
  {
    info: {
      id: "mse",
      topic: "losses",
      chapter: "ch4",
      title: text("均方误差", "Mean squared error"),
      source: "第四章 › 4.2 损失函数 › 回归问题",
    },
    generate: generateMse,
  },
  {
    info: {
      id: "custom-loss",
      topic: "losses",
      chapter: "ch4",
      title: text("自定义损失函数（tf.where）", "Custom loss with tf.where"),
      source: "第四章 › 4.2 损失函数 › 自定义损失函数",
    },
    generate: generateCustomLoss,
  },
];
