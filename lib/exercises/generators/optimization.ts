/**
 * Learning-rate decay, mini-batches, regularization and moving averages (notes: 第四章 › 4.3, 4.4).
 * - tf.train.exponential_decay: lr = lr0 · r^(global_step / decay_steps), exponent floored when staircase=True
 *   (TensorFlow 1.x API docs; 实战Google深度学习框架 §4.4.1).
 * - tf.contrib.layers.l2_regularizer(λ)(w) = λ · tf.nn.l2_loss(w) = λ · Σw²/2, l1_regularizer(λ)(w) = λ · Σ|w|
 *   (TensorFlow 1.x API docs); Keras / tfjs tf.regularizers.l2 is λ · Σw², without the 1/2.
 * - tf.train.ExponentialMovingAverage(decay, num_updates): d = min(decay, (1 + n)/(10 + n)),
 *   shadow ← d · shadow + (1 − d) · variable (TensorFlow 1.x API docs; 实战Google深度学习框架 §4.4.3).
 * - Iterations per epoch with the last partial batch kept (Keras model.fit default): ceil(N / B).
 */
import type { Rng } from "../../random";
import { cleanDecimal, computeCeil, computeFloor, computePow, computeSum } from "../math";
import { fmt, tex, texVector, text, withNote, wrong } from "../format";
import type { ExerciseGenerator, GeneratedExercise, WrongAnswer } from "../types";

const INITIAL_RATES = [1, 0.5, 0.1, 0.05, 0.01] as const;
const DECAY_RATES = [0.99, 0.96, 0.9, 0.8, 0.5] as const;
const DECAY_STEPS = [10, 50, 100, 1000] as const;
const MAX_DECAY_PERIODS = 5;

function generateExpDecay(rng: Rng): GeneratedExercise {
  const initialRate = rng.pick(INITIAL_RATES);
  const decayRate = rng.pick(DECAY_RATES);
  const decaySteps = rng.pick(DECAY_STEPS);
  const globalStep = rng.int(1, MAX_DECAY_PERIODS * decaySteps);
  const staircase = rng.bool();
  const ratio = globalStep / decaySteps;
  const smoothValue = initialRate * computePow(decayRate, ratio);
  const stairExponent = computeFloor(ratio);
  const stairValue = initialRate * computePow(decayRate, stairExponent);
  const value = staircase ? stairValue : smoothValue;
  const exponentTex = staircase
    ? `\\lfloor ${globalStep}/${decaySteps} \\rfloor = ${stairExponent}`
    : `${globalStep}/${decaySteps} = ${fmt(ratio)}`;
  const exponentUsed = staircase ? stairExponent : ratio;
  return {
    params: { initialRate, decayRate, decaySteps, globalStep, staircase },
    prompt: withNote(
      text(
        `\`learning_rate = tf.train.exponential_decay(${initialRate}, global_step, ${decaySteps}, ${decayRate}, staircase=${staircase ? "True" : "False"})\`。当 \`global_step = ${globalStep}\` 时，学习率是多少？`,
        `\`learning_rate = tf.train.exponential_decay(${initialRate}, global_step, ${decaySteps}, ${decayRate}, staircase=${staircase ? "True" : "False"})\`. What is the learning rate when \`global_step = ${globalStep}\`?`,
      ),
    ),
    answer: { value, kind: "real" },
    hints: [
      text(
        "每经过 decay_steps 步，学习率乘以一次 decay_rate。",
        "Every decay_steps steps the rate is multiplied by decay_rate once.",
      ),
      text(
        "$\\text{lr} = \\text{lr}_0 \\cdot r^{\\,\\text{global\\_step}/\\text{decay\\_steps}}$",
        "$\\text{lr} = \\text{lr}_0 \\cdot r^{\\,\\text{global\\_step}/\\text{decay\\_steps}}$",
      ),
      text(
        "staircase=True 时指数向下取整（阶梯下降）；False 时是连续的指数衰减。",
        "With staircase=True the exponent is floored (steps); with False the decay is smooth.",
      ),
    ],
    solution: [
      text(`指数：$${exponentTex}$`, `Exponent: $${exponentTex}$`),
      text(
        `$\\text{lr} = ${initialRate} \\times ${decayRate}^{${fmt(exponentUsed)}} \\approx ${tex(value)}$`,
        `$\\text{lr} = ${initialRate} \\times ${decayRate}^{${fmt(exponentUsed)}} \\approx ${tex(value)}$`,
      ),
    ],
    wrongAnswers: [
      staircase
        ? wrong(
            smoothValue,
            "staircase=True：指数要向下取整，学习率呈阶梯下降。",
            "staircase=True: the exponent is floored, so the rate drops in steps.",
          )
        : wrong(
            stairValue,
            "staircase=False：指数不取整，学习率连续衰减。",
            "staircase=False: the exponent is not floored; the decay is smooth.",
          ),
      wrong(
        initialRate * computePow(decayRate, globalStep),
        "指数要用 global_step / decay_steps，不是 global_step。",
        "The exponent is global_step / decay_steps, not global_step.",
      ),
    ],
    answerForms: [
      staircase
        ? `${initialRate}*${decayRate}^floor(${globalStep}/${decaySteps})`
        : `${initialRate}*${decayRate}^(${globalStep}/${decaySteps})`,
    ],
  };
}

