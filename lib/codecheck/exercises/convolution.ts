/** 第六章 › 6.3 convolution and pooling, and 第十章 › 10.2 the Keras LeNet-5 and a two-branch functional block. */
import { formatShape } from "../compare";
import { countElements, normalTensor, tensorArg, uniformTensor } from "../random";
import type { CustomCaseContext, PlainValue, ReferenceContext, SourceHint, SubCheck, Tensor } from "../types";
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
  originalFrom:
    "The notes' snippet stops at bias_add; the last line is the book's next step, the relu whose output the notes' max_pool call takes as actived_conv.",
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
      name: "notes' filter [5,5,3,16] on an 8×8×3 image",
      args: [normalTensor(rng, [1, 8, 8, 3]), normalTensor(rng, [5, 5, 3, 16], 0.1), normalTensor(rng, [16], 0.1)],
    },
    {
      name: "batch 2, non-square 7×5 input, filter [3,3,3,4]",
      args: [normalTensor(rng, [2, 7, 5, 3]), normalTensor(rng, [3, 3, 3, 4], 0.5), normalTensor(rng, [4], 0.5)],
    },
    {
      name: "even 2×2 filter on 6×6 (SAME pads unevenly)",
      args: [normalTensor(rng, [1, 6, 6, 1]), normalTensor(rng, [2, 2, 1, 3]), normalTensor(rng, [3])],
    },
    {
      name: "negative biases (relu after the bias)",
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
    { name: "7×7×2 image, batch 1", args: [normalTensor(rng, [1, 7, 7, 2])] },
    { name: "batch 2, non-square 6×9×3", args: [normalTensor(rng, [2, 6, 9, 3])] },
    { name: "8×8×1 (SAME and VALID differ)", args: [normalTensor(rng, [1, 8, 8, 1])] },
    { name: "all-negative values (padding must not act as 0)", args: [uniformTensor(rng, [1, 5, 5, 1], -3, -0.5)] },
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

function compareLayerTypes(got: ModelSummary, want: ModelSummary): string | null {
  if (got.classNames.join() === want.classNames.join()) return null;
  const flattenAdvice = got.classNames.includes("Flatten")
    ? ""
    : " A Flatten layer is needed between the last pooling layer and the first Dense layer.";
  return `layers are [${got.classNames.join(", ")}], expected [${want.classNames.join(", ")}].${flattenAdvice}`;
}

function compareOutputShapes(got: ModelSummary, want: ModelSummary): string | null {
  const expectedInput = formatOutputShape([null, ...LENET_INPUT_SHAPE]);
  if (got.inputShape !== null && got.inputShape !== expectedInput) {
    return `input shape ${got.inputShape}, expected ${expectedInput} — set inputShape: [28, 28, 1] on the first layer.`;
  }
  const count = Math.max(got.classNames.length, want.classNames.length);
  for (let index = 0; index < count; index += 1) {
    const gotShape = got.outputShapes[index];
    const wantShape = want.outputShapes[index];
    if (gotShape === wantShape) continue;
    const paddingAdvice =
      got.paddings[index] === "same"
        ? " This layer uses padding 'same'; the book's Keras LeNet-5 uses the default 'valid', so each 5×5 convolution shrinks the image by 4."
        : "";
    return `layer ${index + 1} (${got.classNames[index] ?? "missing"}) outputs ${gotShape}, expected ${wantShape} (${want.classNames[index] ?? "no layer"}).${paddingAdvice}`;
  }
  return null;
}

function compareActivations(got: ModelSummary, want: ModelSummary): string | null {
  if (got.activations.join() === want.activations.join()) return null;
  return `activations are [${got.activations.join(", ")}], expected [${want.activations.join(", ")}] (relu on the hidden layers, softmax on the output).`;
}

function compareParameterCounts(got: ModelSummary, want: ModelSummary): string | null {
  if (got.paramCounts.join() === want.paramCounts.join()) return null;
  return `parameters per layer [${got.paramCounts.join(", ")}] (total ${got.totalParams}), expected [${want.paramCounts.join(", ")}] (total ${want.totalParams}).`;
}

function checkPrediction({ tf, readValues }: CustomCaseContext, model: ModelLike): string | null {
  const batch = tf.zeros([PREDICT_BATCH, ...LENET_INPUT_SHAPE]);
  const output = model.predict(batch);
  if (!(output instanceof tf.Tensor)) return "model.predict did not return a single tensor.";
  const expectedShape = [PREDICT_BATCH, 10];
  if (formatShape(output.shape) !== formatShape(expectedShape)) {
    return `predict on a batch of ${PREDICT_BATCH} returned shape ${formatShape(output.shape)}, expected ${formatShape(expectedShape)}.`;
  }
  const values = Array.from(readValues(output as Tensor), Number);
  const classes = countElements(expectedShape) / PREDICT_BATCH;
  for (let row = 0; row < PREDICT_BATCH; row += 1) {
    const sum = values.slice(row * classes, (row + 1) * classes).reduce((total, value) => total + value, 0);
    if (!(Math.abs(sum - 1) < PROBABILITY_SUM_TOLERANCE)) {
      return `the 10 outputs of row ${row} sum to ${sum.toFixed(4)}, not 1 — the last layer needs a softmax activation.`;
    }
  }
  return null;
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

async function verifyLeNet(context: CustomCaseContext): Promise<string | SubCheck[]> {
  let model: unknown = context.learner();
  if (model instanceof Promise) model = await model;
  if (!isModel(model)) {
    return `buildLeNet5 must return the model (tf.sequential()), but returned ${model === undefined ? "undefined — is a `return` missing?" : typeof model}.`;
  }
  const want = readModelSummary(context.expected);
  try {
    const got = summarizeModel(model);
    const structureOk = got.classNames.length === want.classNames.length;
    return [
      { name: "layer types", failure: compareLayerTypes(got, want) },
      { name: "output shapes", failure: compareOutputShapes(got, want) },
      {
        name: "activations",
        failure: structureOk ? compareActivations(got, want) : "skipped: the layer list differs (see “layer types”).",
      },
      { name: "parameter counts", failure: compareParameterCounts(got, want) },
      { name: "predicts a batch of 2 images", failure: checkPrediction(context, model) },
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
  originalFrom:
    "The notes only say “Keras如何实现lenet5结构”; this is the book's Keras LeNet-5 (10.2) it refers to, padding left at Keras's default 'valid'.",
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
  buildCases: () => [{ name: "LeNet-5 structure", expect: summarizeReferenceLeNet, verify: verifyLeNet }],
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

function checkBranches(layers: LayerConfigEntry[]): string | null {
  const inputs = new Set(layers.filter((l) => l.className === "InputLayer").map((l) => l.name));
  const convs = layers.filter((l) => l.className === "Conv2D");
  const chained = convs.find((c) => inboundNames(c).some((name) => !inputs.has(name)));
  if (chained) {
    return `the Conv2D layer "${chained.name}" reads ${inboundNames(chained).join(", ")}, not the input: both branches must be applied to the input (inp) itself, side by side.`;
  }
  if (convs.length !== 2)
    return `found ${convs.length} Conv2D layer(s) reading the input, expected 2 (a 1×1 and a 3×3 branch).`;
  const kernels = convs.map((c) => JSON.stringify(c.config.kernelSize)).sort();
  if (kernels.join() !== [JSON.stringify([1, 1]), JSON.stringify([3, 3])].join()) {
    return `the branches' kernel sizes are ${kernels.join(" and ")}, expected [1,1] and [3,3].`;
  }
  return null;
}

function checkMerge(layers: LayerConfigEntry[]): string | null {
  const convNames = new Set(layers.filter((l) => l.className === "Conv2D").map((l) => l.name));
  const merge = layers.find((l) => inboundNames(l).length > 1);
  if (!merge) return "no layer takes both branches: merge them with tf.layers.concatenate().apply([b1, b2]).";
  if (merge.className !== "Concatenate") {
    return `the branches are merged by ${merge.className}; an Inception block concatenates them along the channels (tf.layers.concatenate).`;
  }
  const axis = merge.config.axis;
  if (typeof axis !== "number" || !CHANNEL_AXES.has(axis)) {
    return `the concatenation runs along axis ${String(axis)}; stack the branches along the channels, axis -1 (NHWC).`;
  }
  const fed = inboundNames(merge);
  if (!fed.every((name) => convNames.has(name)))
    return `the concatenation takes ${fed.join(", ")}, expected the two Conv2D branches.`;
  return null;
}

function checkBlockShapes(model: ModelLike): string | null {
  const input = model.inputs?.[0]?.shape;
  const wantInput = formatOutputShape([null, ...BLOCK_INPUT_SHAPE]);
  if (input !== undefined && formatOutputShape(input) !== wantInput) {
    return `input shape ${formatOutputShape(input)}, expected ${wantInput} — tf.input({ shape: [8, 8, 3] }).`;
  }
  const last = model.layers[model.layers.length - 1];
  const got = formatOutputShape(last?.outputShape);
  const want = formatOutputShape(BLOCK_OUTPUT_SHAPE);
  if (got === want) return null;
  const padding = model.layers.map((layer) => layer.getConfig().padding).filter((p) => p !== undefined);
  const advice = padding.some((p) => p !== "same")
    ? " Use padding 'same' in both branches so their heights and widths match."
    : "";
  return `the block outputs ${got}, expected ${want} (4 + 4 channels side by side).${advice}`;
}

function checkBlockPrediction({ tf }: CustomCaseContext, model: ModelLike): string | null {
  const batch = tf.zeros([PREDICT_BATCH, ...BLOCK_INPUT_SHAPE]);
  const output = model.predict(batch);
  if (!(output instanceof tf.Tensor)) return "model.predict did not return a single tensor.";
  const shape: readonly number[] = (output as Tensor).shape;
  const expected = [PREDICT_BATCH, 8, 8, 8];
  return formatShape(shape) === formatShape(expected)
    ? null
    : `predict on a batch of ${PREDICT_BATCH} returned shape ${formatShape(shape)}, expected ${formatShape(expected)}.`;
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

async function verifyTwoBranchBlock(context: CustomCaseContext): Promise<string | SubCheck[]> {
  let model: unknown = context.learner();
  if (model instanceof Promise) model = await model;
  if (!isModel(model)) {
    return `buildTwoBranchBlock must return the model (tf.model({ inputs, outputs })), but returned ${model === undefined ? "undefined — is a `return` missing?" : typeof model}.`;
  }
  const referenceParams = Number(context.expected);
  try {
    if ((model as { getClassName?: () => string }).getClassName?.() === "Sequential") {
      return "tf.sequential stacks layers one after another and cannot branch: start from tf.input, apply both conv layers to it, concatenate, and build tf.model({ inputs, outputs }).";
    }
    const layers = layerConfigs(model);
    return [
      { name: "two parallel branches from the input", failure: checkBranches(layers) },
      { name: "merged by concatenation along the channels", failure: checkMerge(layers) },
      { name: "input and output shapes", failure: checkBlockShapes(model) },
      {
        name: "parameter count",
        failure:
          model.countParams() === referenceParams
            ? null
            : `${model.countParams()} parameters, expected ${referenceParams} ((1·1·3 + 1)·4 + (3·3·3 + 1)·4).`,
      },
      { name: "predicts a batch of 2 images", failure: checkBlockPrediction(context, model) },
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
  originalFrom:
    "The notes only say that Sequential cannot express structures such as Inception or several inputs and outputs (10.2 高级用法); this is a two-branch block in the style of the book's functional-API Inception example, on an 8×8×3 input.",
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
    { name: "two-branch block structure", expect: countReferenceParams, verify: verifyTwoBranchBlock },
  ],
});
