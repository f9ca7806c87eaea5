/**
 * One step of momentum, one of RMSprop, and Adam's first two steps (notes: 部分概念补充 › 10、优化器原理详解,
 * which points to Ruder 2016, "An overview of gradient descent optimization algorithms", ruder.io).
 * - Momentum: v_t = γ·v_{t−1} + η·g_t, θ ← θ − v_t (Ruder 2016; Qian 1999).
 * - RMSprop: E[g²]_t = ρ·E[g²]_{t−1} + (1 − ρ)·g_t², θ ← θ − η·g_t / √(E[g²]_t + ε) (Ruder 2016; Hinton,
 *   Coursera lecture 6e). ε sits inside the root, as in TF1's RMSPropOptimizer and tf.train.rmsprop.
 * - Adam: m_t = β1·m_{t−1} + (1 − β1)·g_t, v_t = β2·v_{t−1} + (1 − β2)·g_t², m̂_t = m_t/(1 − β1^t),
 *   v̂_t = v_t/(1 − β2^t), θ ← θ − η·m̂_t/(√v̂_t + ε) (Kingma & Ba 2015, Algorithm 1; tf.train.adam in TF.js 4 is
 *   exactly this). TF1's AdamOptimizer uses the paper's reformulation just before §2.1, whose ε̂ is ε·√(1 − β2^t)
 *   of Algorithm 1; the two differ only for a large ε.
 */
import type { Rng } from "../../random";
import { cleanDecimal } from "../math";
import { tex, texTerm, text, withNote, wrong } from "../format";
import type { ExerciseGenerator, GeneratedExercise } from "../types";

const PARAMETER_BOUND = 1;
const GRADIENT_BOUND = 2;
const ONE_DECIMAL = 1;

function drawNonZero(rng: Rng, bound: number, decimals: number): number {
  const value = rng.float(-bound, bound, decimals);
  return value === 0 ? bound / 2 : value;
}

const MOMENTUM_COEFFICIENTS = [0.5, 0.8, 0.9, 0.95] as const;
const MOMENTUM_LEARNING_RATES = [0.5, 0.1, 0.05, 0.01] as const;
const VELOCITY_BOUND = 0.5;
const VELOCITY_DECIMALS = 2;

function generateMomentum(rng: Rng): GeneratedExercise {
  const theta = rng.float(-PARAMETER_BOUND, PARAMETER_BOUND, ONE_DECIMAL);
  const velocity = drawNonZero(rng, VELOCITY_BOUND, VELOCITY_DECIMALS);
  const gradient = drawNonZero(rng, GRADIENT_BOUND, ONE_DECIMAL);
  const gamma = rng.pick(MOMENTUM_COEFFICIENTS);
  const learningRate = rng.pick(MOMENTUM_LEARNING_RATES);
  const newVelocity = gamma * velocity + learningRate * gradient;
  const value = theta - newVelocity;
  return {
    params: { theta, velocity, gradient, gamma, learningRate },
    prompt: withNote(
      text(
        `动量法（Ruder 2016 的写法）：$v_t = \\gamma v_{t-1} + \\eta\\, g_t$，$\\theta \\leftarrow \\theta - v_t$。当前参数 $\\theta = ${theta}$，上一步的速度 $v_{t-1} = ${velocity}$，本步梯度 $g_t = ${gradient}$，$\\gamma = ${gamma}$，$\\eta = ${learningRate}$。更新后的 $\\theta$ 是多少？`,
        `Momentum (as written by Ruder 2016): $v_t = \\gamma v_{t-1} + \\eta\\, g_t$, $\\theta \\leftarrow \\theta - v_t$. The parameter is $\\theta = ${theta}$, the previous velocity $v_{t-1} = ${velocity}$, this step's gradient $g_t = ${gradient}$, $\\gamma = ${gamma}$ and $\\eta = ${learningRate}$. What is $\\theta$ after the update?`,
      ),
    ),
    answer: { value, kind: "real" },
    hints: [
      text(
        "先更新速度：旧速度乘以 $\\gamma$，再加上学习率乘梯度。",
        "Update the velocity first: the old velocity times $\\gamma$, plus the learning rate times the gradient.",
      ),
      text("参数沿**负**速度方向移动：$\\theta - v_t$。", "The parameter moves against the velocity: $\\theta - v_t$."),
    ],
    solution: [
      text(
        `$v_t = ${gamma} \\times ${texTerm(velocity)} + ${learningRate} \\times ${texTerm(gradient)} = ${tex(newVelocity)}$`,
        `$v_t = ${gamma} \\times ${texTerm(velocity)} + ${learningRate} \\times ${texTerm(gradient)} = ${tex(newVelocity)}$`,
      ),
      text(
        `$\\theta = ${theta} - ${texTerm(newVelocity)} = ${tex(value)}$`,
        `$\\theta = ${theta} - ${texTerm(newVelocity)} = ${tex(value)}$`,
      ),
    ],
    wrongAnswers: [
      wrong(
        theta - learningRate * gradient,
        "这是普通梯度下降：动量法还要加上 γ 乘上一步的速度。",
        "That is plain gradient descent: momentum also adds γ times the previous velocity.",
      ),
      wrong(
        theta + newVelocity,
        "符号反了：参数沿速度的反方向移动，θ − v_t。",
        "Wrong sign: the parameter moves against the velocity, θ − v_t.",
      ),
      wrong(
        theta - (gamma * velocity + gradient),
        "梯度项忘了乘学习率 η：v_t = γ v_{t−1} + η g_t。",
        "The gradient term is missing the learning rate η: v_t = γ v_{t−1} + η g_t.",
      ),
      wrong(
        theta - velocity,
        "你用了上一步的速度 v_{t−1}，要先用本步梯度把它更新成 v_t。",
        "You used the previous velocity v_{t−1}; update it to v_t with this step's gradient first.",
      ),
    ],
    answerForms: [`${theta} - (${gamma}*(${velocity}) + ${learningRate}*(${gradient}))`],
  };
}

