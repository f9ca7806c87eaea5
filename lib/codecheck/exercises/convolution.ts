/** 第六章 › 6.3 convolution and pooling, and 第十章 › 10.2 the Keras LeNet-5 and a two-branch functional block. */
import { formatShape } from "../compare";
import { countElements, normalTensor, tensorArg, uniformTensor } from "../random";
import type {
  Bilingual,
  CustomCaseContext,
  PlainValue,
  ReferenceContext,
  SourceHint,
  SubCheck,
  Tensor,
} from "../types";
import { dedent, defineExercise } from "./define";

/** TF1 passes ksize/strides as NHWC 4-vectors; tfjs reads only the first two entries as [height, width]. */
const TF1_STYLE_WINDOW_HINT: SourceHint = {
  pattern: "\\[\\s*1\\s*,\\s*\\d+\\s*,\\s*\\d+\\s*,\\s*1\\s*\\]",
  message: {
    zh: "tfjs 的 strides / filterSize 是 `[高, 宽]` 或一个数字；TF1 风格的 [1, 2, 2, 1] 会被读成高 1、宽 2（strides [1, 1, 1, 1] 只是碰巧没错）。",
    en: "tfjs takes strides / filterSize as [height, width] or one number; a TF1-style [1, 2, 2, 1] is read as height 1, width 2 (strides [1, 1, 1, 1] only works by accident).",
  },
};

export const convLayer = defineExercise({
  id: "conv-layer",
  title: { zh: "卷积层：卷积 + 偏置 + relu", en: "Convolution layer: conv + bias + relu" },
  topic: "cnn",
  source: "第六章 › 6.3、卷积层与池化层",
  original: dedent(`
    filter_weight = tf.get_variable('weights', [5, 5, 3, 16], initializer=tf.truncated_normal_initializer(stddev=0.1))
    conv = tf.nn.conv2d(input, filter_weight, strides=[1, 1, 1, 1], padding='SAME')
    # 这里不能直接加bias
    bias = tf.nn.bias_add(conv, biases)
    actived_conv = tf.nn.relu(bias)
  `),
  originalFrom: {
    en: "The notes' snippet stops at bias_add; the last line is the book's next step, the relu whose output the notes' max_pool call takes as actived_conv.",
    zh: "笔记的代码到 bias_add 为止；最后一行是书中的下一步：relu，笔记里 max_pool 调用的 actived_conv 就是它的输出。",
  },
  task: {
    zh: "实现 `convLayer(input, filter, biases)` = `relu(bias_add(conv2d(input, filter, 步长 1, SAME), biases))`。`input`：`[batch, 高, 宽, 通道]`（NHWC），`filter`：`[fh, fw, in, out]`，`biases`：`[out]`。",
    en: "Implement `convLayer(input, filter, biases)` = `relu(bias_add(conv2d(input, filter, stride 1, SAME), biases))`. `input`: `[batch, height, width, channels]` (NHWC), `filter`: `[fh, fw, in, out]`, `biases`: `[out]`.",
  },
  functionName: "convLayer",
  starter: dedent(`
    function convLayer(input, filter, biases) {
      // TODO: relu(conv2d(input, filter, stride 1, SAME) + biases)
    }
  `),
  hints: [
    {
      zh: "三步：卷积、加偏置（每个输出通道一个）、relu。",
      en: "Three steps: convolve, add the bias (one per output channel), relu.",
    },
    {
      zh: "`tf.conv2d(x, filter, strides, pad)`：strides 是一个数字或 `[高, 宽]`，不是 TF1 的 [1, 1, 1, 1]。",
      en: "`tf.conv2d(x, filter, strides, pad)`: strides is a number or [height, width], not TF1's [1, 1, 1, 1].",
    },
    {
      zh: "padding 用小写 'same'；`tf.add(conv, biases)` 会沿最后一维广播，相当于 bias_add。",
      en: "padding is lower-case 'same'; `tf.add(conv, biases)` broadcasts along the last axis, like bias_add.",
    },
  ],
  reference: dedent(`
    function convLayer(input, filter, biases) {
      return tf.tidy(() => tf.relu(tf.add(tf.conv2d(input, filter, 1, 'same'), biases)));
    }
  `),
  output: "tensor",
  reportLeaks: true,
  mistakes: [
    {
      id: "valid-padding",
      source:
        "function convLayer(input, filter, biases) {\n  return tf.relu(tf.add(tf.conv2d(input, filter, 1, 'valid'), biases));\n}\n",
      message: {
        zh: "padding 应为 'same'（TF1 的 'SAME'），'valid' 会缩小输出。",
        en: "padding must be 'same' (TF1's 'SAME'); 'valid' shrinks the output.",
      },
    },
    {
      id: "missing-bias",
      source:
        "function convLayer(input, filter, biases) {\n  return tf.relu(tf.conv2d(input, filter, 1, 'same'));\n}\n",
      message: { zh: "没有加偏置 biases（bias_add）。", en: "the biases are not added (bias_add is missing)." },
    },
    {
      id: "missing-relu",
      source:
        "function convLayer(input, filter, biases) {\n  return tf.add(tf.conv2d(input, filter, 1, 'same'), biases);\n}\n",
      message: { zh: "缺少 relu 激活。", en: "the relu activation is missing." },
    },
    {
      id: "relu-before-bias",
      source:
        "function convLayer(input, filter, biases) {\n  return tf.add(tf.relu(tf.conv2d(input, filter, 1, 'same')), biases);\n}\n",
      message: {
        zh: "relu 放在加偏置之前；应为 relu(conv + bias)。",
        en: "relu is applied before the bias; it is relu(conv + bias).",
      },
    },
  ],
  sourceHints: [TF1_STYLE_WINDOW_HINT],
  buildCases: (rng) => [
    {
      name: { en: "notes' filter [5,5,3,16] on an 8×8×3 image", zh: "笔记中的过滤器 [5,5,3,16]，8×8×3 图像" },
      args: [normalTensor(rng, [1, 8, 8, 3]), normalTensor(rng, [5, 5, 3, 16], 0.1), normalTensor(rng, [16], 0.1)],
    },
    {
      name: {
        en: "batch 2, non-square 7×5 input, filter [3,3,3,4]",
        zh: "batch 2，非正方形 7×5 输入，过滤器 [3,3,3,4]",
      },
      args: [normalTensor(rng, [2, 7, 5, 3]), normalTensor(rng, [3, 3, 3, 4], 0.5), normalTensor(rng, [4], 0.5)],
    },
    {
      name: {
        en: "even 2×2 filter on 6×6 (SAME pads unevenly)",
        zh: "6×6 上的偶数尺寸 2×2 过滤器（SAME 两侧补得不一样多）",
      },
      args: [normalTensor(rng, [1, 6, 6, 1]), normalTensor(rng, [2, 2, 1, 3]), normalTensor(rng, [3])],
    },
    {
      name: { en: "negative biases (relu after the bias)", zh: "负偏置（relu 在加偏置之后）" },
      args: [uniformTensor(rng, [1, 4, 4, 2], 0, 1), normalTensor(rng, [3, 3, 2, 2], 0.3), tensorArg([2], [-0.8, 0.4])],
    },
  ],
});

