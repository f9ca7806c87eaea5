/** 第四章 › 4.3–4.4: the learning-rate schedule, L2 regularization and one gradient-descent step. */
import { normalTensor, tensorArg } from "../random";
import { dedent, defineExercise } from "./define";

export const exponentialDecay = defineExercise({
  id: "exponential-decay",
  title: { zh: "指数衰减学习率", en: "Exponentially decayed learning rate" },
  topic: "optimization",
  source: "第四章 › 4.4 神经网络进一步优化",
  original: dedent(`
    global_step = tf.Variable(0)
    learning_rate = tf.train.exponential_decay(0.1, global_step, 100, 0.96, staircase=True)
    learning_step = tf.train.GradientDescentOptimizer(learning_rate).minimize(loss, global_step=global_step)
  `),
  task: {
    zh: "实现 `exponentialDecay(learningRate, globalStep, decaySteps, decayRate, staircase)`，与 TF1 的 `tf.train.exponential_decay` 相同：`learningRate · decayRate^(globalStep / decaySteps)`；`staircase` 为 true 时指数取整（阶梯下降）。`staircase` 省略时与 TF1 一样默认为 false。返回数字（或标量张量）。",
    en: "Implement `exponentialDecay(learningRate, globalStep, decaySteps, decayRate, staircase)` like TF1's `tf.train.exponential_decay`: `learningRate · decayRate^(globalStep / decaySteps)`, with the exponent floored when `staircase` is true. When `staircase` is omitted it defaults to false, as in TF1. Return a number (or a scalar tensor).",
  },
  functionName: "exponentialDecay",
  starter: dedent(`
    function exponentialDecay(learningRate, globalStep, decaySteps, decayRate, staircase) {
      // TODO: learningRate * decayRate ^ (globalStep / decaySteps), floored exponent when staircase
    }
  `),
  hints: [
    {
      zh: "每经过 decaySteps 步，学习率乘一次 decayRate。",
      en: "Every decaySteps steps the rate is multiplied by decayRate once.",
    },
    {
      zh: "阶梯下降：指数 globalStep / decaySteps 向下取整（Math.floor）；否则保留小数，平滑下降。",
      en: "Staircase floors the exponent globalStep / decaySteps (Math.floor); otherwise it stays fractional and the decay is smooth.",
    },
    {
      zh: "TF1 中 staircase 默认为 False：给参数一个默认值 `staircase = false`。",
      en: "TF1's staircase defaults to False: give the parameter a default, `staircase = false`.",
    },
  ],
  reference: dedent(`
    function exponentialDecay(learningRate, globalStep, decaySteps, decayRate, staircase = false) {
      const exponent = staircase ? Math.floor(globalStep / decaySteps) : globalStep / decaySteps;
      return learningRate * Math.pow(decayRate, exponent);
    }
  `),
  output: "number-or-scalar",
  reportLeaks: true,
  mistakes: [
    {
      id: "always-staircase",
      source:
        "function exponentialDecay(learningRate, globalStep, decaySteps, decayRate, staircase) {\n  return learningRate * Math.pow(decayRate, Math.floor(globalStep / decaySteps));\n}\n",
      message: {
        zh: "staircase 为 false 时不取整：指数是 globalStep / decaySteps 的小数值。",
        en: "with staircase false the exponent is not floored: it is the fractional globalStep / decaySteps.",
      },
    },
    {
      id: "never-staircase",
      source:
        "function exponentialDecay(learningRate, globalStep, decaySteps, decayRate, staircase) {\n  return learningRate * Math.pow(decayRate, globalStep / decaySteps);\n}\n",
      message: {
        zh: "忽略了 staircase：为 true 时指数要向下取整。",
        en: "staircase is ignored: when true the exponent is floored.",
      },
    },
    {
      id: "default-staircase-true",
      source:
        "function exponentialDecay(learningRate, globalStep, decaySteps, decayRate, staircase = true) {\n  const exponent = staircase ? Math.floor(globalStep / decaySteps) : globalStep / decaySteps;\n  return learningRate * Math.pow(decayRate, exponent);\n}\n",
      message: { zh: "TF1 中 staircase 默认为 False。", en: "TF1's staircase defaults to False." },
    },
    {
      id: "round-not-floor",
      source:
        "function exponentialDecay(learningRate, globalStep, decaySteps, decayRate, staircase = false) {\n  const exponent = staircase ? Math.round(globalStep / decaySteps) : globalStep / decaySteps;\n  return learningRate * Math.pow(decayRate, exponent);\n}\n",
      message: {
        zh: "阶梯下降是向下取整（floor），不是四舍五入。",
        en: "staircase floors the exponent; it does not round it.",
      },
    },
    {
      id: "no-division",
      source:
        "function exponentialDecay(learningRate, globalStep, decaySteps, decayRate, staircase = false) {\n  return learningRate * Math.pow(decayRate, globalStep);\n}\n",
      message: {
        zh: "指数是 globalStep / decaySteps，不是 globalStep。",
        en: "the exponent is globalStep / decaySteps, not globalStep.",
      },
    },
  ],
  sourceHints: [],
  buildCases: () => [
    { name: "notes' schedule (0.1, 100, 0.96, staircase) at step 0", args: [0.1, 0, 100, 0.96, true] },
    { name: "notes' schedule, staircase on, step 150", args: [0.1, 150, 100, 0.96, true] },
    { name: "notes' schedule, staircase off, step 150", args: [0.1, 150, 100, 0.96, false] },
    { name: "staircase on, step 99 (just before a drop)", args: [0.1, 99, 100, 0.96, true] },
    { name: "staircase on, step 200 (exactly at a drop)", args: [0.1, 200, 100, 0.96, true] },
    { name: "staircase omitted (TF1 default False), step 250", args: [0.1, 250, 100, 0.96] },
    { name: "decay 0.5 every 1000 steps, staircase off, step 4321", args: [1, 4321, 1000, 0.5, false] },
  ],
});

