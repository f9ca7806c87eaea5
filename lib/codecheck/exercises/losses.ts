/** 第四章 › 4.2: cross-entropy with the clip, softmax cross-entropy, MSE and the custom loss. */
import { normalTensor, oneHotRows, probabilityRows, tensorArg, uniformTensor } from "../random";
import type { Rng, TensorArg } from "../types";
import { dedent, defineExercise } from "./define";

const SECTION = "第四章 › 4.2 损失函数";

/** Probability rows with exact zeros, one of them on the true class: log(0) without the clip. */
function predictionsWithZeros(rng: Rng, labels: TensorArg, classes: number): TensorArg {
  const rows = labels.shape[0] ?? 0;
  const values: number[] = [];
  for (let row = 0; row < rows; row += 1) {
    const hot = labels.values.slice(row * classes, (row + 1) * classes).indexOf(1);
    const raw = Array.from({ length: classes }, (_, column) =>
      column === hot && row % 2 === 0 ? 0 : rng.uniform(0.1, 1),
    );
    if (row % 2 === 1) raw[(hot + 1) % classes] = 0;
    const total = raw.reduce((sum, value) => sum + value, 0);
    values.push(...raw.map((value) => value / total));
  }
  return tensorArg([rows, classes], values);
}

export const crossEntropyClip = defineExercise({
  id: "cross-entropy-clip",
  title: { zh: "带截断的交叉熵", en: "Cross-entropy with clipping" },
  topic: "loss-functions",
  source: SECTION,
  original: dedent(`
    # TensorFlow实现交叉熵的计算
    cross_entropy = -tf.reduce_mean(y_ * tf.log(tf.clip_by_value(y, 1e-10, 1.0)))
  `),
  task: {
    zh: "实现 `crossEntropy(yTrue, yPred)` = `-mean(yTrue · log(clip(yPred, 1e-10, 1.0)))`，对所有元素求平均，返回标量张量。`yTrue`、`yPred` 形状相同 `[batch, classes]`。",
    en: "Implement `crossEntropy(yTrue, yPred)` = `-mean(yTrue · log(clip(yPred, 1e-10, 1.0)))`, the mean over all elements, as a scalar tensor. `yTrue` and `yPred` share the shape `[batch, classes]`.",
  },
  functionName: "crossEntropy",
  starter: dedent(`
    function crossEntropy(yTrue, yPred) {
      // TODO: -mean(yTrue * log(clip(yPred, 1e-10, 1.0)))
    }
  `),
  hints: [
    {
      zh: "笔记里有四个运算：截断、取对数、逐元素相乘、求平均，最后取负。",
      en: "The notes list four operations: clip, log, element-wise multiply, mean — then negate.",
    },
    {
      zh: "`tf.clip_by_value` 在 tfjs 中是 `tf.clipByValue`；不截断时 log(0) = -Infinity。",
      en: "`tf.clip_by_value` is `tf.clipByValue` in tfjs; without it log(0) = -Infinity.",
    },
    {
      zh: "`tf.reduce_mean` 不带 axis 时对所有元素求平均：`tf.mean(t)`。",
      en: "`tf.reduce_mean` without an axis averages all elements: `tf.mean(t)`.",
    },
  ],
  reference: dedent(`
    function crossEntropy(yTrue, yPred) {
      return tf.tidy(() => tf.neg(tf.mean(tf.mul(yTrue, tf.log(tf.clipByValue(yPred, 1e-10, 1.0))))));
    }
  `),
  output: "tensor",
  reportLeaks: true,
  mistakes: [
    {
      id: "no-clip",
      source: "function crossEntropy(yTrue, yPred) {\n  return tf.neg(tf.mean(tf.mul(yTrue, tf.log(yPred))));\n}\n",
      message: {
        zh: "没有截断：log(0) = -Infinity，0·log(0) = NaN。先 tf.clipByValue(yPred, 1e-10, 1.0)。",
        en: "no clip: log(0) = -Infinity and 0·log(0) = NaN. Clip first: tf.clipByValue(yPred, 1e-10, 1.0).",
      },
    },
    {
      id: "add-epsilon",
      source:
        "function crossEntropy(yTrue, yPred) {\n  return tf.neg(tf.mean(tf.mul(yTrue, tf.log(tf.add(yPred, 1e-10)))));\n}\n",
      message: {
        zh: "log(yPred + 1e-10) 不等于截断：应为 clip(yPred, 1e-10, 1.0)，小于 1e-10 的值变成 1e-10、大于 1 的值变成 1。",
        en: "log(yPred + 1e-10) is not the clip: clip(yPred, 1e-10, 1.0) maps values below 1e-10 to 1e-10 and above 1 to 1.",
      },
    },
    {
      id: "keras-epsilon",
      source:
        "function crossEntropy(yTrue, yPred) {\n  return tf.neg(tf.mean(tf.mul(yTrue, tf.log(tf.clipByValue(yPred, 1e-7, 1.0)))));\n}\n",
      message: { zh: "截断下限应为笔记中的 1e-10。", en: "the lower clip bound is the notes' 1e-10." },
    },
    {
      id: "lower-bound-only",
      source:
        "function crossEntropy(yTrue, yPred) {\n  return tf.neg(tf.mean(tf.mul(yTrue, tf.log(tf.maximum(yPred, 1e-10)))));\n}\n",
      message: {
        zh: "只截断了下限；上限 1.0 也要截断。",
        en: "only the lower bound is clipped; clip the upper bound 1.0 too.",
      },
    },
    {
      id: "sum-not-mean",
      source:
        "function crossEntropy(yTrue, yPred) {\n  return tf.neg(tf.sum(tf.mul(yTrue, tf.log(tf.clipByValue(yPred, 1e-10, 1.0)))));\n}\n",
      message: {
        zh: "用了求和，笔记是 tf.reduce_mean（平均）。",
        en: "sum instead of mean — the notes use tf.reduce_mean.",
      },
    },
    {
      id: "mean-over-batch-only",
      source:
        "function crossEntropy(yTrue, yPred) {\n  return tf.neg(tf.mean(tf.sum(tf.mul(yTrue, tf.log(tf.clipByValue(yPred, 1e-10, 1.0))), 1)));\n}\n",
      message: {
        zh: "先按行求和再平均（只对 batch 平均）；笔记的 tf.reduce_mean 对所有元素（batch × classes）求平均。",
        en: "per-row sums averaged over the batch; the notes' tf.reduce_mean averages over all elements (batch × classes).",
      },
    },
    {
      id: "wrong-axis",
      source:
        "function crossEntropy(yTrue, yPred) {\n  return tf.neg(tf.mean(tf.mul(yTrue, tf.log(tf.clipByValue(yPred, 1e-10, 1.0))), 1));\n}\n",
      message: {
        zh: "只沿 axis 1 求平均，得到每行一个值；应对所有元素求平均得到标量。",
        en: "mean along axis 1 gives one value per row; average over all elements to get a scalar.",
      },
    },
    {
      id: "missing-minus",
      source:
        "function crossEntropy(yTrue, yPred) {\n  return tf.mean(tf.mul(yTrue, tf.log(tf.clipByValue(yPred, 1e-10, 1.0))));\n}\n",
      message: { zh: "漏了最前面的负号。", en: "the leading minus sign is missing." },
    },
  ],
  sourceHints: [],
  buildCases: (rng) => {
    const labels4 = oneHotRows(rng, 4, 3);
    const labels6 = oneHotRows(rng, 6, 4);
    const tinyLabels = oneHotRows(rng, 3, 3);
    return [
      {
        name: { en: "one-hot labels, batch 4 × 3 classes", zh: "one-hot 标签，batch 4 × 3 类" },
        args: [labels4, probabilityRows(rng, 4, 3)],
      },
      {
        name: {
          en: "zeros in yPred, also on the true class (log(0) without the clip)",
          zh: "yPred 中有 0，真实类别上也有（不截断时为 log(0)）",
        },
        args: [labels6, predictionsWithZeros(rng, labels6, 4)],
      },
      {
        name: { en: "tiny positive yPred (1e-12, below the clip bound)", zh: "极小的正 yPred（1e-12，低于截断下限）" },
        args: [
          tinyLabels,
          tensorArg(
            [3, 3],
            tinyLabels.values.map((hot) => (hot === 1 ? 1e-12 : 0.5)),
          ),
        ],
      },
      {
        name: {
          en: "unnormalized yPred above 1.0 (the clip's upper bound)",
          zh: "未归一化、大于 1.0 的 yPred（截断上限）",
        },
        args: [oneHotRows(rng, 3, 2), uniformTensor(rng, [3, 2], 0.5, 1.8)],
      },
      {
        name: { en: "soft labels, batch 1 × 5 classes", zh: "软标签，batch 1 × 5 类" },
        args: [probabilityRows(rng, 1, 5), probabilityRows(rng, 1, 5)],
      },
    ];
  },
});

