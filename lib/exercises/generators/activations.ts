/**
 * Sigmoid gradients, logistic regression and one RNN step
 * (notes: 部分概念补充 › 8、循环神经网络, 9、梯度消失、梯度爆炸, 11、逻辑回归).
 * σ(z) = 1/(1 + e^{−z}), σ'(z) = σ(z)(1 − σ(z)) ≤ 1/4, so backpropagating through n sigmoid layers
 * multiplies the gradient by at most 0.25^n, ignoring weights (Glorot & Bengio 2010; Goodfellow et al. §6.3.2, §8.2.5).
 * RNN: S_t = f(U·X_t + W·S_{t−1}) (Goodfellow et al., Deep Learning, §10.2, eq. 10.8 without bias).
 */
import type { Rng } from "../../random";
import {
  addVectors,
  computeDot,
  computeExp,
  computeLn,
  computeSigmoid,
  computeSum,
  computeTanh,
  multiplyMatrixVector,
  cleanDecimal,
} from "../math";
import { fmt, tex, texTerm, texVector, text, withNote, wrong } from "../format";
import type { ExerciseGenerator, GeneratedExercise, WrongAnswer } from "../types";

const SIGMOID_DERIVATIVE_MAX = 0.25;
const LAYERS_MIN = 3;
const LAYERS_MAX = 6;
const PRE_ACTIVATIONS = [-2, -1, -0.5, 0, 0.5, 1, 2] as const;

function sigmoidDerivative(z: number): number {
  const s = computeSigmoid(z);
  return s * (1 - s);
}

function sigmoidDerivativeExpr(z: number): string {
  const minus = cleanDecimal(-z, 4);
  return `exp(${minus})/(1 + exp(${minus}))^2`;
}

function generateSigmoidVanishing(rng: Rng): GeneratedExercise {
  const layers = rng.int(LAYERS_MIN, LAYERS_MAX);
  const z = Array.from({ length: layers }, () => rng.pick(PRE_ACTIVATIONS));
  const derivatives = z.map(sigmoidDerivative);
  const value = derivatives.reduce((p, d) => p * d, 1);
  const bound = SIGMOID_DERIVATIVE_MAX ** layers;
  return {
    params: { layers, z },
    prompt: withNote(
      text(
        `一个 $${layers}$ 层的网络每层都用 sigmoid 激活，各层的输入（激活前的值）依次为 $z = ${texVector(z)}$。反向传播时，梯度要依次乘上每层的 $\\sigma'(z_k)$。忽略权重，这些导数的乘积 $\\prod_k \\sigma'(z_k)$ 是多少？`,
        `A $${layers}$-layer network uses sigmoid activations; the pre-activations are $z = ${texVector(z)}$. Backpropagation multiplies the gradient by each layer's $\\sigma'(z_k)$. Ignoring the weights, what is the product $\\prod_k \\sigma'(z_k)$?`,
      ),
      text(
        "（可以用科学计数法，如 `1.5e-3`；保留至少 5 位有效数字。）",
        "(Scientific notation such as `1.5e-3` is fine; give at least 5 significant figures.)",
      ),
    ),
    answer: { value, kind: "real" },
    hints: [
      text("$\\sigma'(z) = \\sigma(z)\\,(1 - \\sigma(z))$", "$\\sigma'(z) = \\sigma(z)\\,(1 - \\sigma(z))$"),
      text(
        "$\\sigma'(z)$ 最大为 $0.25$（在 $z = 0$ 处），所以乘积随层数指数变小。",
        "$\\sigma'(z)$ is at most $0.25$ (at $z = 0$), so the product shrinks exponentially with depth.",
      ),
    ],
    solution: [
      text(`各层导数：$${texVector(derivatives, 5)}$`, `Per-layer derivatives: $${texVector(derivatives, 5)}$`),
      text(
        `乘积 $\\approx ${tex(value)}$，不超过 $0.25^{${layers}} = ${tex(bound)}$：这就是梯度消失。`,
        `Product $\\approx ${tex(value)}$, at most $0.25^{${layers}} = ${tex(bound)}$: the gradient vanishes.`,
      ),
    ],
    wrongAnswers: [
      wrong(
        z.map(computeSigmoid).reduce((p, s) => p * s, 1),
        "你乘的是 σ(z) 本身，要乘导数 σ'(z) = σ(z)(1 − σ(z))。",
        "You multiplied σ(z) itself; use the derivative σ'(z) = σ(z)(1 − σ(z)).",
      ),
      wrong(computeSum(derivatives), "链式法则是相乘，不是相加。", "The chain rule multiplies; it does not add."),
      wrong(
        bound,
        "0.25^n 只是上界（所有 z = 0 时才取到）。",
        "0.25^n is only the upper bound (reached when every z = 0).",
      ),
    ],
    answerForms: [
      z
        .map(sigmoidDerivativeExpr)
        .map((e) => `(${e})`)
        .join("*"),
    ],
  };
}

