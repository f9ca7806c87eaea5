/** 第四章 › 4.1: the two-layer forward pass and the XOR network. */
import { formatShape } from "../compare";
import { normalTensor, tensorArg } from "../random";
import { codeSpan } from "../text";
import type { Bilingual, CustomCaseContext, Tensor } from "../types";
import { dedent, defineExercise } from "./define";

const FORWARD_ORIGINAL = dedent(`
  # TensorFlow实现神经网络中的前向传播算法
  a = tf.nn.relu(tf.matmul(x, w1) + biases1)
  b = tf.nn.relu(tf.matmul(a, w2) + biases2)
`);

export const forwardPass = defineExercise({
  id: "forward-pass",
  title: { zh: "两层前向传播", en: "Two-layer forward pass" },
  topic: "neural-network-basics",
  source: "第四章 › 4.1 激活函数去线性/异或问题",
  original: FORWARD_ORIGINAL,
  task: {
    zh: "用 TensorFlow.js 实现 `forward(x, w1, b1, w2, b2)`，返回 `relu(relu(x·w1 + b1)·w2 + b2)`。\n\n- `x`：`[batch, in]`，`w1`：`[in, hidden]`，`b1`：`[hidden]`，`w2`：`[hidden, out]`，`b2`：`[out]`\n- 返回形状为 `[batch, out]` 的张量。",
    en: "Implement `forward(x, w1, b1, w2, b2)` in TensorFlow.js, returning `relu(relu(x·w1 + b1)·w2 + b2)`.\n\n- `x`: `[batch, in]`, `w1`: `[in, hidden]`, `b1`: `[hidden]`, `w2`: `[hidden, out]`, `b2`: `[out]`\n- Return a tensor of shape `[batch, out]`.",
  },
  functionName: "forward",
  starter: dedent(`
    function forward(x, w1, b1, w2, b2) {
      // TODO: relu(relu(x·w1 + b1)·w2 + b2)
    }
  `),
  hints: [
    {
      zh: "每一层都是“矩阵乘法 + 偏置，再过激活函数”，两层都要 relu。",
      en: "Each layer is “matrix product plus bias, then the activation”; both layers use relu.",
    },
    {
      zh: "`tf.matmul` 在 tfjs 中叫 `tf.matMul`；`tf.nn.relu` 是 `tf.relu`。",
      en: "`tf.matmul` is `tf.matMul` in tfjs; `tf.nn.relu` is `tf.relu`.",
    },
    {
      zh: "`tf.relu(tf.add(tf.matMul(x, w1), b1))` 是第一层；用 `tf.tidy` 包起来释放中间张量。",
      en: "`tf.relu(tf.add(tf.matMul(x, w1), b1))` is the first layer; wrap everything in `tf.tidy` to free intermediates.",
    },
  ],
  reference: dedent(`
    function forward(x, w1, b1, w2, b2) {
      return tf.tidy(() => {
        const a = tf.relu(tf.add(tf.matMul(x, w1), b1));
        return tf.relu(tf.add(tf.matMul(a, w2), b2));
      });
    }
  `),
  output: "tensor",
  reportLeaks: true,
  mistakes: [
    {
      id: "no-output-relu",
      source:
        "function forward(x, w1, b1, w2, b2) {\n  const a = tf.relu(tf.add(tf.matMul(x, w1), b1));\n  return tf.add(tf.matMul(a, w2), b2);\n}\n",
      message: {
        zh: "第二层缺少 relu（笔记中两层都有 tf.nn.relu）。",
        en: "the second layer is missing its relu (the notes apply tf.nn.relu to both layers).",
      },
    },
    {
      id: "missing-bias-1",
      source:
        "function forward(x, w1, b1, w2, b2) {\n  const a = tf.relu(tf.matMul(x, w1));\n  return tf.relu(tf.add(tf.matMul(a, w2), b2));\n}\n",
      message: { zh: "第一层没有加偏置 b1。", en: "the bias b1 of the first layer is not added." },
    },
    {
      id: "missing-bias-2",
      source:
        "function forward(x, w1, b1, w2, b2) {\n  const a = tf.relu(tf.add(tf.matMul(x, w1), b1));\n  return tf.relu(tf.matMul(a, w2));\n}\n",
      message: { zh: "第二层没有加偏置 b2。", en: "the bias b2 of the second layer is not added." },
    },
    {
      id: "relu-before-bias",
      source:
        "function forward(x, w1, b1, w2, b2) {\n  const a = tf.add(tf.relu(tf.matMul(x, w1)), b1);\n  return tf.add(tf.relu(tf.matMul(a, w2)), b2);\n}\n",
      message: {
        zh: "relu 放在了加偏置之前：应为 relu(x·w + b)。",
        en: "relu is applied before adding the bias: it must be relu(x·w + b).",
      },
    },
  ],
  sourceHints: [],
  buildCases: (rng) => {
    const layerCase = (name: Bilingual, batch: number, inputs: number, hidden: number, outputs: number) => ({
      name,
      args: [
        normalTensor(rng, [batch, inputs]),
        normalTensor(rng, [inputs, hidden]),
        normalTensor(rng, [hidden], 0.5),
        normalTensor(rng, [hidden, outputs]),
        normalTensor(rng, [outputs], 0.5),
      ],
    });
    return [
      layerCase(
        { en: "notes' sizes: x [3,2], w1 [2,3], w2 [3,1]", zh: "笔记中的尺寸：x [3,2]，w1 [2,3]，w2 [3,1]" },
        3,
        2,
        3,
        1,
      ),
      layerCase({ en: "single example, batch 1", zh: "单个样本，batch 1" }, 1, 4, 5, 2),
      layerCase(
        { en: "batch 6, non-square weights [4,7] and [7,3]", zh: "batch 6，非方阵权重 [4,7] 和 [7,3]" },
        6,
        4,
        7,
        3,
      ),
      {
        name: { en: "negative biases (relu must cut after the bias)", zh: "负偏置（relu 必须在加偏置之后截断）" },
        args: [
          normalTensor(rng, [4, 3]),
          normalTensor(rng, [3, 5]),
          tensorArg([5], [-1.5, 0.8, -0.3, 1.2, -2]),
          normalTensor(rng, [5, 2]),
          tensorArg([2], [-0.4, 0.6]),
        ],
      },
    ];
  },
});