export const softmaxCrossEntropy = defineExercise({
  id: "softmax-cross-entropy",
  title: { zh: "softmax 交叉熵（logits）", en: "Softmax cross-entropy from logits" },
  topic: "loss-functions",
  source: SECTION,
  original: dedent(`
    cross_entropy = tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=y)
  `),
  task: {
    zh: "实现 `softmaxCrossEntropyWithLogits(labels, logits)`，与 TF1 的 `tf.nn.softmax_cross_entropy_with_logits` 相同：对每个样本返回 `-Σ labels · log(softmax(logits))`，结果形状为 `[batch]`（不求平均）。`labels` 可以是任意概率分布，不一定是 one-hot；logits 很大时也要数值稳定。",
    en: "Implement `softmaxCrossEntropyWithLogits(labels, logits)` like TF1's `tf.nn.softmax_cross_entropy_with_logits`: per example `-Σ labels · log(softmax(logits))`, a tensor of shape `[batch]` (not averaged). `labels` may be any distribution, not only one-hot; stay numerically stable for large logits.",
  },
  functionName: "softmaxCrossEntropyWithLogits",
  starter: dedent(`
    function softmaxCrossEntropyWithLogits(labels, logits) {
      // TODO: one loss per example, shape [batch]
    }
  `),
  hints: [
    { zh: "TF1 的这个函数不做平均：每个样本一个损失。", en: "TF1's function does not average: one loss per example." },
    {
      zh: "log(softmax(x)) 在 logits 很大时会变成 log(0)；tfjs 有数值稳定的 `tf.logSoftmax`。",
      en: "log(softmax(x)) becomes log(0) for large logits; tfjs has the stable `tf.logSoftmax`.",
    },
    {
      zh: "只沿类别轴（最后一维）求和：`tf.sum(..., -1)`。`tf.losses.softmaxCrossEntropy` 默认会归约成标量。",
      en: "Sum over the class axis (the last one) only: `tf.sum(..., -1)`. `tf.losses.softmaxCrossEntropy` reduces to a scalar by default.",
    },
  ],
  reference: dedent(`
    function softmaxCrossEntropyWithLogits(labels, logits) {
      return tf.tidy(() => tf.neg(tf.sum(tf.mul(labels, tf.logSoftmax(logits)), -1)));
    }
  `),
  output: "tensor",
  reportLeaks: true,
  mistakes: [
    {
      id: "tfjs-default-reduction",
      source:
        "function softmaxCrossEntropyWithLogits(labels, logits) {\n  return tf.losses.softmaxCrossEntropy(labels, logits);\n}\n",
      message: {
        zh: "tf.losses.softmaxCrossEntropy 默认归约为标量；TF1 的函数返回每个样本的损失 [batch]（可传 tf.Reduction.NONE）。",
        en: "tf.losses.softmaxCrossEntropy reduces to a scalar by default; TF1's function returns per-example losses [batch] (pass tf.Reduction.NONE).",
      },
    },
    {
      id: "naive-log-softmax",
      source:
        "function softmaxCrossEntropyWithLogits(labels, logits) {\n  return tf.neg(tf.sum(tf.mul(labels, tf.log(tf.softmax(logits))), -1));\n}\n",
      message: {
        zh: "log(softmax(logits)) 在 logits 很大时下溢为 log(0)；用 tf.logSoftmax。",
        en: "log(softmax(logits)) underflows to log(0) for large logits; use tf.logSoftmax.",
      },
    },
    {
      id: "batch-mean",
      source:
        "function softmaxCrossEntropyWithLogits(labels, logits) {\n  return tf.mean(tf.neg(tf.sum(tf.mul(labels, tf.logSoftmax(logits)), -1)));\n}\n",
      message: {
        zh: "对 batch 求了平均；TF1 的函数返回每个样本的损失。",
        en: "averaged over the batch; TF1's function returns one loss per example.",
      },
    },
    {
      id: "mean-over-classes",
      source:
        "function softmaxCrossEntropyWithLogits(labels, logits) {\n  return tf.neg(tf.mean(tf.mul(labels, tf.logSoftmax(logits)), -1));\n}\n",
      message: { zh: "沿类别轴应当求和，不是平均。", en: "sum over the classes, don't average them." },
    },
    {
      id: "wrong-axis",
      source:
        "function softmaxCrossEntropyWithLogits(labels, logits) {\n  return tf.neg(tf.sum(tf.mul(labels, tf.logSoftmax(logits)), 0));\n}\n",
      message: {
        zh: "用错了轴：应沿类别轴（最后一维，-1）求和，不是 batch 轴 0。",
        en: "wrong axis: sum over the class axis (the last, -1), not the batch axis 0.",
      },
    },
    {
      id: "swapped-arguments",
      source:
        "function softmaxCrossEntropyWithLogits(labels, logits) {\n  return tf.neg(tf.sum(tf.mul(logits, tf.logSoftmax(labels)), -1));\n}\n",
      message: {
        zh: "labels 和 logits 用反了：softmax 作用在 logits 上。",
        en: "labels and logits are swapped: softmax applies to the logits.",
      },
    },
  ],
  sourceHints: [],
  buildCases: (rng) => [
    {
      name: { en: "one-hot labels, batch 4 × 3 classes", zh: "one-hot 标签，batch 4 × 3 类" },
      args: [oneHotRows(rng, 4, 3), normalTensor(rng, [4, 3], 2)],
    },
    {
      name: { en: "soft labels (distributions), batch 3 × 5 classes", zh: "软标签（概率分布），batch 3 × 5 类" },
      args: [probabilityRows(rng, 3, 5), normalTensor(rng, [3, 5], 2)],
    },
    {
      name: { en: "batch 1 × 4 classes", zh: "batch 1 × 4 类" },
      args: [oneHotRows(rng, 1, 4), normalTensor(rng, [1, 4])],
    },
    {
      name: {
        en: "large logits (±100): needs a stable log-softmax",
        zh: "很大的 logits（±100）：需要数值稳定的 log-softmax",
      },
      args: [
        oneHotRows(rng, 5, 3),
        tensorArg([5, 3], [100, -100, 0, -90, 95, 3, 0, 0, 120, 50, -50, 1, -100, 100, 99]),
      ],
    },
  ],
});