export const l2RegularizedLoss = defineExercise({
  id: "l2-regularized-loss",
  title: { zh: "带 L2 正则化的损失", en: "Loss with L2 regularization" },
  topic: "regularization",
  source: "第四章 › 4.4 神经网络进一步优化",
  original: dedent(`
    # L2正则化示例
    w = tf.Variable(tf.random_normal([2, 1]), stddev=1, seed=1)
    y = tf.matmul(x, w)
    loss = tf.reduce_mean(tf.square(y_ - y)) + tf.contrib.layers.l2_regularizer(lambda)(w)
  `),
  task: {
    zh: "实现 `regularizedLoss(yTrue, yPred, w, lambda)` = 均方误差 + `λ · Σw² / 2`，返回标量张量。注意 TF1 的 `l2_regularizer` 带 1/2；tfjs 的 `tf.regularizers.l2` 没有（是它的两倍）。",
    en: "Implement `regularizedLoss(yTrue, yPred, w, lambda)` = MSE + `λ · Σw² / 2` as a scalar tensor. TF1's `l2_regularizer` includes the 1/2; tfjs's `tf.regularizers.l2` does not (it is twice as large).",
  },
  functionName: "regularizedLoss",
  starter: dedent(`
    function regularizedLoss(yTrue, yPred, w, lambda) {
      // TODO: mean((yTrue - yPred)^2) + lambda * sum(w^2) / 2
    }
  `),
  hints: [
    {
      zh: "总损失 = 原损失 J(θ) + λR(w)；R(w) 只与权重有关。",
      en: "Total loss = data loss J(θ) + λR(w); R(w) depends on the weights only.",
    },
    {
      zh: "TF1 的 l2_regularizer(λ)(w) 是 λ · tf.nn.l2_loss(w) = λ · Σw² / 2。",
      en: "TF1's l2_regularizer(λ)(w) is λ · tf.nn.l2_loss(w) = λ · Σw² / 2.",
    },
    {
      zh: "`tf.regularizers.l2({ l2: λ }).apply(w)` 给出 λ · Σw²，要再除以 2。",
      en: "`tf.regularizers.l2({ l2: λ }).apply(w)` gives λ · Σw²; halve it.",
    },
  ],
  reference: dedent(`
    function regularizedLoss(yTrue, yPred, w, lambda) {
      return tf.tidy(() => {
        const dataLoss = tf.mean(tf.square(tf.sub(yTrue, yPred)));
        const penalty = tf.mul(lambda / 2, tf.sum(tf.square(w)));
        return tf.add(dataLoss, penalty);
      });
    }
  `),
  output: "tensor",
  reportLeaks: true,
  mistakes: [
    {
      id: "tfjs-l2-factor",
      source:
        "function regularizedLoss(yTrue, yPred, w, lambda) {\n  const dataLoss = tf.mean(tf.square(tf.sub(yTrue, yPred)));\n  return tf.add(dataLoss, tf.regularizers.l2({ l2: lambda }).apply(w));\n}\n",
      message: {
        zh: "正则项是 TF1 的两倍：tfjs 的 tf.regularizers.l2 是 λ·Σw²，TF1 的 l2_regularizer 是 λ·Σw²/2。",
        en: "the penalty is twice TF1's: tfjs's tf.regularizers.l2 is λ·Σw², TF1's l2_regularizer is λ·Σw²/2 (factor 2).",
      },
    },
    {
      id: "l1",
      source:
        "function regularizedLoss(yTrue, yPred, w, lambda) {\n  return tf.add(tf.mean(tf.square(tf.sub(yTrue, yPred))), tf.mul(lambda, tf.sum(tf.abs(w))));\n}\n",
      message: {
        zh: "这是 L1 正则（绝对值之和）；L2 是平方和的一半。",
        en: "that is L1 (sum of absolute values); L2 is half the sum of squares.",
      },
    },
    {
      id: "mean-of-squares",
      source:
        "function regularizedLoss(yTrue, yPred, w, lambda) {\n  return tf.add(tf.mean(tf.square(tf.sub(yTrue, yPred))), tf.mul(lambda / 2, tf.mean(tf.square(w))));\n}\n",
      message: { zh: "正则项对 w² 应求和，不是平均。", en: "the penalty sums w², it does not average it." },
    },
    {
      id: "no-lambda",
      source:
        "function regularizedLoss(yTrue, yPred, w, lambda) {\n  return tf.add(tf.mean(tf.square(tf.sub(yTrue, yPred))), tf.div(tf.sum(tf.square(w)), 2));\n}\n",
      message: { zh: "正则项没有乘 λ。", en: "the penalty is not multiplied by λ." },
    },
  ],
  sourceHints: [
    {
      pattern: "regularizers\\s*\\.\\s*l2",
      message: {
        zh: "tf.regularizers.l2 不带 1/2，比 TF1 的 l2_regularizer 大一倍。",
        en: "tf.regularizers.l2 has no 1/2: it is twice TF1's l2_regularizer.",
      },
    },
  ],
  buildCases: (rng) => [
    {
      name: "notes' w [2,1], batch 4, λ = 0.1",
      args: [normalTensor(rng, [4, 1]), normalTensor(rng, [4, 1]), normalTensor(rng, [2, 1]), 0.1],
    },
    {
      name: "weight matrix [3,5], targets [6,5], λ = 0.01",
      args: [normalTensor(rng, [6, 5]), normalTensor(rng, [6, 5]), normalTensor(rng, [3, 5], 2), 0.01],
    },
    {
      name: "λ = 0 leaves the MSE",
      args: [normalTensor(rng, [3, 1]), normalTensor(rng, [3, 1]), normalTensor(rng, [2, 1]), 0],
    },
    {
      name: "large λ = 2 dominates",
      args: [normalTensor(rng, [2, 1]), normalTensor(rng, [2, 1]), tensorArg([2, 1], [1.5, -2]), 2],
    },
  ],
});