const FEATURE_COUNTS = [2, 3] as const;
const LOGISTIC_WEIGHT_BOUND = 2;
const LOGISTIC_FEATURE_BOUND = 3;

function generateLogistic(rng: Rng): GeneratedExercise {
  const n = rng.pick(FEATURE_COUNTS);
  const weights = Array.from({ length: n }, () => rng.float(-LOGISTIC_WEIGHT_BOUND, LOGISTIC_WEIGHT_BOUND, 1));
  const x = Array.from({ length: n }, () => rng.int(-LOGISTIC_FEATURE_BOUND, LOGISTIC_FEATURE_BOUND));
  let bias = rng.float(-1, 1, 1);
  if (bias === 0) bias = 0.5;
  const wx = cleanDecimal(computeDot(weights, x), 4);
  const z = cleanDecimal(wx + bias, 4);
  const value = computeSigmoid(z);
  const terms = weights.map((w, i) => `${texTerm(w)} \\times ${texTerm(x[i] ?? 0)}`).join(" + ");
  const wrongs: WrongAnswer[] = [
    wrong(computeSigmoid(wx), "你忘了偏置 b。", "You forgot the bias b."),
    wrong(
      z,
      "这是 logit z，还要过 sigmoid 才是概率。",
      "That is the logit z; pass it through the sigmoid to get a probability.",
    ),
    wrong(1 - value, "这是属于另一类（y = 0）的概率。", "That is the probability of the other class (y = 0)."),
  ];
  return {
    params: { weights, bias, x },
    prompt: withNote(
      text(
        `逻辑回归模型的权重 $w = ${texVector(weights)}$，偏置 $b = ${bias}$。对样本 $x = ${texVector(x)}$，模型给出的属于正类的概率 $P(y = 1 \\mid x)$ 是多少？`,
        `A logistic regression model has weights $w = ${texVector(weights)}$ and bias $b = ${bias}$. For the example $x = ${texVector(x)}$, what probability $P(y = 1 \\mid x)$ does it give to the positive class?`,
      ),
    ),
    answer: { value, kind: "real" },
    hints: [
      text(
        "逻辑回归不仅能二分类，还能给出属于该类的概率。",
        "Logistic regression classifies and also gives the class probability.",
      ),
      text(
        "先算 $z = w \\cdot x + b$，再算 $\\sigma(z) = \\dfrac{1}{1 + e^{-z}}$。",
        "Compute $z = w \\cdot x + b$, then $\\sigma(z) = \\dfrac{1}{1 + e^{-z}}$.",
      ),
    ],
    solution: [
      text(`$z = ${terms} + ${texTerm(bias)} = ${tex(z)}$`, `$z = ${terms} + ${texTerm(bias)} = ${tex(z)}$`),
      text(
        `$\\sigma(${tex(z)}) = \\dfrac{1}{1 + e^{${tex(-z)}}} \\approx ${tex(value)}$`,
        `$\\sigma(${tex(z)}) = \\dfrac{1}{1 + e^{${tex(-z)}}} \\approx ${tex(value)}$`,
      ),
    ],
    wrongAnswers: wrongs,
    answerForms: [`1/(1 + exp(${fmt(-z, 12)}))`],
  };
}