export const meanSquaredError = defineExercise({
  id: "mse",
  title: { zh: "均方误差", en: "Mean squared error" },
  topic: "loss-functions",
  source: SECTION,
  original: dedent(`
    mse = tf.reduce_mean(tf.square(y_ - y))
  `),
  task: {
    zh: "实现 `mse(yTrue, yPred)`：差的平方对所有元素求平均，返回标量张量。`yTrue`（笔记中的 `y_`，标签）和 `yPred`（`y`，预测值）形状相同，例如都是 `[batch, 1]`。",
    en: "Implement `mse(yTrue, yPred)`: the mean over all elements of the squared differences, as a scalar tensor. `yTrue` (the notes' `y_`, the labels) and `yPred` (`y`, the predictions) have the same shape, e.g. both `[batch, 1]`.",
  },
  functionName: "mse",
  starter: dedent(`
    function mse(yTrue, yPred) {
      // TODO: mean((yTrue - yPred)^2)
    }
  `),
  hints: [
    { zh: "三步：相减、平方、求平均。", en: "Three steps: subtract, square, average." },
    {
      zh: "`tf.reduce_mean` → `tf.mean`，`tf.square` 同名。",
      en: "`tf.reduce_mean` → `tf.mean`; `tf.square` keeps its name.",
    },
    {
      zh: "不要传 axis：笔记中对所有元素求平均得到标量。",
      en: "Pass no axis: the notes average over all elements into a scalar.",
    },
  ],
  reference: dedent(`
    function mse(yTrue, yPred) {
      return tf.tidy(() => tf.mean(tf.square(tf.sub(yTrue, yPred))));
    }
  `),
  output: "tensor",
  reportLeaks: true,
  mistakes: [
    {
      id: "sum-not-mean",
      source: "function mse(yTrue, yPred) {\n  return tf.sum(tf.square(tf.sub(yTrue, yPred)));\n}\n",
      message: {
        zh: "用了求和；均方误差是平均（tf.reduce_mean）。",
        en: "sum instead of mean — the notes use tf.reduce_mean.",
      },
    },
    {
      id: "no-square",
      source: "function mse(yTrue, yPred) {\n  return tf.mean(tf.sub(yTrue, yPred));\n}\n",
      message: { zh: "差没有平方。", en: "the differences are not squared." },
    },
    {
      id: "absolute",
      source: "function mse(yTrue, yPred) {\n  return tf.mean(tf.abs(tf.sub(yTrue, yPred)));\n}\n",
      message: {
        zh: "这是平均绝对误差；均方误差要平方。",
        en: "that is the mean absolute error; MSE squares the differences.",
      },
    },
    {
      id: "root",
      source: "function mse(yTrue, yPred) {\n  return tf.sqrt(tf.mean(tf.square(tf.sub(yTrue, yPred))));\n}\n",
      message: { zh: "多了平方根（那是 RMSE）。", en: "an extra square root (that is RMSE)." },
    },
    {
      id: "axis-mean",
      source: "function mse(yTrue, yPred) {\n  return tf.mean(tf.square(tf.sub(yTrue, yPred)), 1);\n}\n",
      message: {
        zh: "沿 axis 1 求平均得到每行一个值；应对所有元素求平均。",
        en: "mean along axis 1 gives one value per row; average over all elements.",
      },
    },
  ],
  sourceHints: [],
  buildCases: (rng) => [
    {
      name: { en: "regression targets [4,1]", zh: "回归目标 [4,1]" },
      args: [normalTensor(rng, [4, 1]), normalTensor(rng, [4, 1])],
    },
    {
      name: { en: "matrix [3,5]", zh: "矩阵 [3,5]" },
      args: [normalTensor(rng, [3, 5], 3), normalTensor(rng, [3, 5], 3)],
    },
    {
      name: { en: "batch 1 [1,1]", zh: "batch 1，形状 [1,1]" },
      args: [tensorArg([1, 1], [2.5]), tensorArg([1, 1], [-1])],
    },
    {
      name: { en: "identical inputs give 0", zh: "两个输入相同时为 0" },
      args: [tensorArg([2, 2], [1, 2, 3, 4]), tensorArg([2, 2], [1, 2, 3, 4])],
    },
  ],
});