const RMSPROP_DECAYS = [0.9, 0.95, 0.99] as const;
const RMSPROP_LEARNING_RATES = [0.1, 0.05, 0.01] as const;
const RMSPROP_EPSILON = 1e-8;
const MEAN_SQUARE_MIN = 0.01;
const MEAN_SQUARE_MAX = 1;
const MEAN_SQUARE_DECIMALS = 2;

function generateRmsprop(rng: Rng): GeneratedExercise {
  const theta = rng.float(-PARAMETER_BOUND, PARAMETER_BOUND, ONE_DECIMAL);
  const meanSquare = rng.float(MEAN_SQUARE_MIN, MEAN_SQUARE_MAX, MEAN_SQUARE_DECIMALS);
  const gradient = drawNonZero(rng, GRADIENT_BOUND, ONE_DECIMAL);
  const rho = rng.pick(RMSPROP_DECAYS);
  const learningRate = rng.pick(RMSPROP_LEARNING_RATES);
  const epsilon = RMSPROP_EPSILON;
  const newMeanSquare = rho * meanSquare + (1 - rho) * gradient * gradient;
  const step = (learningRate * gradient) / Math.sqrt(newMeanSquare + epsilon);
  const value = theta - step;
  const swappedMeanSquare = (1 - rho) * meanSquare + rho * gradient * gradient;
  return {
    params: { theta, meanSquare, gradient, rho, learningRate, epsilon },
    prompt: withNote(
      text(
        `RMSprop：$E[g^2]_t = \\rho\\, E[g^2]_{t-1} + (1-\\rho)\\, g_t^2$，$\\theta \\leftarrow \\theta - \\dfrac{\\eta}{\\sqrt{E[g^2]_t + \\epsilon}}\\, g_t$。当前 $\\theta = ${theta}$，$E[g^2]_{t-1} = ${meanSquare}$，本步梯度 $g_t = ${gradient}$，$\\rho = ${rho}$，$\\eta = ${learningRate}$，$\\epsilon = 10^{-8}$。更新后的 $\\theta$ 是多少？`,
        `RMSprop: $E[g^2]_t = \\rho\\, E[g^2]_{t-1} + (1-\\rho)\\, g_t^2$, $\\theta \\leftarrow \\theta - \\dfrac{\\eta}{\\sqrt{E[g^2]_t + \\epsilon}}\\, g_t$. Now $\\theta = ${theta}$, $E[g^2]_{t-1} = ${meanSquare}$, this step's gradient $g_t = ${gradient}$, $\\rho = ${rho}$, $\\eta = ${learningRate}$ and $\\epsilon = 10^{-8}$. What is $\\theta$ after the update?`,
      ),
    ),
    answer: { value, kind: "real" },
    hints: [
      text(
        "先更新梯度平方的滑动平均，旧值的权重是 $\\rho$，新梯度平方的权重是 $1-\\rho$。",
        "Update the moving average of squared gradients first: the old value weighs $\\rho$, the new squared gradient $1-\\rho$.",
      ),
      text(
        "步长是 $\\eta$ 除以这个平均的**平方根**，再乘以梯度。",
        "The step is $\\eta$ divided by the **square root** of that average, times the gradient.",
      ),
    ],
    solution: [
      text(
        `$E[g^2]_t = ${rho} \\times ${meanSquare} + ${cleanDecimal(1 - rho, 4)} \\times ${texTerm(gradient)}^2 = ${tex(newMeanSquare)}$`,
        `$E[g^2]_t = ${rho} \\times ${meanSquare} + ${cleanDecimal(1 - rho, 4)} \\times ${texTerm(gradient)}^2 = ${tex(newMeanSquare)}$`,
      ),
      text(
        `$\\theta = ${theta} - \\dfrac{${learningRate}}{\\sqrt{${tex(newMeanSquare)}}} \\times ${texTerm(gradient)} \\approx ${tex(value)}$`,
        `$\\theta = ${theta} - \\dfrac{${learningRate}}{\\sqrt{${tex(newMeanSquare)}}} \\times ${texTerm(gradient)} \\approx ${tex(value)}$`,
      ),
    ],
    wrongAnswers: [
      wrong(
        theta - (learningRate * gradient) / (newMeanSquare + epsilon),
        "忘了开平方根：分母是 √(E[g²] + ε)。",
        "You forgot the square root: the denominator is √(E[g²] + ε).",
      ),
      wrong(
        theta - (learningRate * gradient) / Math.sqrt(swappedMeanSquare + epsilon),
        "ρ 和 1 − ρ 放反了：旧的平均乘 ρ，新梯度的平方乘 1 − ρ。",
        "ρ and 1 − ρ are swapped: the old average is multiplied by ρ and the new squared gradient by 1 − ρ.",
      ),
      wrong(
        theta - (learningRate * gradient) / Math.sqrt(meanSquare + epsilon),
        "你用了上一步的 E[g²]_{t−1}，要先把本步梯度的平方加进平均。",
        "You used the previous E[g²]_{t−1}; fold this step's squared gradient into the average first.",
      ),
      wrong(
        theta - learningRate * gradient,
        "这是普通梯度下降：RMSprop 还要除以 √(E[g²] + ε)。",
        "That is plain gradient descent: RMSprop divides by √(E[g²] + ε).",
      ),
      wrong(
        theta - (learningRate * gradient) / Math.sqrt(gradient * gradient + epsilon),
        "你只用了本步梯度的平方，没有做滑动平均。",
        "You used only this step's squared gradient instead of the moving average.",
      ),
    ],
    answerForms: [`${theta} - ${learningRate}*(${gradient})/sqrt(${rho}*${meanSquare} + (1 - ${rho})*(${gradient})^2)`],
  };
}