type BceAsk = "loss" | "gradient";

/**
 * Binary cross-entropy of logistic regression, L = −[y ln ŷ + (1 − y) ln(1 − ŷ)] with ŷ = σ(w·x + b), and its
 * gradient ∂L/∂w = (ŷ − y)·x: σ'(z) = ŷ(1 − ŷ) cancels against the derivative of the log (Bishop, Pattern
 * Recognition and Machine Learning, §4.3.2, eq. 4.91; Goodfellow et al., Deep Learning, §6.2.2.2).
 */
function generateBceGradient(rng: Rng): GeneratedExercise {
  const n = rng.pick(FEATURE_COUNTS);
  const weights = Array.from({ length: n }, () => rng.float(-LOGISTIC_WEIGHT_BOUND, LOGISTIC_WEIGHT_BOUND, 1));
  const x = Array.from({ length: n }, () => rng.int(-LOGISTIC_FEATURE_BOUND, LOGISTIC_FEATURE_BOUND));
  if (!x.some((v) => v !== 0)) x[0] = 1;
  const bias = rng.float(-1, 1, 1);
  const label = rng.pick([0, 1] as const);
  const ask = rng.pick<BceAsk>(["loss", "gradient"]);
  const z = cleanDecimal(computeDot(weights, x) + bias, 4);
  const yHat = computeSigmoid(z);
  const setupZh = `逻辑回归 $\\hat y = \\sigma(w \\cdot x + b)$，$w = ${texVector(weights)}$，$b = ${bias}$。一个样本 $x = ${texVector(x)}$，标签 $y = ${label}$，损失为二元交叉熵 $L = -[y \\ln \\hat y + (1 - y) \\ln(1 - \\hat y)]$。`;
  const setupEn = `Logistic regression $\\hat y = \\sigma(w \\cdot x + b)$ with $w = ${texVector(weights)}$ and $b = ${bias}$. One example $x = ${texVector(x)}$ has label $y = ${label}$; the loss is the binary cross-entropy $L = -[y \\ln \\hat y + (1 - y) \\ln(1 - \\hat y)]$.`;
  const first = text(
    `$z = w \\cdot x + b = ${tex(z)}$，$\\hat y = \\sigma(${tex(z)}) \\approx ${tex(yHat)}$`,
    `$z = w \\cdot x + b = ${tex(z)}$, $\\hat y = \\sigma(${tex(z)}) \\approx ${tex(yHat)}$`,
  );
  if (ask === "loss") {
    const value = label === 1 ? -computeLn(yHat) : -computeLn(1 - yHat);
    return {
      params: { weights, bias, x, label, ask },
      prompt: withNote(text(`${setupZh}求 $L$（自然对数）。`, `${setupEn} Compute $L$ (natural log).`)),
      answer: { value, unit: "nat", kind: "real" },
      hints: [
        text("先算 $\\hat y = \\sigma(w \\cdot x + b)$。", "First compute $\\hat y = \\sigma(w \\cdot x + b)$."),
        text(
          "$y$ 是 0 或 1，两项中只剩一项：$y = 1$ 时 $-\\ln \\hat y$，$y = 0$ 时 $-\\ln(1 - \\hat y)$。",
          "$y$ is 0 or 1, so one term remains: $-\\ln \\hat y$ for $y = 1$, $-\\ln(1 - \\hat y)$ for $y = 0$.",
        ),
      ],
      solution: [
        first,
        text(
          `$L = ${label === 1 ? `-\\ln ${tex(yHat)}` : `-\\ln(1 - ${tex(yHat)})`} \\approx ${tex(value)}$`,
          `$L = ${label === 1 ? `-\\ln ${tex(yHat)}` : `-\\ln(1 - ${tex(yHat)})`} \\approx ${tex(value)}$`,
        ),
      ],
      wrongAnswers: [
        wrong(
          label === 1 ? -computeLn(1 - yHat) : -computeLn(yHat),
          `标签是 y = ${label}：要取 ${label === 1 ? "−ln ŷ" : "−ln(1 − ŷ)"} 这一项。`,
          `The label is y = ${label}: the term that remains is ${label === 1 ? "−ln ŷ" : "−ln(1 − ŷ)"}.`,
        ),
        wrong(
          -value,
          "漏了前面的负号：损失不会是负数。",
          "The leading minus sign is missing: a loss is never negative.",
        ),
        wrong(value / Math.LN2, "你用了 log2；这里用自然对数。", "You used log2; this loss uses the natural log."),
        wrong(
          (yHat - label) ** 2,
          "这是平方误差 (ŷ − y)²，不是交叉熵。",
          "That is the squared error (ŷ − y)², not the cross-entropy.",
        ),
      ],
      answerForms: [label === 1 ? `ln(1 + exp(${fmt(-z, 12)}))` : `ln(1 + exp(${fmt(z, 12)}))`],
    };
  }
  const value = x.map((xi) => (yHat - label) * xi);
  const wrongs: WrongAnswer[] = [
    wrong(
      x.map((xi) => (label - yHat) * xi),
      "符号反了：梯度是 (ŷ − y)·x；梯度下降再减去它。",
      "Wrong sign: the gradient is (ŷ − y)·x; gradient descent then subtracts it.",
    ),
    wrong(
      x.map((xi) => (yHat - label) * yHat * (1 - yHat) * xi),
      "多乘了 σ'(z) = ŷ(1 − ŷ)：那是平方误差的梯度。交叉熵的对数把它约掉了，只剩 (ŷ − y)·x。",
      "You multiplied by σ'(z) = ŷ(1 − ŷ): that is the squared error's gradient. The cross-entropy's log cancels it, leaving (ŷ − y)·x.",
    ),
    wrong(
      x.map((xi) => (z - label) * xi),
      "要用概率 ŷ = σ(z)，不是 logit z。",
      "Use the probability ŷ = σ(z), not the logit z.",
    ),
    wrong(
      x.map((xi) => yHat * xi),
      "漏了减去标签 y。",
      "You left out subtracting the label y.",
    ),
  ];
  return {
    params: { weights, bias, x, label, ask },
    prompt: withNote(
      text(
        `${setupZh}求梯度 $\\partial L / \\partial w$（${n} 个数，如 \`[0.1, -0.2]\`）。`,
        `${setupEn} Compute the gradient $\\partial L / \\partial w$ (${n} numbers, e.g. \`[0.1, -0.2]\`).`,
      ),
    ),
    answer: { value, kind: "real" },
    hints: [
      text("先算 $\\hat y = \\sigma(w \\cdot x + b)$。", "First compute $\\hat y = \\sigma(w \\cdot x + b)$."),
      text(
        "对交叉熵求导时 $\\sigma'(z)$ 被约掉：$\\dfrac{\\partial L}{\\partial w} = (\\hat y - y)\\,x$。",
        "Differentiating the cross-entropy cancels $\\sigma'(z)$: $\\dfrac{\\partial L}{\\partial w} = (\\hat y - y)\\,x$.",
      ),
    ],
    solution: [
      first,
      text(
        `$\\dfrac{\\partial L}{\\partial w} = (${tex(yHat)} - ${label}) \\times ${texVector(x)} \\approx ${texVector(value)}$`,
        `$\\dfrac{\\partial L}{\\partial w} = (${tex(yHat)} - ${label}) \\times ${texVector(x)} \\approx ${texVector(value)}$`,
      ),
    ],
    wrongAnswers: wrongs,
    answerForms: [`[${x.map((xi) => `(1/(1 + exp(${fmt(-z, 12)})) - ${label})*(${xi})`).join(", ")}]`],
  };
}