const DATASET_SIZES = [1000, 1234, 5000, 10000, 50000, 60000] as const;
const BATCH_SIZES = [32, 64, 100, 128, 256] as const;
const EPOCHS_MAX = 10;

function generateMiniBatchIterations(rng: Rng): GeneratedExercise {
  const datasetSize = rng.pick(DATASET_SIZES);
  const batchSize = rng.pick(BATCH_SIZES);
  const epochs = rng.int(1, EPOCHS_MAX);
  const perEpoch = computeCeil(datasetSize / batchSize);
  const value = epochs * perEpoch;
  const wrongs: WrongAnswer[] = [
    wrong(
      epochs * computeFloor(datasetSize / batchSize),
      "最后一个不满的 batch 也要训练（没有 drop_remainder），所以要向上取整。",
      "The last, partial batch is trained too (no drop_remainder), so round up.",
    ),
    wrong(
      perEpoch,
      "这只是一个 epoch 的迭代次数，还要乘以 epoch 数。",
      "That is one epoch's iterations; multiply by the number of epochs.",
    ),
    wrong(
      datasetSize * epochs,
      "每次迭代处理一个 batch，不是一个样本。",
      "Each iteration processes a batch, not one example.",
    ),
  ];
  return {
    params: { datasetSize, batchSize, epochs },
    prompt: text(
      `训练集有 $${datasetSize}$ 个样本，batch 大小为 $${batchSize}$，训练 $${epochs}$ 个 epoch。最后一个不满的 batch 也参与训练（Keras \`model.fit\` 的默认行为）。一共要做多少次参数更新（迭代）？`,
      `A training set has $${datasetSize}$ examples, the batch size is $${batchSize}$, and training runs for $${epochs}$ epochs. The last, partial batch is trained too (the Keras \`model.fit\` default). How many parameter updates (iterations) happen in total?`,
    ),
    answer: { value, kind: "integer" },
    hints: [
      text("每次迭代用一个 batch 更新一次参数。", "Each iteration updates the parameters once with one batch."),
      text("一个 epoch 的迭代次数是 $\\lceil N / B \\rceil$。", "One epoch takes $\\lceil N / B \\rceil$ iterations."),
    ],
    solution: [
      text(
        `每个 epoch：$\\lceil ${datasetSize} / ${batchSize} \\rceil = ${perEpoch}$`,
        `Per epoch: $\\lceil ${datasetSize} / ${batchSize} \\rceil = ${perEpoch}$`,
      ),
      text(`共 $${perEpoch} \\times ${epochs} = ${value}$ 次`, `In total $${perEpoch} \\times ${epochs} = ${value}$`),
    ],
    wrongAnswers: wrongs,
  };
}

const LAMBDAS = [0.5, 0.1, 0.05, 0.01, 0.001] as const;
const WEIGHT_COUNT_MIN = 3;
const WEIGHT_COUNT_MAX = 5;
const WEIGHT_BOUND = 2;
const WEIGHT_DECIMALS = 1;

