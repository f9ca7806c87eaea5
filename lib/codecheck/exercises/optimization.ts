/** 第四章 › 4.3–4.4: the learning-rate schedule, L2 regularization, collected penalties, one gradient-descent step and the moving average. */
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
    {
      name: {
        en: "notes' schedule (0.1, 100, 0.96, staircase) at step 0",
        zh: "笔记中的衰减设置（0.1、100、0.96、staircase），第 0 步",
      },
      args: [0.1, 0, 100, 0.96, true],
    },
    {
      name: { en: "notes' schedule, staircase on, step 150", zh: "笔记中的衰减设置，staircase 开，第 150 步" },
      args: [0.1, 150, 100, 0.96, true],
    },
    {
      name: { en: "notes' schedule, staircase off, step 150", zh: "笔记中的衰减设置，staircase 关，第 150 步" },
      args: [0.1, 150, 100, 0.96, false],
    },
    {
      name: { en: "staircase on, step 99 (just before a drop)", zh: "staircase 开，第 99 步（下降之前一步）" },
      args: [0.1, 99, 100, 0.96, true],
    },
    {
      name: { en: "staircase on, step 200 (exactly at a drop)", zh: "staircase 开，第 200 步（正好下降）" },
      args: [0.1, 200, 100, 0.96, true],
    },
    {
      name: {
        en: "staircase omitted (TF1 default False), step 250",
        zh: "不传 staircase（TF1 默认 False），第 250 步",
      },
      args: [0.1, 250, 100, 0.96],
    },
    {
      name: {
        en: "decay 0.5 every 1000 steps, staircase off, step 4321",
        zh: "每 1000 步衰减为 0.5 倍，staircase 关，第 4321 步",
      },
      args: [1, 4321, 1000, 0.5, false],
    },
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
    zh: "实现 `regularizedLoss(yTrue, yPred, w, lambda)` = 均方误差 + `λ · Σw² / 2`，返回标量张量。均方误差是对 `yTrue - yPred` 的**所有元素**求平均（`tf.reduce_mean` 不带 axis）。注意 TF1 的 `l2_regularizer` 带 1/2；tfjs 的 `tf.regularizers.l2` 没有（是它的两倍）。\n\n笔记中的这段代码照抄会出错，有两处笔误：`stddev=1, seed=1` 应写在 `tf.random_normal([2, 1], stddev=1, seed=1)` 的括号里，而不是 `tf.Variable(...)` 的参数；`lambda` 是 Python 关键字，不能当变量名（要换个名字或直接写数值）。JavaScript 里的参数名 `lambda` 没有问题。",
    en: "Implement `regularizedLoss(yTrue, yPred, w, lambda)` = MSE + `λ · Σw² / 2` as a scalar tensor. The MSE averages over **all elements** of `yTrue - yPred` (`tf.reduce_mean` without an axis). TF1's `l2_regularizer` includes the 1/2; tfjs's `tf.regularizers.l2` does not (it is twice as large).\n\nThe notes' code would not run as written; it has two slips: `stddev=1, seed=1` belong inside `tf.random_normal([2, 1], stddev=1, seed=1)`, not to `tf.Variable(...)`, and `lambda` is a Python keyword that cannot name a variable (use another name or the number itself). As a JavaScript parameter name `lambda` is fine.",
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
      name: { en: "notes' w [2,1], batch 4, λ = 0.1", zh: "笔记中的 w [2,1]，batch 4，λ = 0.1" },
      args: [normalTensor(rng, [4, 1]), normalTensor(rng, [4, 1]), normalTensor(rng, [2, 1]), 0.1],
    },
    {
      name: { en: "weight matrix [3,5], targets [6,5], λ = 0.01", zh: "权重矩阵 [3,5]，目标 [6,5]，λ = 0.01" },
      args: [normalTensor(rng, [6, 5]), normalTensor(rng, [6, 5]), normalTensor(rng, [3, 5], 2), 0.01],
    },
    {
      name: { en: "λ = 0 leaves the MSE", zh: "λ = 0 时只剩 MSE" },
      args: [normalTensor(rng, [3, 1]), normalTensor(rng, [3, 1]), normalTensor(rng, [2, 1]), 0],
    },
    {
      name: { en: "large λ = 2 dominates", zh: "λ = 2 很大，正则项占主导" },
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
  originalFrom: {
    en: "Chapter 4 › 4.4 (the notes' 4.3 describes gradient descent in words only)",
    zh: "第四章 › 4.4（笔记的 4.3 只用文字描述了梯度下降）",
  },
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
      name: { en: "notes' w [2,1], batch 4, lr 0.1", zh: "笔记中的 w [2,1]，batch 4，学习率 0.1" },
      args: [normalTensor(rng, [4, 2]), normalTensor(rng, [4, 1]), normalTensor(rng, [2, 1]), 0.1],
    },
    {
      name: { en: "x [8,3], lr 0.01", zh: "x [8,3]，学习率 0.01" },
      args: [normalTensor(rng, [8, 3]), normalTensor(rng, [8, 1]), normalTensor(rng, [3, 1]), 0.01],
    },
    {
      name: { en: "batch 1, x [1,3], lr 0.5", zh: "batch 1，x [1,3]，学习率 0.5" },
      args: [normalTensor(rng, [1, 3]), normalTensor(rng, [1, 1]), normalTensor(rng, [3, 1]), 0.5],
    },
    {
      name: { en: "lr 0 leaves w unchanged", zh: "学习率为 0 时 w 不变" },
      args: [normalTensor(rng, [3, 2]), normalTensor(rng, [3, 1]), normalTensor(rng, [2, 1]), 0],
    },
  ],
});