type RnnActivation = "tanh" | "relu";

const RNN_HIDDEN = 2;
const RNN_INPUT_SIZES = [1, 2] as const;
const RNN_ENTRIES = [-1, -0.5, 0, 0.5, 1] as const;
const RNN_STATE_BOUND = 1;
const RNN_INPUT_BOUND = 2;

function applyActivation(values: readonly number[], activation: RnnActivation): number[] {
  return values.map((v) => (activation === "tanh" ? computeTanh(v) : Math.max(0, v)));
}

function texMatrix(m: readonly (readonly number[])[]): string {
  return `\\begin{pmatrix} ${m.map((row) => row.map((v) => tex(v)).join(" & ")).join(" \\\\ ")} \\end{pmatrix}`;
}

function texColumn(v: readonly number[]): string {
  return texMatrix(v.map((x) => [x]));
}

function tanhExpr(a: number): string {
  // tanh is not in the answer allowlist; tanh(a) = (e^{2a} − 1)/(e^{2a} + 1).
  return `(exp(${fmt(2 * a, 12)}) - 1)/(exp(${fmt(2 * a, 12)}) + 1)`;
}

function generateRnnStep(rng: Rng): GeneratedExercise {
  const inputSize = rng.pick(RNN_INPUT_SIZES);
  const activation = rng.pick<RnnActivation>(["tanh", "relu"]);
  const U = Array.from({ length: RNN_HIDDEN }, () => Array.from({ length: inputSize }, () => rng.pick(RNN_ENTRIES)));
  const W = Array.from({ length: RNN_HIDDEN }, () => Array.from({ length: RNN_HIDDEN }, () => rng.pick(RNN_ENTRIES)));
  const x = Array.from({ length: inputSize }, () => rng.int(-RNN_INPUT_BOUND, RNN_INPUT_BOUND));
  const sPrev = Array.from({ length: RNN_HIDDEN }, () => rng.float(-RNN_STATE_BOUND, RNN_STATE_BOUND, 1));
  if (!x.some((v) => v !== 0)) x[0] = 1;
  const ux = multiplyMatrixVector(U, x).map((v) => cleanDecimal(v, 4));
  const ws = multiplyMatrixVector(W, sPrev).map((v) => cleanDecimal(v, 4));
  const pre = addVectors(ux, ws).map((v) => cleanDecimal(v, 4));
  const value = applyActivation(pre, activation);
  const other: RnnActivation = activation === "tanh" ? "relu" : "tanh";
  const wrongs: WrongAnswer[] = [
    wrong(
      applyActivation(ux, activation),
      "你漏了 W·S_{t−1}：上一时刻的记忆也要参与。",
      "You left out W·S_{t−1}: the previous memory takes part too.",
    ),
    wrong(pre, `你忘了激活函数 ${activation}。`, `You forgot the activation ${activation}.`),
    wrong(
      applyActivation(pre, other),
      `题目用的是 ${activation}，不是 ${other}。`,
      `The question uses ${activation}, not ${other}.`,
    ),
  ];
  const fTex = activation === "tanh" ? "\\tanh" : "\\mathrm{ReLU}";
  return {
    params: { U, W, x, sPrev, activation },
    prompt: withNote(
      text(
        `循环神经网络的一步：$S_t = f(U X_t + W S_{t-1})$，$f = ${fTex}$（无偏置）。已知 $U = ${texMatrix(U)}$，$W = ${texMatrix(W)}$，$X_t = ${texColumn(x)}$，$S_{t-1} = ${texColumn(sPrev)}$。求 $S_t$（输入两个数，如 \`[0.1, -0.2]\`）。`,
        `One RNN step: $S_t = f(U X_t + W S_{t-1})$ with $f = ${fTex}$ (no bias). Given $U = ${texMatrix(U)}$, $W = ${texMatrix(W)}$, $X_t = ${texColumn(x)}$, $S_{t-1} = ${texColumn(sPrev)}$, compute $S_t$ (type two numbers, e.g. \`[0.1, -0.2]\`).`,
      ),
    ),
    answer: { value, kind: "real" },
    hints: [
      text("$S$ 是记忆；$U$、$W$ 在所有时刻共享。", "$S$ is the memory; $U$ and $W$ are shared by all time steps."),
      text(
        "先算两个矩阵–向量乘积 $U X_t$ 和 $W S_{t-1}$，相加后再逐元素套激活函数。",
        "Compute the two matrix–vector products $U X_t$ and $W S_{t-1}$, add them, then apply the activation element-wise.",
      ),
    ],
    solution: [
      text(
        `$U X_t = ${texVector(ux)}$，$W S_{t-1} = ${texVector(ws)}$`,
        `$U X_t = ${texVector(ux)}$, $W S_{t-1} = ${texVector(ws)}$`,
      ),
      text(`$U X_t + W S_{t-1} = ${texVector(pre)}$`, `$U X_t + W S_{t-1} = ${texVector(pre)}$`),
      text(
        `$S_t = ${fTex}${texVector(pre)} \\approx ${texVector(value)}$`,
        `$S_t = ${fTex}${texVector(pre)} \\approx ${texVector(value)}$`,
      ),
    ],
    wrongAnswers: wrongs,
    answerForms: [`[${pre.map((a) => (activation === "tanh" ? tanhExpr(a) : `max(0, ${fmt(a, 12)})`)).join(", ")}]`],
  };
}