export const maxPool = defineExercise({
  id: "max-pool",
  title: { zh: "最大池化层", en: "Max-pooling layer" },
  topic: "cnn",
  source: "第六章 › 6.3、卷积层与池化层",
  original: dedent(`
    tf.nn.max_pool(actived_conv, ksize=[1, 3, 3, 1], strides=[1, 2, 2, 1], pedding='SAME')
  `),
  task: {
    zh: "实现 `maxPool(x)`，等价于 TF1 的 `tf.nn.max_pool(x, ksize=[1,3,3,1], strides=[1,2,2,1], padding='SAME')`（笔记里的 `pedding` 是笔误）。`x` 为 NHWC。",
    en: "Implement `maxPool(x)`, equivalent to TF1's `tf.nn.max_pool(x, ksize=[1,3,3,1], strides=[1,2,2,1], padding='SAME')` (the notes' `pedding` is a typo). `x` is NHWC.",
  },
  functionName: "maxPool",
  starter: dedent(`
    function maxPool(x) {
      // TODO: 3×3 window, stride 2, SAME padding
    }
  `),
  hints: [
    {
      zh: "ksize 与 strides 的第一、四个 1 对应 batch 与通道，真正的窗口是 3×3、步长 2。",
      en: "The 1s at the ends of ksize and strides are batch and channels; the window is 3×3 with stride 2.",
    },
    {
      zh: "tfjs 的 `tf.maxPool(x, filterSize, strides, pad)` 里 filterSize 和 strides 是 `[高, 宽]` 或一个数字。",
      en: "In tfjs, `tf.maxPool(x, filterSize, strides, pad)` takes filterSize and strides as [height, width] or a number.",
    },
    { zh: "`tf.maxPool(x, 3, 2, 'same')`——padding 小写。", en: "`tf.maxPool(x, 3, 2, 'same')` — lower-case padding." },
  ],
  reference: dedent(`
    function maxPool(x) {
      return tf.maxPool(x, 3, 2, 'same');
    }
  `),
  output: "tensor",
  reportLeaks: true,
  mistakes: [
    {
      id: "tf1-style-arrays",
      source: "function maxPool(x) {\n  return tf.maxPool(x, [1, 3, 3, 1], [1, 2, 2, 1], 'same');\n}\n",
      message: {
        zh: "TF1 风格的 ksize=[1,3,3,1]、strides=[1,2,2,1] 被 tfjs 读成 [1,3]、[1,2]（高 1、宽 2）；写成 tf.maxPool(x, 3, 2, 'same')。",
        en: "TF1-style ksize [1,3,3,1] and strides [1,2,2,1] are read by tfjs as [1,3] and [1,2] (height 1, width 2); write tf.maxPool(x, 3, 2, 'same').",
      },
    },
    {
      id: "valid-padding",
      source: "function maxPool(x) {\n  return tf.maxPool(x, 3, 2, 'valid');\n}\n",
      message: {
        zh: "padding 应为 'same'；'valid' 会丢掉边缘。",
        en: "padding must be 'same'; 'valid' drops the border.",
      },
    },
    {
      id: "window-2",
      source: "function maxPool(x) {\n  return tf.maxPool(x, 2, 2, 'same');\n}\n",
      message: { zh: "窗口是 3×3，不是 2×2。", en: "the window is 3×3, not 2×2." },
    },
    {
      id: "average",
      source: "function maxPool(x) {\n  return tf.avgPool(x, 3, 2, 'same');\n}\n",
      message: { zh: "这是平均池化；要最大池化 tf.maxPool。", en: "that is average pooling; use tf.maxPool." },
    },
  ],
  sourceHints: [TF1_STYLE_WINDOW_HINT],
  buildCases: (rng) => [
    { name: { en: "7×7×2 image, batch 1", zh: "7×7×2 图像，batch 1" }, args: [normalTensor(rng, [1, 7, 7, 2])] },
    {
      name: { en: "batch 2, non-square 6×9×3", zh: "batch 2，非正方形 6×9×3" },
      args: [normalTensor(rng, [2, 6, 9, 3])],
    },
    {
      name: { en: "8×8×1 (SAME and VALID differ)", zh: "8×8×1（SAME 与 VALID 结果不同）" },
      args: [normalTensor(rng, [1, 8, 8, 1])],
    },
    {
      name: { en: "all-negative values (padding must not act as 0)", zh: "全为负值（填充不能当作 0）" },
      args: [uniformTensor(rng, [1, 5, 5, 1], -3, -0.5)],
    },
  ],
});