function drawWeights(rng: Rng): number[] {
  const n = rng.int(WEIGHT_COUNT_MIN, WEIGHT_COUNT_MAX);
  const weights = Array.from({ length: n }, () => rng.float(-WEIGHT_BOUND, WEIGHT_BOUND, WEIGHT_DECIMALS));
  // One negative weight, so forgetting |w| in L1 shows; no all-zero vector.
  weights[0] = -rng.float(0.1, WEIGHT_BOUND, WEIGHT_DECIMALS);
  return weights;
}

function generateL2(rng: Rng): GeneratedExercise {
  const weights = drawWeights(rng);
  const lambda = rng.pick(LAMBDAS);
  const squares = weights.map((w) => cleanDecimal(w * w, 2 * WEIGHT_DECIMALS));
  const sumSquares = cleanDecimal(computeSum(squares), 2 * WEIGHT_DECIMALS);
  const value = (lambda * sumSquares) / 2;
  return {
    params: { weights, lambda },
    prompt: withNote(
      text(
        `权重 $w = ${texVector(weights)}$，$\\lambda = ${lambda}$。按 TensorFlow 1.x 的约定，\`tf.contrib.layers.l2_regularizer(${lambda})(w)\` $= \\lambda \\cdot \\tfrac{1}{2}\\sum w_i^2$（即 $\\lambda$ 乘 \`tf.nn.l2_loss\`）。求这一正则化项的值。`,
        `Weights $w = ${texVector(weights)}$ and $\\lambda = ${lambda}$. With the TensorFlow 1.x convention, \`tf.contrib.layers.l2_regularizer(${lambda})(w)\` $= \\lambda \\cdot \\tfrac{1}{2}\\sum w_i^2$ ($\\lambda$ times \`tf.nn.l2_loss\`). Compute this regularization term.`,
      ),
    ),
    answer: { value, kind: "real" },
    hints: [
      text("L2 正则化把权重的平方加起来。", "L2 regularization adds up the squared weights."),
      text("TF1 的 `tf.nn.l2_loss` 还要除以 2。", "TF1's `tf.nn.l2_loss` also divides by 2."),
    ],
    solution: [
      text(
        `$\\sum w_i^2 = ${squares.map((s) => tex(s)).join(" + ")} = ${tex(sumSquares)}$`,
        `$\\sum w_i^2 = ${squares.map((s) => tex(s)).join(" + ")} = ${tex(sumSquares)}$`,
      ),
      text(
        `$\\lambda \\cdot \\tfrac{1}{2}\\sum w_i^2 = ${lambda} \\times ${tex(sumSquares)} / 2 = ${tex(value)}$`,
        `$\\lambda \\cdot \\tfrac{1}{2}\\sum w_i^2 = ${lambda} \\times ${tex(sumSquares)} / 2 = ${tex(value)}$`,
      ),
    ],
    wrongAnswers: [
      wrong(
        lambda * sumSquares,
        "你漏了 1/2：那是 Keras / tfjs `tf.regularizers.l2` 的约定 λΣw²；TF1 的 l2_regularizer 是 λΣw²/2。",
        "You left out the 1/2: λΣw² is the Keras / tfjs `tf.regularizers.l2` convention; TF1's l2_regularizer is λΣw²/2.",
      ),
      wrong(
        lambda * computeSum(weights.map(Math.abs)),
        "这是 L1 正则（绝对值之和）。",
        "That is L1 regularization (sum of absolute values).",
      ),
      wrong(sumSquares / 2, "你忘了乘以 λ。", "You forgot to multiply by λ."),
    ],
    answerForms: [`${lambda}*(${weights.map((w) => `(${w})^2`).join(" + ")})/2`],
  };
}