const RNN_OUTPUT_SIZES = [2, 3] as const;

function softmaxOf(logits: readonly number[]): number[] {
  const top = Math.max(...logits);
  const exps = logits.map((a) => computeExp(a - top));
  const total = computeSum(exps);
  return exps.map((e) => e / total);
}

/** One full step, the state and the output: S_t = tanh(U X_t + W S_{t−1}), O_t = softmax(V S_t) (the notes' 8). */
function generateRnnOutput(rng: Rng): GeneratedExercise {
  const inputSize = rng.pick(RNN_INPUT_SIZES);
  const outputSize = rng.pick(RNN_OUTPUT_SIZES);
  const U = Array.from({ length: RNN_HIDDEN }, () => Array.from({ length: inputSize }, () => rng.pick(RNN_ENTRIES)));
  const W = Array.from({ length: RNN_HIDDEN }, () => Array.from({ length: RNN_HIDDEN }, () => rng.pick(RNN_ENTRIES)));
  const V = Array.from({ length: outputSize }, () => Array.from({ length: RNN_HIDDEN }, () => rng.pick(RNN_ENTRIES)));
  const x = Array.from({ length: inputSize }, () => rng.int(-RNN_INPUT_BOUND, RNN_INPUT_BOUND));
  const sPrev = Array.from({ length: RNN_HIDDEN }, () => rng.float(-RNN_STATE_BOUND, RNN_STATE_BOUND, 1));
  if (!x.some((v) => v !== 0)) x[0] = 1;
  // V must tell the outputs apart, or every softmax below is uniform and all mistakes coincide.
  if (V.every((row) => row.every((v, j) => v === V[0]?.[j]))) V[0] = [1, -1];
  const pre = addVectors(multiplyMatrixVector(U, x), multiplyMatrixVector(W, sPrev)).map((v) => cleanDecimal(v, 4));
  const state = applyActivation(pre, "tanh");
  const logits = multiplyMatrixVector(V, state);
  const value = softmaxOf(logits);
  const wrongs: WrongAnswer[] = [
    wrong(logits, "这是 V·S_t（logits），还要过 softmax。", "That is V·S_t (the logits); apply the softmax."),
    wrong(
      softmaxOf(multiplyMatrixVector(V, sPrev)),
      "输出要用本时刻的状态 S_t，不是上一时刻的 S_{t−1}。",
      "The output uses this step's state S_t, not the previous S_{t−1}.",
    ),
    wrong(
      softmaxOf(multiplyMatrixVector(V, pre)),
      "S_t 要先过 tanh：S_t = tanh(U X_t + W S_{t−1})。",
      "S_t goes through tanh first: S_t = tanh(U X_t + W S_{t−1}).",
    ),
    wrong(
      softmaxOf(multiplyMatrixVector(V, applyActivation(multiplyMatrixVector(U, x), "tanh"))),
      "S_t 漏了 W·S_{t−1}：上一时刻的记忆也要参与。",
      "S_t is missing W·S_{t−1}: the previous memory takes part too.",
    ),
  ];
  return {
    params: { U, W, V, x, sPrev },
    prompt: withNote(
      text(
        `循环神经网络的一步：$S_t = \\tanh(U X_t + W S_{t-1})$，$O_t = \\mathrm{softmax}(V S_t)$（无偏置）。已知 $U = ${texMatrix(U)}$，$W = ${texMatrix(W)}$，$V = ${texMatrix(V)}$，$X_t = ${texColumn(x)}$，$S_{t-1} = ${texColumn(sPrev)}$。求输出 $O_t$（${outputSize} 个数）。`,
        `One RNN step: $S_t = \\tanh(U X_t + W S_{t-1})$, $O_t = \\mathrm{softmax}(V S_t)$ (no biases). Given $U = ${texMatrix(U)}$, $W = ${texMatrix(W)}$, $V = ${texMatrix(V)}$, $X_t = ${texColumn(x)}$ and $S_{t-1} = ${texColumn(sPrev)}$, compute the output $O_t$ (${outputSize} numbers).`,
      ),
    ),
    answer: { value, kind: "real" },
    hints: [
      text(
        "先算新状态 $S_t$：两个矩阵–向量乘积相加，再逐元素取 tanh。",
        "First the new state $S_t$: add the two matrix–vector products, then take tanh element-wise.",
      ),
      text(
        "再算 $V S_t$，最后 softmax：$O_{t,k} = e^{a_k} / \\sum_j e^{a_j}$。",
        "Then $V S_t$, and finally the softmax: $O_{t,k} = e^{a_k} / \\sum_j e^{a_j}$.",
      ),
    ],
    solution: [
      text(
        `$U X_t + W S_{t-1} = ${texVector(pre)}$，$S_t = \\tanh${texVector(pre)} \\approx ${texVector(state)}$`,
        `$U X_t + W S_{t-1} = ${texVector(pre)}$, $S_t = \\tanh${texVector(pre)} \\approx ${texVector(state)}$`,
      ),
      text(`$V S_t \\approx ${texVector(logits)}$`, `$V S_t \\approx ${texVector(logits)}$`),
      text(
        `$O_t = \\mathrm{softmax}(V S_t) \\approx ${texVector(value)}$`,
        `$O_t = \\mathrm{softmax}(V S_t) \\approx ${texVector(value)}$`,
      ),
    ],
    wrongAnswers: wrongs,
  };
}