/** Layer classes, output shapes and activations of the book's Keras LeNet-5 for 28×28×1 MNIST. */
const LENET_INPUT_SHAPE = [28, 28, 1] as const;
const PREDICT_BATCH = 2;
const PROBABILITY_SUM_TOLERANCE = 1e-4;

interface LayerLike {
  name: string;
  outputShape: unknown;
  getClassName: () => string;
  countParams: () => number;
  getConfig: () => Record<string, unknown>;
}

interface ModelLike {
  layers: LayerLike[];
  inputs?: { shape: (number | null)[] }[];
  predict: (input: Tensor) => unknown;
  countParams: () => number;
  dispose?: () => unknown;
}

function isModel(value: unknown): value is ModelLike {
  return (
    typeof value === "object" &&
    value !== null &&
    Array.isArray((value as ModelLike).layers) &&
    typeof (value as ModelLike).predict === "function"
  );
}

function formatOutputShape(shape: unknown): string {
  return Array.isArray(shape)
    ? `[${shape.map((size) => (size === null ? "null" : String(size))).join(",")}]`
    : JSON.stringify(shape);
}

function activationOf(layer: LayerLike): string {
  const activation = layer.getConfig().activation;
  return typeof activation === "string" ? activation : "—";
}

/** What the checks compare of a model, as plain data so the reference's side can hand it over. */
type ModelSummary = {
  classNames: string[];
  outputShapes: string[];
  activations: string[];
  paddings: (string | null)[];
  paramCounts: number[];
  totalParams: number;
  inputShape: string | null;
};

function summarizeModel(model: ModelLike): ModelSummary {
  const input = model.inputs?.[0]?.shape;
  return {
    classNames: model.layers.map((layer) => layer.getClassName()),
    outputShapes: model.layers.map((layer) => formatOutputShape(layer.outputShape)),
    activations: model.layers.map(activationOf),
    paddings: model.layers.map((layer) => {
      const padding = layer.getConfig().padding;
      return typeof padding === "string" ? padding : null;
    }),
    paramCounts: model.layers.map((layer) => layer.countParams()),
    totalParams: model.countParams(),
    inputShape: input === undefined ? null : formatOutputShape(input),
  };
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === "string");
}

function readModelSummary(value: PlainValue): ModelSummary {
  const summary = value as Partial<ModelSummary> | null;
  if (
    summary === null ||
    typeof summary !== "object" ||
    !isStringList(summary.classNames) ||
    !isStringList(summary.outputShapes) ||
    !isStringList(summary.activations) ||
    !Array.isArray(summary.paddings) ||
    !Array.isArray(summary.paramCounts) ||
    typeof summary.totalParams !== "number"
  ) {
    throw new Error("the reference's model summary is missing");
  }
  return summary as ModelSummary;
}