export const l2Collection = defineExercise({
  id: "l2-collection",
  title: { zh: "汇总各层的 L2 正则项", en: "Collecting every layer's L2 penalty" },
  topic: "regularization",
  source: "第四章 › 4.4 神经网络进一步优化 › 正则化",
  original: dedent(`
    def get_weight(shape, lambda1):
        var = tf.Variable(tf.random_normal(shape), dtype=tf.float32)
        tf.add_to_collection('losses', tf.contrib.layers.l2_regularizer(lambda1)(var))
        return var
    # ……每一层都用 get_weight 创建权重……
    mse_loss = tf.reduce_mean(tf.square(y_ - cur_layer))
    tf.add_to_collection('losses', mse_loss)
    loss = tf.add_n(tf.get_collection('losses'))
  `),
  originalFrom: {
    en: "The notes only say to use a collection when the network grows (“可以使用TensorFlow中提供的collection”); this is the book's 4.4.2 pattern, with `lambda` renamed because it is a Python keyword.",
    zh: "笔记只说网络变大时“可以使用TensorFlow中提供的collection”；这里是书中 4.4.2 的写法，`lambda` 是 Python 关键字，所以改了名。",
  },
  task: {
    zh: '实现 `totalLoss(dataLoss, lambda, ...layerWeights)`：`layerWeights` 是各层的权重张量（个数不定），`dataLoss` 是已经算好的均方误差（标量张量）。和上面的 TF1 代码一样，把每一层的正则项 `λ · Σw² / 2`（TF1 `l2_regularizer`）和 `dataLoss` 放进一个列表（TF.js 里的"collection"就是一个数组），最后用 `tf.addN` 相加，返回标量张量。',
    en: "Implement `totalLoss(dataLoss, lambda, ...layerWeights)`: `layerWeights` are the layers' weight tensors (any number of them) and `dataLoss` is the mean squared error already computed (a scalar tensor). As in the TF1 code above, put every layer's penalty `λ · Σw² / 2` (TF1's `l2_regularizer`) and `dataLoss` in one list (in TF.js a \"collection\" is just an array), then add them with `tf.addN` and return the scalar tensor.",
  },
  functionName: "totalLoss",
  starter: dedent(`
    function totalLoss(dataLoss, lambda, ...layerWeights) {
      // TODO: a list of λ·Σw²/2 for every layer plus dataLoss, summed with tf.addN
    }
  `),
  hints: [
    {
      zh: "`tf.add_to_collection('losses', x)` 在 TF.js 里就是 `losses.push(x)`；`tf.add_n(tf.get_collection('losses'))` 是 `tf.addN(losses)`。",
      en: "`tf.add_to_collection('losses', x)` is `losses.push(x)` in TF.js, and `tf.add_n(tf.get_collection('losses'))` is `tf.addN(losses)`.",
    },
    {
      zh: "每一层都要有自己的一项，数据损失也要放进同一个列表。",
      en: "Every layer contributes its own term, and the data loss goes into the same list.",
    },
    {
      zh: "TF1 的 `l2_regularizer(λ)(w)` 是 `λ · tf.nn.l2_loss(w)` = λ·Σw²/2；`tf.regularizers.l2` 没有 1/2。",
      en: "TF1's `l2_regularizer(λ)(w)` is `λ · tf.nn.l2_loss(w)` = λ·Σw²/2; `tf.regularizers.l2` has no 1/2.",
    },
  ],
  reference: dedent(`
    function totalLoss(dataLoss, lambda, ...layerWeights) {
      return tf.tidy(() => {
        const losses = layerWeights.map((w) => tf.mul(lambda / 2, tf.sum(tf.square(w))));
        losses.push(dataLoss);
        return tf.addN(losses);
      });
    }
  `),
  output: "tensor",
  reportLeaks: true,
  mistakes: [
    {
      id: "tfjs-l2-factor",
      source:
        "function totalLoss(dataLoss, lambda, ...layerWeights) {\n  const losses = layerWeights.map((w) => tf.regularizers.l2({ l2: lambda }).apply(w));\n  losses.push(dataLoss);\n  return tf.addN(losses);\n}\n",
      message: {
        zh: "正则项是 TF1 的两倍：tf.regularizers.l2 是 λ·Σw²，TF1 的 l2_regularizer 是 λ·Σw²/2。",
        en: "the penalties are twice TF1's: tf.regularizers.l2 is λ·Σw², TF1's l2_regularizer is λ·Σw²/2.",
      },
    },
    {
      id: "last-layer-only",
      source:
        "function totalLoss(dataLoss, lambda, ...layerWeights) {\n  let penalty = tf.scalar(0);\n  for (const w of layerWeights) penalty = tf.mul(lambda / 2, tf.sum(tf.square(w)));\n  return tf.addN([penalty, dataLoss]);\n}\n",
      message: {
        zh: "每一层的正则项覆盖了上一层的，只剩最后一层：要把所有层的项都收集起来再相加。",
        en: "each layer's penalty overwrote the previous one, leaving only the last layer's: collect every layer's term, then add them.",
      },
    },
    {
      id: "no-data-loss",
      source:
        "function totalLoss(dataLoss, lambda, ...layerWeights) {\n  return tf.addN(layerWeights.map((w) => tf.mul(lambda / 2, tf.sum(tf.square(w)))));\n}\n",
      message: {
        zh: "漏了数据损失：mse_loss 也要放进同一个集合，总损失 = 数据损失 + 各层正则项。",
        en: "the data loss is missing: mse_loss goes into the same collection; total = data loss + every layer's penalty.",
      },
    },
    {
      id: "mean-of-collection",
      source:
        "function totalLoss(dataLoss, lambda, ...layerWeights) {\n  const losses = layerWeights.map((w) => tf.mul(lambda / 2, tf.sum(tf.square(w))));\n  losses.push(dataLoss);\n  return tf.mean(tf.stack(losses));\n}\n",
      message: {
        zh: "对集合里的项取了平均：tf.add_n 是求和。",
        en: "the collection was averaged: tf.add_n sums its terms.",
      },
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
      name: { en: "three layers [2,3], [3,3], [3,1], λ = 0.01", zh: "三层 [2,3]、[3,3]、[3,1]，λ = 0.01" },
      args: [
        tensorArg([], [0.8]),
        0.01,
        normalTensor(rng, [2, 3]),
        normalTensor(rng, [3, 3]),
        normalTensor(rng, [3, 1]),
      ],
    },
    {
      name: { en: "one layer, λ = 0.5", zh: "一层，λ = 0.5" },
      args: [tensorArg([], [1.25]), 0.5, normalTensor(rng, [4, 2])],
    },
    {
      name: { en: "five layers of different sizes, λ = 0.1", zh: "五层，大小各不相同，λ = 0.1" },
      args: [
        tensorArg([], [0.3]),
        0.1,
        normalTensor(rng, [2, 8]),
        normalTensor(rng, [8, 8]),
        normalTensor(rng, [8, 4]),
        normalTensor(rng, [4, 2]),
        normalTensor(rng, [2, 1]),
      ],
    },
    {
      name: {
        en: "the book's weights [[1, -2], [-3, 4]] twice, λ = 0.5",
        zh: "书中的权重 [[1, -2], [-3, 4]] 两次，λ = 0.5",
      },
      args: [tensorArg([], [0]), 0.5, tensorArg([2, 2], [1, -2, -3, 4]), tensorArg([2, 2], [1, -2, -3, 4])],
    },
  ],
});