const ADAM_BETA1 = 0.9;
const ADAM_BETA2 = 0.999;
const ADAM_LEARNING_RATES = [0.1, 0.01] as const;
/** 1e-8 is the paper's default; TF's AdamOptimizer docs suggest 1.0 or 0.1 for some networks (Inception on ImageNet). */
const ADAM_EPSILONS = [1e-8, 0.1, 1] as const;
const ADAM_STEPS = 2;

interface AdamTrace {
  m: number;
  v: number;
  mHat: number;
  vHat: number;
  theta: number;
}

interface AdamVariant {
  beta1: number;
  beta2: number;
  /** Bias correction with 1 − β^t (true), 1 − β for every step ("t = 1"), or none. */
  correction: "power" | "first-step-only" | "none";
  epsilonPlacement: "outside" | "inside" | "dropped";
}

const ADAM: AdamVariant = { beta1: ADAM_BETA1, beta2: ADAM_BETA2, correction: "power", epsilonPlacement: "outside" };

function runAdam(theta0: number, gradients: readonly number[], lr: number, epsilon: number, variant: AdamVariant) {
  const trace: AdamTrace[] = [];
  let m = 0;
  let v = 0;
  let theta = theta0;
  gradients.forEach((g, index) => {
    const t = index + 1;
    m = variant.beta1 * m + (1 - variant.beta1) * g;
    v = variant.beta2 * v + (1 - variant.beta2) * g * g;
    const power = variant.correction === "power" ? t : 1;
    const mHat = variant.correction === "none" ? m : m / (1 - variant.beta1 ** power);
    const vHat = variant.correction === "none" ? v : v / (1 - variant.beta2 ** power);
    const denominator =
      variant.epsilonPlacement === "outside"
        ? Math.sqrt(vHat) + epsilon
        : variant.epsilonPlacement === "inside"
          ? Math.sqrt(vHat + epsilon)
          : Math.sqrt(vHat);
    theta -= (lr * mHat) / denominator;
    trace.push({ m, v, mHat, vHat, theta });
  });
  return trace;
}