function generateL1(rng: Rng): GeneratedExercise {
  const weights = drawWeights(rng);
  const lambda = rng.pick(LAMBDAS);
  const abs = weights.map(Math.abs);
  const sumAbs = cleanDecimal(computeSum(abs), WEIGHT_DECIMALS);
  const value = lambda * sumAbs;
  const sumSquares = cleanDecimal(computeSum(weights.map((w) => w * w)), 2 * WEIGHT_DECIMALS);
  return {
    params: { weights, lambda },
    prompt: withNote(
      text(
        `权重 $w = ${texVector(weights)}$，$\\lambda = ${lambda}$。求 L1 正则化项 $\\lambda \\sum_i |w_i|$（\`tf.contrib.layers.l1_regularizer(${lambda})(w)\`）。`,
        `Weights $w = ${texVector(weights)}$ and $\\lambda = ${lambda}$. Compute the L1 regularization term $\\lambda \\sum_i |w_i|$ (\`tf.contrib.layers.l1_regularizer(${lambda})(w)\`).`,
      ),
    ),
    answer: { value, kind: "real" },
    hints: [
      text(
        "L1 正则化：绝对值相加（它会让参数变稀疏）。",
        "L1 regularization adds absolute values (it makes weights sparse).",
      ),
      text("$R(w) = \\lambda \\sum_i |w_i|$", "$R(w) = \\lambda \\sum_i |w_i|$"),
    ],
    solution: [
      text(
        `$\\sum |w_i| = ${abs.map((a) => tex(a)).join(" + ")} = ${tex(sumAbs)}$`,
        `$\\sum |w_i| = ${abs.map((a) => tex(a)).join(" + ")} = ${tex(sumAbs)}$`,
      ),
      text(
        `$\\lambda \\sum |w_i| = ${lambda} \\times ${tex(sumAbs)} = ${tex(value)}$`,
        `$\\lambda \\sum |w_i| = ${lambda} \\times ${tex(sumAbs)} = ${tex(value)}$`,
      ),
    ],
    wrongAnswers: [
      wrong(
        lambda * computeSum(weights),
        "你忘了取绝对值，负权重抵消了正权重。",
        "You forgot the absolute values; negative weights cancelled positive ones.",
      ),
      wrong(lambda * sumSquares, "这是 L2 正则（平方和）。", "That is L2 regularization (sum of squares)."),
      wrong(sumAbs, "你忘了乘以 λ。", "You forgot to multiply by λ."),
    ],
    answerForms: [`${lambda}*(${weights.map((w) => `abs(${w})`).join(" + ")})`],
  };
}

const EMA_DECAYS = [0.9, 0.95, 0.99, 0.999] as const;
const EMA_NUM_UPDATES = [0, 1, 5, 10, 90, 100, 1000, 10000] as const;
/** tf.train.ExponentialMovingAverage caps the decay by (1 + n)/(10 + n) early in training. */
const EMA_WARMUP_OFFSET = 10;