export const customLoss = defineExercise({
  id: "custom-loss",
  title: { zh: "自定义损失函数", en: "Custom asymmetric loss" },
  topic: "loss-functions",
  source: SECTION,
  original: dedent(`
    # 如果v1和v2的长度不同时,会进行广播操作,就如同numpy中一样
    loss = tf.reduce_sum(tf.where(tf.greater(v1, v2), (v1 - v2) * a, (v2 - v1) * b))
  `),
  task: {
    zh: "实现 `customLoss(v1, v2, a, b)` = `sum(where(v1 > v2, (v1 - v2)·a, (v2 - v1)·b))`，返回标量张量。`v1` 是预测值、`v2` 是真实值（与卡片和计算练习相同）：预测偏大（高估）每单位罚 `a`，偏小（低估）罚 `b`；书中卖商品的例子是 `a = 1`（多生产一件损失成本 1 元）、`b = 10`（少生产一件损失利润 10 元）。`a`、`b` 是数字；`v1`、`v2` 形状不同时按广播规则处理。",
    en: "Implement `customLoss(v1, v2, a, b)` = `sum(where(v1 > v2, (v1 - v2)·a, (v2 - v1)·b))` as a scalar tensor. `v1` is the prediction and `v2` the label (as on the card and in the computed exercise): each unit of over-prediction costs `a`, each unit of under-prediction `b`; the book's sales example has `a = 1` (an extra item wastes its cost, 1 yuan) and `b = 10` (a missing one loses its profit, 10 yuan). `a` and `b` are numbers; `v1` and `v2` broadcast when their shapes differ.",
  },
  functionName: "customLoss",
  starter: dedent(`
    function customLoss(v1, v2, a, b) {
      // TODO: sum(where(v1 > v2, (v1 - v2) * a, (v2 - v1) * b))
    }
  `),
  hints: [
    {
      zh: "`tf.greater(v1, v2)` 给出布尔条件，`tf.where(cond, x, y)` 逐元素选择。",
      en: "`tf.greater(v1, v2)` gives the condition; `tf.where(cond, x, y)` picks element-wise.",
    },
    {
      zh: "v1 > v2（预测偏大）的部分乘 a，其余乘 b；最后用 `tf.sum`，不是平均。",
      en: "Where v1 > v2 (over-prediction) multiply by a, elsewhere by b; finish with `tf.sum`, not a mean.",
    },
    {
      zh: "`tf.mul(tf.sub(v1, v2), a)` 可以直接乘数字。",
      en: "`tf.mul(tf.sub(v1, v2), a)` multiplies by a plain number directly.",
    },
  ],
  reference: dedent(`
    function customLoss(v1, v2, a, b) {
      return tf.tidy(() => tf.sum(tf.where(
        tf.greater(v1, v2),
        tf.mul(tf.sub(v1, v2), a),
        tf.mul(tf.sub(v2, v1), b),
      )));
    }
  `),
  output: "tensor",
  reportLeaks: true,
  mistakes: [
    {
      id: "swapped-weights",
      source:
        "function customLoss(v1, v2, a, b) {\n  return tf.sum(tf.where(tf.greater(v1, v2), tf.mul(tf.sub(v1, v2), b), tf.mul(tf.sub(v2, v1), a)));\n}\n",
      message: {
        zh: "a 和 b 用反了：v1 > v2 时乘 a。",
        en: "a and b are swapped: where v1 > v2 the difference is weighted by a.",
      },
    },
    {
      id: "mean-not-sum",
      source:
        "function customLoss(v1, v2, a, b) {\n  return tf.mean(tf.where(tf.greater(v1, v2), tf.mul(tf.sub(v1, v2), a), tf.mul(tf.sub(v2, v1), b)));\n}\n",
      message: {
        zh: "用了平均；笔记是 tf.reduce_sum（求和）。",
        en: "mean instead of sum — the notes use tf.reduce_sum.",
      },
    },
    {
      id: "less-not-greater",
      source:
        "function customLoss(v1, v2, a, b) {\n  return tf.sum(tf.where(tf.less(v1, v2), tf.mul(tf.sub(v1, v2), a), tf.mul(tf.sub(v2, v1), b)));\n}\n",
      message: {
        zh: "条件写反了：应为 v1 > v2（tf.greater）。",
        en: "the condition is reversed: it is v1 > v2 (tf.greater).",
      },
    },
    {
      id: "symmetric",
      source: "function customLoss(v1, v2, a, b) {\n  return tf.mul(tf.sum(tf.abs(tf.sub(v1, v2))), a);\n}\n",
      message: {
        zh: "两边用了同一个权重；v1 ≤ v2 的部分应乘 b。",
        en: "both sides use the same weight; where v1 ≤ v2 the weight is b.",
      },
    },
  ],
  sourceHints: [],
  buildCases: (rng) => {
    const ties = normalTensor(rng, [6]);
    return [
      {
        name: {
          en: "the book's costs on vectors [8]: over-prediction a = 1, under-prediction b = 10",
          zh: "书中的代价，向量 [8]：预测多了 a = 1，预测少了 b = 10",
        },
        args: [normalTensor(rng, [8]), normalTensor(rng, [8]), 1, 10],
      },
      {
        name: {
          en: "matrices [3,4], over-prediction the costlier: a = 10, b = 1",
          zh: "矩阵 [3,4]，预测多了代价更高：a = 10，b = 1",
        },
        args: [normalTensor(rng, [3, 4]), normalTensor(rng, [3, 4]), 10, 1],
      },
      {
        name: { en: "ties: v1 == v2 in places", zh: "相等的情况：部分位置 v1 == v2" },
        args: [
          ties,
          tensorArg(
            [6],
            ties.values.map((value, index) => (index % 2 === 0 ? value : value + 0.5)),
          ),
          3,
          2,
        ],
      },
      {
        name: { en: "broadcast: v1 [3,4] vs v2 [4]", zh: "广播：v1 [3,4] 对 v2 [4]" },
        args: [normalTensor(rng, [3, 4]), normalTensor(rng, [4]), 2, 5],
      },
    ];
  },
});