function lastOf(trace: readonly AdamTrace[]): [number, number, number] {
  const last = trace[trace.length - 1];
  return last ? [last.mHat, last.vHat, last.theta] : [Number.NaN, Number.NaN, Number.NaN];
}

function generateAdam(rng: Rng): GeneratedExercise {
  const theta0 = rng.float(-PARAMETER_BOUND, PARAMETER_BOUND, ONE_DECIMAL);
  const gradients = Array.from({ length: ADAM_STEPS }, () => drawNonZero(rng, GRADIENT_BOUND, ONE_DECIMAL));
  const learningRate = rng.pick(ADAM_LEARNING_RATES);
  const epsilon = rng.pick(ADAM_EPSILONS);
  const trace = runAdam(theta0, gradients, learningRate, epsilon, ADAM);
  const value = lastOf(trace);
  const [g1, g2] = gradients as [number, number];
  const step1 = trace[0] as AdamTrace;
  const step2 = trace[1] as AdamTrace;
  const epsilonTex = tex(epsilon);
  const raw = (variant: Partial<AdamVariant>) =>
    lastOf(runAdam(theta0, gradients, learningRate, epsilon, { ...ADAM, ...variant }));
  return {
    params: { theta0, gradients, learningRate, beta1: ADAM_BETA1, beta2: ADAM_BETA2, epsilon },
    prompt: withNote(
      text(
        `用 Adam 优化一个参数（Kingma & Ba 2015 的算法 1，与 TF.js 的 \`tf.train.adam\` 相同）：$\\eta = ${learningRate}$，$\\beta_1 = ${ADAM_BETA1}$，$\\beta_2 = ${ADAM_BETA2}$，$\\epsilon = ${epsilonTex}$，$m_0 = v_0 = 0$，$\\theta_0 = ${theta0}$。前两步的梯度为 $g_1 = ${g1}$、$g_2 = ${g2}$。求第 2 步的 $\\hat m_2$、$\\hat v_2$ 和更新后的 $\\theta_2$，按顺序输入三个数 \`[m̂₂, v̂₂, θ₂]\`。`,
        `Optimize one parameter with Adam (Kingma & Ba 2015, Algorithm 1, which TF.js's \`tf.train.adam\` implements): $\\eta = ${learningRate}$, $\\beta_1 = ${ADAM_BETA1}$, $\\beta_2 = ${ADAM_BETA2}$, $\\epsilon = ${epsilonTex}$, $m_0 = v_0 = 0$, $\\theta_0 = ${theta0}$. The first two gradients are $g_1 = ${g1}$ and $g_2 = ${g2}$. Find step 2's $\\hat m_2$ and $\\hat v_2$ and the updated $\\theta_2$; type the three numbers \`[m̂₂, v̂₂, θ₂]\` in that order.`,
      ),
    ),
    answer: { value, kind: "real" },
    hints: [
      text(
        "$m_t = \\beta_1 m_{t-1} + (1-\\beta_1) g_t$，$v_t = \\beta_2 v_{t-1} + (1-\\beta_2) g_t^2$。",
        "$m_t = \\beta_1 m_{t-1} + (1-\\beta_1) g_t$, $v_t = \\beta_2 v_{t-1} + (1-\\beta_2) g_t^2$.",
      ),
      text(
        "偏差修正除以 $1-\\beta^t$，$t$ 是步数：第 2 步用 $1-\\beta_1^2$ 和 $1-\\beta_2^2$。",
        "Bias correction divides by $1-\\beta^t$ with $t$ the step number: step 2 uses $1-\\beta_1^2$ and $1-\\beta_2^2$.",
      ),
      text(
        "每一步 $\\theta \\leftarrow \\theta - \\eta\\, \\hat m_t / (\\sqrt{\\hat v_t} + \\epsilon)$，$\\epsilon$ 在根号外。",
        "Each step $\\theta \\leftarrow \\theta - \\eta\\, \\hat m_t / (\\sqrt{\\hat v_t} + \\epsilon)$, with $\\epsilon$ outside the root.",
      ),
    ],
    solution: [
      text(
        `第 1 步：$m_1 = ${tex(step1.m)}$，$v_1 = ${tex(step1.v)}$，$\\hat m_1 = ${tex(step1.mHat)}$，$\\hat v_1 = ${tex(step1.vHat)}$，$\\theta_1 = ${theta0} - ${learningRate} \\times \\dfrac{${tex(step1.mHat)}}{\\sqrt{${tex(step1.vHat)}} + ${epsilonTex}} \\approx ${tex(step1.theta)}$`,
        `Step 1: $m_1 = ${tex(step1.m)}$, $v_1 = ${tex(step1.v)}$, $\\hat m_1 = ${tex(step1.mHat)}$, $\\hat v_1 = ${tex(step1.vHat)}$, $\\theta_1 = ${theta0} - ${learningRate} \\times \\dfrac{${tex(step1.mHat)}}{\\sqrt{${tex(step1.vHat)}} + ${epsilonTex}} \\approx ${tex(step1.theta)}$`,
      ),
      text(
        `第 2 步：$m_2 = ${ADAM_BETA1} \\times ${texTerm(step1.m)} + 0.1 \\times ${texTerm(g2)} = ${tex(step2.m)}$，$v_2 = ${tex(step2.v)}$`,
        `Step 2: $m_2 = ${ADAM_BETA1} \\times ${texTerm(step1.m)} + 0.1 \\times ${texTerm(g2)} = ${tex(step2.m)}$, $v_2 = ${tex(step2.v)}$`,
      ),
      text(
        `$\\hat m_2 = \\dfrac{${tex(step2.m)}}{1 - ${ADAM_BETA1}^2} \\approx ${tex(step2.mHat)}$，$\\hat v_2 = \\dfrac{${tex(step2.v)}}{1 - ${ADAM_BETA2}^2} \\approx ${tex(step2.vHat)}$，$\\theta_2 \\approx ${tex(step2.theta)}$`,
        `$\\hat m_2 = \\dfrac{${tex(step2.m)}}{1 - ${ADAM_BETA1}^2} \\approx ${tex(step2.mHat)}$, $\\hat v_2 = \\dfrac{${tex(step2.v)}}{1 - ${ADAM_BETA2}^2} \\approx ${tex(step2.vHat)}$, $\\theta_2 \\approx ${tex(step2.theta)}$`,
      ),
    ],
    wrongAnswers: [
      wrong(
        [step2.m, step2.v, raw({ correction: "none" })[2]],
        "没有做偏差修正：m、v 从 0 开始，要除以 1 − β^t 才是无偏的估计。",
        "No bias correction: m and v start at 0 and must be divided by 1 − β^t to be unbiased.",
      ),
      wrong(
        raw({ correction: "first-step-only" }),
        "偏差修正要用 1 − β^t（第 2 步是 1 − β²），不是每一步都用 1 − β。",
        "Bias correction uses 1 − β^t (1 − β² at step 2), not 1 − β at every step.",
      ),
      wrong(
        [value[0], value[1], raw({ epsilonPlacement: "dropped" })[2]],
        "更新时漏了 ε：分母是 √v̂ + ε。",
        "The update left out ε: the denominator is √v̂ + ε.",
      ),
      wrong(
        [value[0], value[1], raw({ epsilonPlacement: "inside" })[2]],
        "ε 放进了根号里；Adam 的分母是 √v̂ + ε（那是 RMSprop 的写法）。",
        "ε went inside the root; Adam's denominator is √v̂ + ε (inside is how RMSprop writes it).",
      ),
      wrong(
        raw({ beta1: ADAM_BETA2, beta2: ADAM_BETA1 }),
        "β₁ 和 β₂ 用反了：一阶矩 m 用 β₁ = 0.9，二阶矩 v 用 β₂ = 0.999。",
        "β₁ and β₂ are swapped: the first moment m uses β₁ = 0.9, the second moment v uses β₂ = 0.999.",
      ),
    ],
  };
}

export const OPTIMIZER_GENERATORS: ExerciseGenerator[] = [
  {
    info: {
      id: "momentum-step",
      topic: "optimization",
      chapter: "concepts",
      title: text("动量法的一步更新", "One momentum step"),
      source: "部分概念补充 › 10、优化器原理详解",
    },
    generate: generateMomentum,
  },
  {
    info: {
      id: "rmsprop-step",
      topic: "optimization",
      chapter: "concepts",
      title: text("RMSprop 的一步更新", "One RMSprop step"),
      source: "部分概念补充 › 10、优化器原理详解",
    },
    generate: generateRmsprop,
  },
  {
    info: {
      id: "adam-steps",
      topic: "optimization",
      chapter: "concepts",
      title: text("Adam 的前两步与偏差修正", "Adam's first two steps and bias correction"),
      source: "部分概念补充 › 10、优化器原理详解",
    },
    generate: generateAdam,
  },
];