function generateEma(rng: Rng): GeneratedExercise {
  const decay = rng.pick(EMA_DECAYS);
  const numUpdates = rng.pick(EMA_NUM_UPDATES);
  const shadow = rng.float(0, 10, 1);
  let variable = rng.float(0, 10, 1);
  // shadow ≠ variable, otherwise every blend of the two gives the same number.
  if (variable === shadow) variable = cleanDecimal(shadow + rng.pick([-2, -1, 1, 2, 5]), 1);
  const warmup = (1 + numUpdates) / (EMA_WARMUP_OFFSET + numUpdates);
  const effective = Math.min(decay, warmup);
  const value = effective * shadow + (1 - effective) * variable;
  return {
    params: { decay, numUpdates, shadow, value: variable },
    prompt: withNote(
      text(
        `\`ema = tf.train.ExponentialMovingAverage(${decay}, num_updates)\`，\`ema_op = ema.apply([v])\`。\`apply\` 只是建立更新操作 \`ema_op\`，影子变量要等这个操作运行时才改变。当前 \`num_updates = ${numUpdates}\`，\`v\` 的影子变量为 $${shadow}$，\`v\` 的新值为 $${variable}$。运行一次 \`sess.run(ema_op)\` 后影子变量是多少？`,
        `\`ema = tf.train.ExponentialMovingAverage(${decay}, num_updates)\` and \`ema_op = ema.apply([v])\`. \`apply\` only builds the update op \`ema_op\`; the shadow changes when that op runs. Now \`num_updates = ${numUpdates}\`, the shadow of \`v\` is $${shadow}$ and \`v\`'s new value is $${variable}$. What is the shadow after one \`sess.run(ema_op)\`?`,
      ),
    ),
    answer: { value, kind: "real" },
    hints: [
      text("影子变量 = 衰减率 × 影子变量 +（1 − 衰减率）× 变量。", "shadow = decay × shadow + (1 − decay) × variable."),
      text(
        "给了 num_updates 时，实际衰减率是 $\\min\\left(\\text{decay}, \\dfrac{1 + n}{10 + n}\\right)$，让训练初期更新更快。",
        "With num_updates the decay actually used is $\\min\\left(\\text{decay}, \\dfrac{1 + n}{10 + n}\\right)$, so early training moves faster.",
      ),
    ],
    solution: [
      text(
        `$d = \\min\\left(${decay}, \\dfrac{1 + ${numUpdates}}{10 + ${numUpdates}}\\right) = \\min(${decay}, ${tex(warmup)}) = ${tex(effective)}$`,
        `$d = \\min\\left(${decay}, \\dfrac{1 + ${numUpdates}}{10 + ${numUpdates}}\\right) = \\min(${decay}, ${tex(warmup)}) = ${tex(effective)}$`,
      ),
      text(
        `$\\text{shadow}' = ${tex(effective)} \\times ${shadow} + (1 - ${tex(effective)}) \\times ${variable} = ${tex(value)}$`,
        `$\\text{shadow}' = ${tex(effective)} \\times ${shadow} + (1 - ${tex(effective)}) \\times ${variable} = ${tex(value)}$`,
      ),
    ],
    wrongAnswers: [
      wrong(
        decay * shadow + (1 - decay) * variable,
        "你直接用了 decay，没有考虑 num_updates：实际衰减率取 min(decay, (1+n)/(10+n))。",
        "You used decay as is and ignored num_updates: the decay used is min(decay, (1+n)/(10+n)).",
      ),
      wrong(
        effective * variable + (1 - effective) * shadow,
        "权重放反了：衰减率乘的是旧的影子变量。",
        "The weights are swapped: the decay multiplies the old shadow value.",
      ),
    ],
    answerForms: [
      `min(${decay}, (1+${numUpdates})/(10+${numUpdates}))*${shadow} + (1 - min(${decay}, (1+${numUpdates})/(10+${numUpdates})))*${variable}`,
    ],
  };
}

export const OPTIMIZATION_GENERATORS: ExerciseGenerator[] = [
  {
    info: {
      id: "exp-decay-lr",
      topic: "optimization",
      chapter: "ch4",
      title: text("指数衰减学习率", "Exponentially decayed learning rate"),
      source: "第四章 › 4.4 神经网络进一步优化 › 学习率",
    },
    generate: generateExpDecay,
  },
  {
    info: {
      id: "mini-batch-iterations",
      topic: "optimization",
      chapter: "ch4",
      title: text("mini-batch 迭代次数", "Mini-batch iteration count"),
      source: "第四章 › 4.3 神经网络优化算法",
    },
    generate: generateMiniBatchIterations,
  },
  {
    info: {
      id: "l2-penalty",
      topic: "regularization",
      chapter: "ch4",
      title: text("L2 正则化项", "L2 regularization term"),
      source: "第四章 › 4.4 神经网络进一步优化 › 正则化",
    },
    generate: generateL2,
  },
  {
    info: {
      id: "l1-penalty",
      topic: "regularization",
      chapter: "ch4",
      title: text("L1 正则化项", "L1 regularization term"),
      source: "第四章 › 4.4 神经网络进一步优化 › 正则化",
    },
    generate: generateL1,
  },
  {
    info: {
      id: "ema-shadow",
      topic: "moving-average",
      chapter: "ch4",
      title: text("滑动平均的影子变量", "Moving-average shadow variable"),
      source: "第四章 › 4.4 神经网络进一步优化 › 3、滑动平均模型",
    },
    generate: generateEma,
  },
];