function compareLayerTypes(got: ModelSummary, want: ModelSummary): Bilingual | null {
  if (got.classNames.join() === want.classNames.join()) return null;
  const hasFlatten = got.classNames.includes("Flatten");
  const gotList = `[${got.classNames.join(", ")}]`;
  const wantList = `[${want.classNames.join(", ")}]`;
  return {
    en: `layers are ${gotList}, expected ${wantList}.${hasFlatten ? "" : " A Flatten layer is needed between the last pooling layer and the first Dense layer."}`,
    zh: `各层是 ${gotList}，应为 ${wantList}。${hasFlatten ? "" : "最后一个池化层和第一个 Dense 层之间需要一个 Flatten 层。"}`,
  };
}

function compareOutputShapes(got: ModelSummary, want: ModelSummary): Bilingual | null {
  const expectedInput = formatOutputShape([null, ...LENET_INPUT_SHAPE]);
  if (got.inputShape !== null && got.inputShape !== expectedInput) {
    return {
      en: `input shape ${got.inputShape}, expected ${expectedInput} — set inputShape: [28, 28, 1] on the first layer.`,
      zh: `输入形状是 ${got.inputShape}，应为 ${expectedInput}——在第一层设置 inputShape: [28, 28, 1]。`,
    };
  }
  const count = Math.max(got.classNames.length, want.classNames.length);
  for (let index = 0; index < count; index += 1) {
    const gotShape = got.outputShapes[index];
    const wantShape = want.outputShapes[index];
    if (gotShape === wantShape) continue;
    const same = got.paddings[index] === "same";
    const gotLayer = got.classNames[index];
    const wantLayer = want.classNames[index];
    return {
      en:
        `layer ${index + 1} (${gotLayer ?? "missing"}) outputs ${gotShape}, expected ${wantShape} (${wantLayer ?? "no layer"}).` +
        (same
          ? " This layer uses padding 'same'; the book's Keras LeNet-5 uses the default 'valid', so each 5×5 convolution shrinks the image by 4."
          : ""),
      zh:
        `第 ${index + 1} 层（${gotLayer ?? "缺失"}）输出 ${gotShape}，应为 ${wantShape}（${wantLayer ?? "没有这一层"}）。` +
        (same ? "这一层用了 padding 'same'；书中 Keras 版 LeNet-5 用默认的 'valid'，每个 5×5 卷积使图像缩小 4。" : ""),
    };
  }
  return null;
}

function compareActivations(got: ModelSummary, want: ModelSummary): Bilingual | null {
  if (got.activations.join() === want.activations.join()) return null;
  const gotList = `[${got.activations.join(", ")}]`;
  const wantList = `[${want.activations.join(", ")}]`;
  return {
    en: `activations are ${gotList}, expected ${wantList} (relu on the hidden layers, softmax on the output).`,
    zh: `激活函数是 ${gotList}，应为 ${wantList}（隐藏层用 relu，输出层用 softmax）。`,
  };
}

function compareParameterCounts(got: ModelSummary, want: ModelSummary): Bilingual | null {
  if (got.paramCounts.join() === want.paramCounts.join()) return null;
  const gotList = `[${got.paramCounts.join(", ")}]`;
  const wantList = `[${want.paramCounts.join(", ")}]`;
  return {
    en: `parameters per layer ${gotList} (total ${got.totalParams}), expected ${wantList} (total ${want.totalParams}).`,
    zh: `每层参数个数 ${gotList}（共 ${got.totalParams}），应为 ${wantList}（共 ${want.totalParams}）。`,
  };
}

const NOT_ONE_TENSOR: Bilingual = {
  en: "model.predict did not return a single tensor.",
  zh: "model.predict 没有返回单个张量。",
};

function describePredictShape(shape: readonly number[], expected: readonly number[]): Bilingual {
  const got = formatShape(shape);
  const want = formatShape(expected);
  return {
    en: `predict on a batch of ${PREDICT_BATCH} returned shape ${got}, expected ${want}.`,
    zh: `对 ${PREDICT_BATCH} 张图像的 batch 调用 predict，返回的形状是 ${got}，应为 ${want}。`,
  };
}

function checkPrediction({ tf, readValues }: CustomCaseContext, model: ModelLike): Bilingual | null {
  const batch = tf.zeros([PREDICT_BATCH, ...LENET_INPUT_SHAPE]);
  const output = model.predict(batch);
  if (!(output instanceof tf.Tensor)) return NOT_ONE_TENSOR;
  const shape: readonly number[] = (output as Tensor).shape;
  const expectedShape = [PREDICT_BATCH, 10];
  if (formatShape(shape) !== formatShape(expectedShape)) return describePredictShape(shape, expectedShape);
  const values = Array.from(readValues(output as Tensor), Number);
  const classes = countElements(expectedShape) / PREDICT_BATCH;
  for (let row = 0; row < PREDICT_BATCH; row += 1) {
    const sum = values.slice(row * classes, (row + 1) * classes).reduce((total, value) => total + value, 0);
    if (!(Math.abs(sum - 1) < PROBABILITY_SUM_TOLERANCE)) {
      const total = Number.isFinite(sum) ? sum.toFixed(4) : String(sum);
      return {
        en: `the 10 outputs of row ${row} sum to ${total}, not 1 — the last layer needs a softmax activation.`,
        zh: `第 ${row} 行的 10 个输出之和是 ${total}，不是 1——最后一层需要 softmax 激活。`,
      };
    }
  }
  return null;
}