export const ACTIVATION_GENERATORS: ExerciseGenerator[] = [
  {
    info: {
      id: "sigmoid-vanishing",
      topic: "activations",
      chapter: "concepts",
      title: text("sigmoid 与梯度消失", "Sigmoid and vanishing gradients"),
      source: "部分概念补充 › 9、梯度消失、梯度爆炸",
    },
    generate: generateSigmoidVanishing,
  },
  {
    info: {
      id: "logistic-probability",
      topic: "logistic-regression",
      chapter: "concepts",
      title: text("逻辑回归给出的概率", "Probability from logistic regression"),
      source: "部分概念补充 › 11、逻辑回归",
    },
    generate: generateLogistic,
  },
  {
    info: {
      id: "bce-gradient",
      topic: "logistic-regression",
      chapter: "concepts",
      title: text("二元交叉熵及其梯度", "Binary cross-entropy and its gradient"),
      source: "部分概念补充 › 11、逻辑回归",
    },
    generate: generateBceGradient,
  },
  {
    info: {
      id: "rnn-step",
      topic: "rnn",
      chapter: "concepts",
      title: text("循环神经网络的一步", "One step of a recurrent network"),
      source: "部分概念补充 › 8、循环神经网络",
    },
    generate: generateRnnStep,
  },
  {
    info: {
      id: "rnn-output",
      topic: "rnn",
      chapter: "concepts",
      title: text("循环神经网络的输出 O_t", "The output O_t of a recurrent network"),
      source: "部分概念补充 › 8、循环神经网络",
    },
    generate: generateRnnOutput,
  },
];