const XOR_POINTS = [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
] as const;
const XOR_TARGETS = [0, 1, 1, 0] as const;
/** Gradient steps the learner may take; a 2-8-1 tanh network needs a few hundred at a cautious learning rate. */
export const XOR_STEP_BUDGET = 1000;
/**
 * Steps the reference takes, and so what a passing check of it trains. Adam
 * at 0.2 puts every prediction within 0.03 of its target after 20 steps;
 * 60 steps get within 0.001 at three times the check time. The check itself
 * is unchanged — all four points, shuffled and repeated, on the right side
 * of 0.5, which no linear model reaches — so the shorter training costs
 * nothing it proves, only the reference's distance from the targets.
 */
export const XOR_REFERENCE_STEPS = 20;
/** Training time allowed in the check, well below the runner's timeout so the learner gets a message. */
export const XOR_TIME_BUDGET_MS = 4000;
const DECISION_THRESHOLD = 0.5;
/** Predictions this close to 0.5 mean the network learned nothing beyond the mean. */
const UNDECIDED_MARGIN = 0.1;

function formatPredictions(values: readonly number[]): string {
  return values.map((value) => (Number.isFinite(value) ? String(Number(value.toFixed(3))) : String(value))).join(", ");
}

async function verifyXor({ tf, learner, readValues }: CustomCaseContext): Promise<Bilingual | null> {
  const x = tf.tensor2d(
    XOR_POINTS.map((point) => [...point]),
    [4, 2],
  );
  const y = tf.tensor2d(
    XOR_TARGETS.map((target) => [target]),
    [4, 1],
  );
  const started = performance.now();
  let predict: unknown = learner(x, y, XOR_STEP_BUDGET);
  if (predict instanceof Promise) predict = await predict;
  const elapsed = performance.now() - started;
  if (typeof predict !== "function") {
    const got =
      predict instanceof tf.Tensor ? { en: "a tensor", zh: "张量" } : { en: typeof predict, zh: ` ${typeof predict}` };
    const shape = codeSpan("(inputs) => predictions");
    return {
      en: `trainXor must return a function ${shape}, but returned ${got.en}.`,
      zh: `trainXor 应返回函数 ${shape}，但返回了${got.zh}。`,
    };
  }
  if (elapsed > XOR_TIME_BUDGET_MS) {
    const took = Math.round(elapsed);
    return {
      en: `training took ${took} ms, over the ${XOR_TIME_BUDGET_MS} ms budget — use fewer steps or a larger learning rate.`,
      zh: `训练用了 ${took} ms，超过了 ${XOR_TIME_BUDGET_MS} ms 的预算——减少步数或调大学习率。`,
    };
  }
  // Each point twice in shuffled order: predict must work for any batch size, not only the 4 training points.
  const order = [2, 0, 3, 1, 1, 3, 0, 2];
  const batch = tf.tensor2d(
    order.map((index) => [...(XOR_POINTS[index] ?? [0, 0])]),
    [order.length, 2],
  );
  let predictions: unknown = (predict as (inputs: Tensor) => unknown)(batch);
  if (predictions instanceof Promise) predictions = await predictions;
  if (!(predictions instanceof tf.Tensor)) {
    const got = Array.isArray(predictions)
      ? { en: "a JavaScript array", zh: "JavaScript 数组" }
      : { en: typeof predictions, zh: typeof predictions };
    return {
      en: `predict(inputs) must return a tf.Tensor, but returned ${got.en}.`,
      zh: `predict(inputs) 应返回 tf.Tensor，但返回了 ${got.zh}。`,
    };
  }
  const shape: readonly number[] = (predictions as Tensor).shape;
  const points = order.length;
  if (!(shape.length === 2 && shape[0] === points && shape[1] === 1) && !(shape.length === 1 && shape[0] === points)) {
    const got = formatShape(shape);
    return {
      en: `predict on a batch of ${points} points returned shape ${got}, expected [${points},1] (or [${points}]).`,
      zh: `对 ${points} 个点的 batch 调用 predict，返回的形状是 ${got}，应为 [${points},1]（或 [${points}]）。`,
    };
  }
  const values = Array.from(readValues(predictions as Tensor), Number);
  const wrong = order.filter((pointIndex, row) => {
    const target = XOR_TARGETS[pointIndex] ?? 0;
    const value = values[row] ?? Number.NaN;
    return !(Number.isFinite(value) && value > DECISION_THRESHOLD === (target === 1));
  });
  if (wrong.length === 0) return null;
  const undecided = values.every((value) => Math.abs(value - DECISION_THRESHOLD) < UNDECIDED_MARGIN);
  const advice = undecided
    ? {
        en: " All predictions are near 0.5: a linear model (or a hidden layer without an activation) cannot represent XOR — add a nonlinear hidden layer (4.1).",
        zh: "所有预测都接近 0.5：线性模型（或没有激活函数的隐藏层）表示不了异或——加一个非线性的隐藏层（4.1）。",
      }
    : {
        en: " Train longer (within the step budget), raise the learning rate, or widen the hidden layer.",
        zh: "多训练一些步（不超过步数预算）、调大学习率，或加宽隐藏层。",
      };
  const pointList = codeSpan(order.map((index) => `(${(XOR_POINTS[index] ?? []).join(",")})`).join(" "));
  const got = `[${formatPredictions(values)}]`;
  const want = `[${order.map((index) => XOR_TARGETS[index]).join(", ")}]`;
  const wrongCount = new Set(wrong).size;
  return {
    en: `predictions for points ${pointList} were ${got}, expected ${want} (above ${DECISION_THRESHOLD} means 1); ${wrongCount} of 4 points are wrong.${advice.en}`,
    zh: `点 ${pointList} 的预测是 ${got}，应为 ${want}（大于 ${DECISION_THRESHOLD} 表示 1）；4 个点中有 ${wrongCount} 个错了。${advice.zh}`,
  };
}