function describeNotAModel(functionName: string, builder: string, model: unknown): Bilingual {
  const missing = model === undefined;
  return {
    en: `${functionName} must return the model (${builder}), but returned ${missing ? "undefined — is a `return` missing?" : typeof model}.`,
    zh: `${functionName} 应返回模型（${builder}），但返回了 ${missing ? "undefined——是不是漏了 `return`？" : typeof model}。`,
  };
}

/** Built on the reference's side: the learner's code never runs where this model is summarized. */
function summarizeReferenceLeNet({ reference }: ReferenceContext): Promise<PlainValue> {
  const model = reference() as ModelLike;
  try {
    return Promise.resolve(summarizeModel(model));
  } finally {
    model.dispose?.();
  }
}

async function verifyLeNet(context: CustomCaseContext): Promise<Bilingual | SubCheck[]> {
  let model: unknown = context.learner();
  if (model instanceof Promise) model = await model;
  if (!isModel(model)) return describeNotAModel("buildLeNet5", "tf.sequential()", model);
  const want = readModelSummary(context.expected);
  try {
    const got = summarizeModel(model);
    const structureOk = got.classNames.length === want.classNames.length;
    const skipped = {
      en: "skipped: the layer list differs (see “layer types”).",
      zh: "已跳过：层的列表不同（见“层的类型”）。",
    };
    return [
      { name: { en: "layer types", zh: "层的类型" }, failure: compareLayerTypes(got, want) },
      { name: { en: "output shapes", zh: "输出形状" }, failure: compareOutputShapes(got, want) },
      {
        name: { en: "activations", zh: "激活函数" },
        failure: structureOk ? compareActivations(got, want) : skipped,
      },
      { name: { en: "parameter counts", zh: "参数个数" }, failure: compareParameterCounts(got, want) },
      {
        name: { en: "predicts a batch of 2 images", zh: "对 2 张图像的 batch 做预测" },
        failure: checkPrediction(context, model),
      },
    ];
  } finally {
    model.dispose?.();
  }
}

export const lenet5 = defineExercise({
  id: "lenet5",
  title: { zh: "用 Keras 风格实现 LeNet-5", en: "LeNet-5 with tf.sequential" },
  topic: "cnn",
  source: "第十章 › 10.2 Keras",
  original: dedent(`
    model = Sequential()
    model.add(Conv2D(32, kernel_size=(5, 5), activation='relu', input_shape=input_shape))
    model.add(MaxPooling2D(pool_size=(2, 2)))
    model.add(Conv2D(64, (5, 5), activation='relu'))
    model.add(MaxPooling2D(pool_size=(2, 2)))
    model.add(Flatten())
    model.add(Dense(500, activation='relu'))
    model.add(Dense(num_classes, activation='softmax'))
  `),
  originalFrom: {
    en: "The notes only say “Keras如何实现lenet5结构”; this is the book's Keras LeNet-5 (10.2) it refers to, padding left at Keras's default 'valid'.",
    zh: "笔记只写了“Keras如何实现lenet5结构”；这里是它所指的书中 Keras 版 LeNet-5（10.2），padding 保持 Keras 默认的 'valid'。",
  },
  task: {
    zh: "实现 `buildLeNet5()`，用 `tf.sequential` 搭建书中 Keras 版 LeNet-5，输入 28×28×1：5×5 卷积 32 个（relu）→ 2×2 最大池化 → 5×5 卷积 64 个（relu）→ 2×2 最大池化 → Flatten → 全连接 500（relu）→ 全连接 10（softmax）。padding 与 Keras 默认一致（'valid'）。返回模型（不需要 compile）。",
    en: "Implement `buildLeNet5()` returning the book's Keras LeNet-5 built with `tf.sequential` for 28×28×1 input: 5×5 conv with 32 filters (relu) → 2×2 max-pool → 5×5 conv with 64 filters (relu) → 2×2 max-pool → flatten → dense 500 (relu) → dense 10 (softmax). Padding as Keras's default ('valid'). Return the model (no need to compile).",
  },
  functionName: "buildLeNet5",
  starter: dedent(`
    function buildLeNet5() {
      const model = tf.sequential();
      // TODO: add the layers
      return model;
    }
  `),
  hints: [
    {
      zh: "Keras 的 `Conv2D(32, kernel_size=(5, 5), ...)` 在 tfjs 中是 `tf.layers.conv2d({ filters: 32, kernelSize: 5, ... })`。",
      en: "Keras's `Conv2D(32, kernel_size=(5, 5), ...)` is `tf.layers.conv2d({ filters: 32, kernelSize: 5, ... })` in tfjs.",
    },
    {
      zh: "第一层要写 `inputShape: [28, 28, 1]`；不写 padding 就是 'valid'，28 → 24 → 12 → 8 → 4。",
      en: "The first layer needs `inputShape: [28, 28, 1]`; without a padding option it is 'valid': 28 → 24 → 12 → 8 → 4.",
    },
    {
      zh: "全连接层之前要 `tf.layers.flatten()`；共 569,606 个参数。",
      en: "Put `tf.layers.flatten()` before the dense layers; 569,606 parameters in total.",
    },
  ],
  reference: dedent(`
    function buildLeNet5() {
      const model = tf.sequential();
      model.add(tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 5, activation: 'relu' }));
      model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
      model.add(tf.layers.conv2d({ filters: 64, kernelSize: 5, activation: 'relu' }));
      model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
      model.add(tf.layers.flatten());
      model.add(tf.layers.dense({ units: 500, activation: 'relu' }));
      model.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
      return model;
    }
  `),
  output: "tensor",
  reportLeaks: false,
  mistakes: [],
  sourceHints: [],
  buildCases: () => [
    { name: { en: "LeNet-5 structure", zh: "LeNet-5 的结构" }, expect: summarizeReferenceLeNet, verify: verifyLeNet },
  ],
});