export const emaUpdate = defineExercise({
  id: "ema-update",
  title: { zh: "滑动平均的影子变量（num_updates）", en: "The moving-average shadow with num_updates" },
  topic: "moving-average",
  source: "第四章 › 4.4 神经网络进一步优化 › 3、滑动平均模型",
  original: dedent(`
    v1 = tf.Variable(0, dtype=tf.float32)
    step = tf.Variable(0, trainable=False)
    ema = tf.train.ExponentialMovingAverage(0.99, step)
    maintain_averages_op = ema.apply([v1])
    # sess.run(maintain_averages_op) 每运行一次，影子变量更新一次
  `),
  originalFrom: {
    en: "The notes describe the moving-average model in words only; this is the book's 4.4.3 example they refer to.",
    zh: "笔记只用文字描述了滑动平均模型；这里是它所指的书中 4.4.3 的例子。",
  },
  task: {
    zh: "实现 `emaUpdate(shadow, variable, decay, numUpdates)`，返回运行一次 `maintain_averages_op` 后的影子变量：`shadow' = d · shadow + (1 − d) · variable`。给了 `numUpdates` 时衰减率取 `d = min(decay, (1 + numUpdates) / (10 + numUpdates))`，省略 `numUpdates` 时 `d = decay`（与 `tf.train.ExponentialMovingAverage(decay, num_updates)` 相同）。`shadow` 与 `variable` 形状相同，返回同形状的张量。",
    en: "Implement `emaUpdate(shadow, variable, decay, numUpdates)` returning the shadow after one run of `maintain_averages_op`: `shadow' = d · shadow + (1 − d) · variable`. With `numUpdates` given the decay is `d = min(decay, (1 + numUpdates) / (10 + numUpdates))`; with `numUpdates` omitted `d = decay` (as in `tf.train.ExponentialMovingAverage(decay, num_updates)`). `shadow` and `variable` have the same shape; return a tensor of that shape.",
  },
  functionName: "emaUpdate",
  starter: dedent(`
    function emaUpdate(shadow, variable, decay, numUpdates) {
      // TODO: d = min(decay, (1 + numUpdates) / (10 + numUpdates)) when numUpdates is given; d·shadow + (1 − d)·variable
    }
  `),
  hints: [
    {
      zh: "先用普通的 JavaScript 算出衰减率 d（`Math.min`），再做张量运算。",
      en: "Compute the decay d in plain JavaScript first (`Math.min`), then do the tensor arithmetic.",
    },
    {
      zh: "训练初期 (1 + n)/(10 + n) 很小，影子变量更新得快：n = 0 时 d = 0.1。",
      en: "Early in training (1 + n)/(10 + n) is small, so the shadow moves fast: at n = 0, d = 0.1.",
    },
    {
      zh: "`numUpdates === undefined` 时不要把它当成 0；TF.js 的 `tf.movingAverage` 默认还会做去偏（zeroDebias），和 TF1 不同。",
      en: "When `numUpdates === undefined`, do not treat it as 0; TF.js's `tf.movingAverage` also debiases by default (zeroDebias), unlike TF1.",
    },
  ],
  reference: dedent(`
    function emaUpdate(shadow, variable, decay, numUpdates) {
      const d = numUpdates === undefined ? decay : Math.min(decay, (1 + numUpdates) / (10 + numUpdates));
      return tf.tidy(() => tf.add(tf.mul(d, shadow), tf.mul(1 - d, variable)));
    }
  `),
  output: "tensor",
  reportLeaks: true,
  mistakes: [
    {
      id: "ignores-num-updates",
      source:
        "function emaUpdate(shadow, variable, decay, numUpdates) {\n  return tf.add(tf.mul(decay, shadow), tf.mul(1 - decay, variable));\n}\n",
      message: {
        zh: "忽略了 num_updates：给了它时衰减率是 min(decay, (1 + n)/(10 + n))。",
        en: "num_updates is ignored: when given, the decay is min(decay, (1 + n)/(10 + n)).",
      },
    },
    {
      id: "max-not-min",
      source:
        "function emaUpdate(shadow, variable, decay, numUpdates) {\n  const d = numUpdates === undefined ? decay : Math.max(decay, (1 + numUpdates) / (10 + numUpdates));\n  return tf.add(tf.mul(d, shadow), tf.mul(1 - d, variable));\n}\n",
      message: {
        zh: "用了 max：应取 min(decay, (1 + n)/(10 + n))，训练初期衰减率更小。",
        en: "max instead of min: the decay is min(decay, (1 + n)/(10 + n)), smaller early in training.",
      },
    },
    {
      id: "swapped-weights",
      source:
        "function emaUpdate(shadow, variable, decay, numUpdates) {\n  const d = numUpdates === undefined ? decay : Math.min(decay, (1 + numUpdates) / (10 + numUpdates));\n  return tf.add(tf.mul(d, variable), tf.mul(1 - d, shadow));\n}\n",
      message: {
        zh: "权重放反了：衰减率 d 乘旧的影子变量，1 − d 乘变量的新值。",
        en: "the weights are swapped: the decay d multiplies the old shadow, 1 − d the variable's new value.",
      },
    },
    {
      id: "missing-means-zero",
      source:
        "function emaUpdate(shadow, variable, decay, numUpdates) {\n  const n = numUpdates ?? 0;\n  const d = Math.min(decay, (1 + n) / (10 + n));\n  return tf.add(tf.mul(d, shadow), tf.mul(1 - d, variable));\n}\n",
      message: {
        zh: "没给 num_updates 时衰减率就是 decay，不是按 num_updates = 0 算出的 0.1。",
        en: "without num_updates the decay is decay itself, not the 0.1 that num_updates = 0 would give.",
      },
    },
  ],
  sourceHints: [
    {
      pattern: "movingAverage\\s*\\(",
      message: {
        zh: "tf.movingAverage 默认做去偏（除以 1 − decay^step），与 TF1 的 ExponentialMovingAverage 不同；传 zeroDebias = false 并自己算 d。",
        en: "tf.movingAverage debiases by default (dividing by 1 − decay^step), unlike TF1's ExponentialMovingAverage; pass zeroDebias = false and compute d yourself.",
      },
    },
  ],
  buildCases: () => [
    {
      name: {
        en: "the book's first update: decay 0.99, num_updates 0, shadow 0, v1 = 5",
        zh: "书中的第一次更新：decay 0.99，num_updates 0，影子变量 0，v1 = 5",
      },
      args: [tensorArg([], [0]), tensorArg([], [5]), 0.99, 0],
    },
    {
      name: {
        en: "the book's second update: num_updates 10000, shadow 4.5, v1 = 10",
        zh: "书中的第二次更新：num_updates 10000，影子变量 4.5，v1 = 10",
      },
      args: [tensorArg([], [4.5]), tensorArg([], [10]), 0.99, 10000],
    },
    {
      name: { en: "num_updates omitted: decay 0.9 as is", zh: "不传 num_updates：decay 就是 0.9" },
      args: [tensorArg([3], [1, -2, 0.5]), tensorArg([3], [3, 0, -1]), 0.9],
    },
    {
      name: {
        en: "num_updates 90: min(0.99, 91/100) = 0.91, matrix [2,3]",
        zh: "num_updates 90：min(0.99, 91/100) = 0.91，矩阵 [2,3]",
      },
      args: [tensorArg([2, 3], [1, 2, 3, 4, 5, 6]), tensorArg([2, 3], [6, 5, 4, 3, 2, 1]), 0.99, 90],
    },
  ],
});