export const xorNetwork = defineExercise({
  id: "xor-network",
  title: { zh: "用隐藏层解决异或", en: "Solve XOR with a hidden layer" },
  topic: "neural-network-basics",
  source: "第四章 › 4.1 激活函数去线性/异或问题",
  original: FORWARD_ORIGINAL,
  originalFrom: {
    en: "The notes give no XOR code, only “隐藏层解决异或运算(提取高维特征)” and the forward pass above.",
    zh: "笔记没有异或的代码，只有“隐藏层解决异或运算(提取高维特征)”和上面的前向传播。",
  },
  task: {
    zh: `实现 \`trainXor(x, y, maxSteps)\`：\`x\` 是异或的四个点 \`[4, 2]\`，\`y\` 是目标 \`[4, 1]\`（0 或 1）。最多做 \`maxSteps\` 步梯度更新（检查时为 ${XOR_STEP_BUDGET}），训练时间不超过 ${XOR_TIME_BUDGET_MS / 1000} 秒，然后返回函数 \`predict(inputs)\`：输入 \`[n, 2]\`，返回 \`[n, 1]\` 的预测值，大于 0.5 表示 1。`,
    en: `Implement \`trainXor(x, y, maxSteps)\`: \`x\` holds the four XOR points \`[4, 2]\`, \`y\` the targets \`[4, 1]\` (0 or 1). Take at most \`maxSteps\` gradient steps (${XOR_STEP_BUDGET} in the check) within ${XOR_TIME_BUDGET_MS / 1000} s of training, then return a function \`predict(inputs)\` mapping \`[n, 2]\` to predictions \`[n, 1]\`; above 0.5 means 1.`,
  },
  functionName: "trainXor",
  starter: dedent(`
    function trainXor(x, y, maxSteps) {
      // TODO: build a network with a hidden layer, train it, return (inputs) => predictions
    }
  `),
  hints: [
    {
      zh: "没有隐藏层（或隐藏层没有激活函数）的网络是线性的，分不开异或。",
      en: "Without a hidden layer (or without an activation on it) the network is linear and cannot separate XOR.",
    },
    {
      zh: "一个 8 个单元、tanh 或 relu 激活的隐藏层，加 sigmoid 输出就够了。",
      en: "One hidden layer of about 8 tanh or relu units and a sigmoid output is enough.",
    },
    {
      zh: "用 `tf.variable` 存参数，`tf.train.adam(0.1)` 的 `minimize` 循环几百步；或用 `tf.sequential` 与 `await model.fit(x, y, { epochs })`。",
      en: "Keep the parameters in `tf.variable`s and loop a few hundred `tf.train.adam(0.1).minimize` steps; or use `tf.sequential` and `await model.fit(x, y, { epochs })`.",
    },
  ],
  reference: dedent(`
    function trainXor(x, y, maxSteps) {
      const hidden = 8;
      const w1 = tf.variable(tf.randomNormal([2, hidden], 0, 1, 'float32', 1));
      const b1 = tf.variable(tf.zeros([hidden]));
      const w2 = tf.variable(tf.randomNormal([hidden, 1], 0, 1, 'float32', 2));
      const b2 = tf.variable(tf.zeros([1]));
      const predict = (inputs) => tf.tidy(() => {
        const a = tf.tanh(tf.add(tf.matMul(inputs, w1), b1));
        return tf.sigmoid(tf.add(tf.matMul(a, w2), b2));
      });
      // Adam at 0.2 separates the four points within ${XOR_REFERENCE_STEPS} steps.
      const optimizer = tf.train.adam(0.2);
      const steps = Math.min(maxSteps, ${XOR_REFERENCE_STEPS});
      for (let step = 0; step < steps; step++) {
        optimizer.minimize(() => tf.losses.logLoss(y, predict(x)));
      }
      optimizer.dispose();
      return predict;
    }
  `),
  output: "tensor",
  reportLeaks: false,
  timeoutMs: 20_000,
  mistakes: [],
  sourceHints: [],
  buildCases: () => [
    {
      name: {
        en: "trains within the budget and classifies all four XOR points",
        zh: "在预算内训练完成，并正确分类异或的四个点",
      },
      verify: verifyXor,
    },
  ],
});