/** The two-branch block: an 8×8×3 input, 1×1 and 3×3 SAME convolutions of 4 filters, concatenated on the channels. */
const BLOCK_INPUT_SHAPE = [8, 8, 3] as const;
const BLOCK_OUTPUT_SHAPE = [null, 8, 8, 8] as const;
const CHANNEL_AXES = new Set([-1, 3]);

/** One layer of a functional model's config (tfjs's camel-case form of the Keras config). */
interface LayerConfigEntry {
  className: string;
  name: string;
  config: Record<string, unknown>;
  inboundNodes: unknown;
}

/** Names of the layers feeding a layer: each inbound node lists [layerName, nodeIndex, tensorIndex, kwargs]. */
function inboundNames(layer: LayerConfigEntry): string[] {
  const nodes = Array.isArray(layer.inboundNodes) ? (layer.inboundNodes as unknown[]) : [];
  return nodes.flatMap((node) =>
    Array.isArray(node) ? node.map((entry) => (Array.isArray(entry) ? String(entry[0]) : String(entry))) : [],
  );
}

function layerConfigs(model: ModelLike & { getConfig?: () => unknown }): LayerConfigEntry[] {
  const config = model.getConfig?.() as { layers?: LayerConfigEntry[] } | undefined;
  return Array.isArray(config?.layers) ? config.layers : [];
}

function checkBranches(layers: LayerConfigEntry[]): Bilingual | null {
  const inputs = new Set(layers.filter((l) => l.className === "InputLayer").map((l) => l.name));
  const convs = layers.filter((l) => l.className === "Conv2D");
  const chained = convs.find((c) => inboundNames(c).some((name) => !inputs.has(name)));
  if (chained) {
    const reads = inboundNames(chained).join(", ");
    return {
      en: `the Conv2D layer "${chained.name}" reads ${reads}, not the input: both branches must be applied to the input (inp) itself, side by side.`,
      zh: `Conv2D 层 "${chained.name}" 读的是 ${reads}，不是输入：两条分支都要直接作用在输入（inp）上，并排放置。`,
    };
  }
  if (convs.length !== 2) {
    return {
      en: `found ${convs.length} Conv2D layer(s) reading the input, expected 2 (a 1×1 and a 3×3 branch).`,
      zh: `读取输入的 Conv2D 层有 ${convs.length} 个，应为 2 个（一条 1×1 分支和一条 3×3 分支）。`,
    };
  }
  const kernels = convs.map((c) => JSON.stringify(c.config.kernelSize)).sort();
  if (kernels.join() !== [JSON.stringify([1, 1]), JSON.stringify([3, 3])].join()) {
    return {
      en: `the branches' kernel sizes are ${kernels.join(" and ")}, expected [1,1] and [3,3].`,
      zh: `两条分支的卷积核大小是 ${kernels.join(" 和 ")}，应为 [1,1] 和 [3,3]。`,
    };
  }
  return null;
}