export const sgdStep = defineExercise({
  id: "sgd-step",
  title: { zh: "一步梯度下降", en: "One gradient-descent step" },
  topic: "optimization",
  source: "第四章 › 4.3 神经网络优化算法",
  original: dedent(`
    learning_step = tf.train.GradientDescentOptimizer(learning_rate).minimize(loss, global_step=global_step)
  `),
  originalFrom: "第四章 › 4.4 (the notes' 4.3 describes gradient descent in words only)",
  task: {
    zh: "实现 `sgdStep(x, y, w, learningRate)`：线性模型 `ŷ = x·w`，损失 `mean((x·w − y)²)`。做一步梯度下降，返回新的权重 `w − learningRate · ∂loss/∂w`（形状与 `w` 相同）。`x`：`[n, d]`，`y`：`[n, 1]`，`w`：`[d, 1]`。可以用 `tf.grad`，也可以用优化器。",
    en: "Implement `sgdStep(x, y, w, learningRate)` for the linear model `ŷ = x·w` with loss `mean((x·w − y)²)`: take one gradient-descent step and return the new weights `w − learningRate · ∂loss/∂w` (same shape as `w`). `x`: `[n, d]`, `y`: `[n, 1]`, `w`: `[d, 1]`. Use `tf.grad` or an optimizer.",
  },
  functionName: "sgdStep",
  starter: dedent(`
    function sgdStep(x, y, w, learningRate) {
      // TODO: return w - learningRate * d(mean((x·w - y)^2))/dw
    }
  `),
  hints: [
    {
      zh: "梯度下降沿梯度的反方向移动，步长是学习率。",
      en: "Gradient descent moves against the gradient, by the learning rate.",
    },
    {
      zh: "`tf.grad(f)` 返回一个函数，它计算 f 对其参数的梯度。",
      en: "`tf.grad(f)` returns a function computing the gradient of f with respect to its argument.",
    },
    {
      zh: "手算时：∂/∂w mean((xw − y)²) = (2/n)·xᵀ(xw − y)，别漏了 2。",
      en: "By hand: ∂/∂w mean((xw − y)²) = (2/n)·xᵀ(xw − y) — keep the 2.",
    },
  ],
  reference: dedent(`
    function sgdStep(x, y, w, learningRate) {
      return tf.tidy(() => {
        const loss = (weights) => tf.mean(tf.square(tf.sub(tf.matMul(x, weights), y)));
        const gradient = tf.grad(loss)(w);
        return tf.sub(w, tf.mul(gradient, learningRate));
      });
    }
  `),
  output: "tensor",
  reportLeaks: true,
  mistakes: [
    {
      id: "ascent",
      source:
        "function sgdStep(x, y, w, learningRate) {\n  const g = tf.grad((v) => tf.mean(tf.square(tf.sub(tf.matMul(x, v), y))))(w);\n  return tf.add(w, tf.mul(g, learningRate));\n}\n",
      message: {
        zh: "加上了梯度（梯度上升）；下降要减去。",
        en: "the gradient is added (ascent); descent subtracts it.",
      },
    },
    {
      id: "missing-factor-two",
      source:
        "function sgdStep(x, y, w, learningRate) {\n  const n = x.shape[0];\n  const g = tf.div(tf.matMul(x, tf.sub(tf.matMul(x, w), y), true, false), n);\n  return tf.sub(w, tf.mul(g, learningRate));\n}\n",
      message: {
        zh: "手算梯度漏了系数 2：∂/∂w mean(e²) = (2/n)·xᵀe。",
        en: "the hand-written gradient misses the factor 2: ∂/∂w mean(e²) = (2/n)·xᵀe.",
      },
    },
    {
      id: "sum-loss",
      source:
        "function sgdStep(x, y, w, learningRate) {\n  const g = tf.grad((v) => tf.sum(tf.square(tf.sub(tf.matMul(x, v), y))))(w);\n  return tf.sub(w, tf.mul(g, learningRate));\n}\n",
      message: {
        zh: "对平方误差求和而不是平均，梯度大了 n 倍。",
        en: "the loss sums the squared errors instead of averaging them, so the gradient is n times too large.",
      },
    },
    {
      id: "returns-gradient",
      source:
        "function sgdStep(x, y, w, learningRate) {\n  return tf.grad((v) => tf.mean(tf.square(tf.sub(tf.matMul(x, v), y))))(w);\n}\n",
      message: {
        zh: "返回的是梯度；应返回更新后的权重 w − lr·g。",
        en: "that returns the gradient; return the updated weights w − lr·g.",
      },
    },
  ],
  sourceHints: [],
  buildCases: (rng) => [
    {
      name: "notes' w [2,1], batch 4, lr 0.1",
      args: [normalTensor(rng, [4, 2]), normalTensor(rng, [4, 1]), normalTensor(rng, [2, 1]), 0.1],
    },
    {
      name: "x [8,3], lr 0.01",
      args: [normalTensor(rng, [8, 3]), normalTensor(rng, [8, 1]), normalTensor(rng, [3, 1]), 0.01],
    },
    {
      name: "batch 1, x [1,3], lr 0.5",
      args: [normalTensor(rng, [1, 3]), normalTensor(rng, [1, 1]), normalTensor(rng, [3, 1]), 0.5],
    },
    {
      name: "lr 0 leaves w unchanged",
      args: [normalTensor(rng, [3, 2]), normalTensor(rng, [3, 1]), normalTensor(rng, [2, 1]), 0],
    },
  ],
});