function checkMerge(layers: LayerConfigEntry[]): Bilingual | null {
  const convNames = new Set(layers.filter((l) => l.className === "Conv2D").map((l) => l.name));
  const merge = layers.find((l) => inboundNames(l).length > 1);
  if (!merge) {
    return {
      en: "no layer takes both branches: merge them with tf.layers.concatenate().apply([b1, b2]).",
      zh: "没有哪一层同时接收两条分支：用 tf.layers.concatenate().apply([b1, b2]) 合并它们。",
    };
  }
  if (merge.className !== "Concatenate") {
    return {
      en: `the branches are merged by ${merge.className}; an Inception block concatenates them along the channels (tf.layers.concatenate).`,
      zh: `两条分支是用 ${merge.className} 合并的；Inception 模块沿通道方向把它们拼接起来（tf.layers.concatenate）。`,
    };
  }
  const axis = merge.config.axis;
  if (typeof axis !== "number" || !CHANNEL_AXES.has(axis)) {
    return {
      en: `the concatenation runs along axis ${String(axis)}; stack the branches along the channels, axis -1 (NHWC).`,
      zh: `拼接沿 axis ${String(axis)} 进行；应沿通道方向拼接，即 axis -1（NHWC）。`,
    };
  }
  const fed = inboundNames(merge);
  if (!fed.every((name) => convNames.has(name))) {
    return {
      en: `the concatenation takes ${fed.join(", ")}, expected the two Conv2D branches.`,
      zh: `拼接的输入是 ${fed.join(", ")}，应为两条 Conv2D 分支。`,
    };
  }
  return null;
}

function checkBlockShapes(model: ModelLike): Bilingual | null {
  const input = model.inputs?.[0]?.shape;
  const wantInput = formatOutputShape([null, ...BLOCK_INPUT_SHAPE]);
  if (input !== undefined && formatOutputShape(input) !== wantInput) {
    const gotInput = formatOutputShape(input);
    return {
      en: `input shape ${gotInput}, expected ${wantInput} — tf.input({ shape: [8, 8, 3] }).`,
      zh: `输入形状是 ${gotInput}，应为 ${wantInput}——tf.input({ shape: [8, 8, 3] })。`,
    };
  }
  const last = model.layers[model.layers.length - 1];
  const got = formatOutputShape(last?.outputShape);
  const want = formatOutputShape(BLOCK_OUTPUT_SHAPE);
  if (got === want) return null;
  const padding = model.layers.map((layer) => layer.getConfig().padding).filter((p) => p !== undefined);
  const notSame = padding.some((p) => p !== "same");
  return {
    en: `the block outputs ${got}, expected ${want} (4 + 4 channels side by side).${notSame ? " Use padding 'same' in both branches so their heights and widths match." : ""}`,
    zh: `模块输出 ${got}，应为 ${want}（4 + 4 个通道并排）。${notSame ? "两条分支都用 padding 'same'，长宽才一致。" : ""}`,
  };
}

function checkBlockPrediction({ tf }: CustomCaseContext, model: ModelLike): Bilingual | null {
  const batch = tf.zeros([PREDICT_BATCH, ...BLOCK_INPUT_SHAPE]);
  const output = model.predict(batch);
  if (!(output instanceof tf.Tensor)) return NOT_ONE_TENSOR;
  const shape: readonly number[] = (output as Tensor).shape;
  const expected = [PREDICT_BATCH, 8, 8, 8];
  return formatShape(shape) === formatShape(expected) ? null : describePredictShape(shape, expected);
}

/** The reference block's parameter count, counted where no learner code runs. */
function countReferenceParams({ reference }: ReferenceContext): Promise<PlainValue> {
  const model = reference() as ModelLike;
  try {
    return Promise.resolve(model.countParams());
  } finally {
    model.dispose?.();
  }
}

async function verifyTwoBranchBlock(context: CustomCaseContext): Promise<Bilingual | SubCheck[]> {
  let model: unknown = context.learner();
  if (model instanceof Promise) model = await model;
  if (!isModel(model)) return describeNotAModel("buildTwoBranchBlock", "tf.model({ inputs, outputs })", model);
  const referenceParams = Number(context.expected);
  try {
    if ((model as { getClassName?: () => string }).getClassName?.() === "Sequential") {
      return {
        en: "tf.sequential stacks layers one after another and cannot branch: start from tf.input, apply both conv layers to it, concatenate, and build tf.model({ inputs, outputs }).",
        zh: "tf.sequential 只能把层一个接一个叠起来，不能分支：从 tf.input 开始，把两个卷积层都作用在它上面，拼接，再用 tf.model({ inputs, outputs }) 建模型。",
      };
    }
    const params = model.countParams();
    const layers = layerConfigs(model);
    return [
      {
        name: { en: "two parallel branches from the input", zh: "从输入出发的两条并行分支" },
        failure: checkBranches(layers),
      },
      {
        name: { en: "merged by concatenation along the channels", zh: "沿通道方向拼接合并" },
        failure: checkMerge(layers),
      },
      { name: { en: "input and output shapes", zh: "输入与输出形状" }, failure: checkBlockShapes(model) },
      {
        name: { en: "parameter count", zh: "参数个数" },
        failure:
          params === referenceParams
            ? null
            : {
                en: `${params} parameters, expected ${referenceParams} ((1·1·3 + 1)·4 + (3·3·3 + 1)·4).`,
                zh: `共 ${params} 个参数，应为 ${referenceParams}（(1·1·3 + 1)·4 + (3·3·3 + 1)·4）。`,
              },
      },
      {
        name: { en: "predicts a batch of 2 images", zh: "对 2 张图像的 batch 做预测" },
        failure: checkBlockPrediction(context, model),
      },
    ];
  } finally {
    model.dispose?.();
  }
}

export const twoBranchBlock = defineExercise({
  id: "two-branch-block",
  title: { zh: "函数式 API：两条分支合并", en: "Functional API: two branches merged" },
  topic: "cnn",
  source: "第十章 › 10.2 Keras › 高级用法",
  original: dedent(`
    from keras.layers import Input, Conv2D, concatenate
    from keras.models import Model

    input_img = Input(shape=(8, 8, 3))
    branch_1 = Conv2D(4, (1, 1), padding='same', activation='relu')(input_img)
    branch_2 = Conv2D(4, (3, 3), padding='same', activation='relu')(input_img)
    output = concatenate([branch_1, branch_2], axis=-1)
    model = Model(inputs=input_img, outputs=output)
  `),
  originalFrom: {
    en: "The notes only say that Sequential cannot express structures such as Inception or several inputs and outputs (10.2 高级用法); this is a two-branch block in the style of the book's functional-API Inception example, on an 8×8×3 input.",
    zh: "笔记只说 Sequential 无法表示 Inception 这样的结构或多输入多输出（10.2 高级用法）；这里仿照书中函数式 API 的 Inception 示例，在 8×8×3 的输入上搭一个两分支模块。",
  },
  task: {
    zh: "实现 `buildTwoBranchBlock()`，用 TF.js 的函数式 API（`tf.input`、`layer.apply`、`tf.model`）搭出上面的结构：输入 `[8, 8, 3]`，两条**并行**分支都直接作用在输入上——1×1 卷积 4 个（relu、same）和 3×3 卷积 4 个（relu、same），再沿通道方向拼接（`tf.layers.concatenate`），输出 `[8, 8, 8]`。返回模型（不需要 compile）。",
    en: "Implement `buildTwoBranchBlock()` with TF.js's functional API (`tf.input`, `layer.apply`, `tf.model`) building the structure above: an `[8, 8, 3]` input and two **parallel** branches both applied to it — a 1×1 convolution with 4 filters (relu, same) and a 3×3 convolution with 4 filters (relu, same) — concatenated along the channels (`tf.layers.concatenate`) into an `[8, 8, 8]` output. Return the model (no need to compile).",
  },
  functionName: "buildTwoBranchBlock",
  starter: dedent(`
    function buildTwoBranchBlock() {
      const inp = tf.input({ shape: [8, 8, 3] });
      // TODO: two conv branches on inp, concatenated, then tf.model({ inputs: inp, outputs: ... })
    }
  `),
  hints: [
    {
      zh: "Keras 的 `Conv2D(...)(x)` 在 TF.js 中写成 `tf.layers.conv2d({...}).apply(x)`。",
      en: "Keras's `Conv2D(...)(x)` is `tf.layers.conv2d({...}).apply(x)` in TF.js.",
    },
    {
      zh: "两条分支都要 `.apply(inp)`，不要把第二条接在第一条后面；padding 都用 'same'，长宽才一致。",
      en: "Both branches `.apply(inp)`; do not chain the second onto the first. Use padding 'same' in both so the heights and widths match.",
    },
    {
      zh: "`tf.layers.concatenate({ axis: -1 }).apply([b1, b2])` 得到 4 + 4 = 8 个通道，最后 `tf.model({ inputs: inp, outputs: out })`。",
      en: "`tf.layers.concatenate({ axis: -1 }).apply([b1, b2])` gives 4 + 4 = 8 channels; finish with `tf.model({ inputs: inp, outputs: out })`.",
    },
  ],
  reference: dedent(`
    function buildTwoBranchBlock() {
      const inp = tf.input({ shape: [8, 8, 3] });
      const b1 = tf.layers.conv2d({ filters: 4, kernelSize: 1, padding: 'same', activation: 'relu' }).apply(inp);
      const b2 = tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }).apply(inp);
      const out = tf.layers.concatenate({ axis: -1 }).apply([b1, b2]);
      return tf.model({ inputs: inp, outputs: out });
    }
  `),
  output: "tensor",
  reportLeaks: false,
  mistakes: [],
  sourceHints: [],
  buildCases: () => [
    {
      name: { en: "two-branch block structure", zh: "两分支模块的结构" },
      expect: countReferenceParams,
      verify: verifyTwoBranchBlock,
    },
  ],
});
