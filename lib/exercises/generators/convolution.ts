/**
 * Convolution and pooling sizes and parameter counts (notes: 第六章 › 6.1–6.3).
 * Output size per TensorFlow's tf.nn.conv2d / tf.nn.max_pool documentation
 * ("Convolution" guide, tensorflow.org/api_docs/python/tf/nn#notes_on_padding):
 *   SAME:  ceil(W / S);  VALID: ceil((W − F + 1) / S);  explicit P: floor((W − F + 2P) / S) + 1.
 * A conv layer has F·F·C_in weights per filter plus one bias, i.e. (F·F·C_in + 1)·C_out parameters
 * (实战Google深度学习框架 §6.2; Goodfellow et al., Deep Learning, §9.1).
 */
import type { Rng } from "../../random";
import { computeCeil, computeFloor } from "../math";
import { fmt, tex, text, withNote, wrong } from "../format";
import type { ExerciseGenerator, GeneratedExercise, WrongAnswer } from "../types";

const CONV_INPUT_MIN = 5;
const CONV_INPUT_MAX = 64;
const CONV_KERNELS = [1, 2, 3, 5, 7] as const;
const CONV_STRIDES = [1, 2, 3] as const;
const EXPLICIT_PADDINGS = [0, 1, 2] as const;
const POOL_KERNELS = [2, 3] as const;
const POOL_STRIDES = [1, 2, 3] as const;

export type Padding = "SAME" | "VALID" | number;

function computeOutputSize(inputSize: number, kernelSize: number, stride: number, padding: Padding): number {
  if (padding === "SAME") return computeCeil(inputSize / stride);
  if (padding === "VALID") return computeCeil((inputSize - kernelSize + 1) / stride);
  return computeFloor((inputSize - kernelSize + 2 * padding) / stride) + 1;
}

function paddingText(padding: Padding): { zh: string; en: string } {
  if (typeof padding === "number") {
    return {
      zh: `显式填充 $P = ${padding}$（每边补 ${padding} 圈 0，即 \`padding=[[0,0],[${padding},${padding}],[${padding},${padding}],[0,0]]\`）`,
      en: `explicit padding $P = ${padding}$ (${padding} ring(s) of zeros on each side, i.e. \`padding=[[0,0],[${padding},${padding}],[${padding},${padding}],[0,0]]\`)`,
    };
  }
  return { zh: `\`padding='${padding}'\``, en: `\`padding='${padding}'\`` };
}

/** Convolution pads with zeros; max pooling pads too, but its padded cells never win the maximum. */
type SizedLayer = "conv" | "pool";

function sizeWrongs(
  inputSize: number,
  kernelSize: number,
  stride: number,
  padding: Padding,
  layer: SizedLayer,
): WrongAnswer[] {
  const W = inputSize;
  const F = kernelSize;
  const S = stride;
  if (padding === "SAME") {
    return [
      layer === "conv"
        ? wrong(
            computeOutputSize(W, F, S, "VALID"),
            "这是 VALID（不填充）的结果；SAME 会补 0，输出为 ⌈W/S⌉。",
            "That is the VALID (no padding) result; SAME pads with zeros and gives ⌈W/S⌉.",
          )
        : wrong(
            computeOutputSize(W, F, S, "VALID"),
            "这是 VALID（窗口不越过边界）的结果；SAME 让窗口越过边界，越界的位置不参与取最大值，输出为 ⌈W/S⌉。",
            "That is the VALID result (windows stay inside); SAME lets windows run over the border, where the padded cells take no part in the maximum, giving ⌈W/S⌉.",
          ),
      wrong(
        W,
        "你忘了步长：SAME 输出是 ⌈W/S⌉，步长为 1 时才等于 W。",
        "You forgot the stride: SAME gives ⌈W/S⌉, which equals W only for stride 1.",
      ),
      wrong(
        computeFloor(W / S),
        "TensorFlow 的 SAME 是向上取整 ⌈W/S⌉，不是向下取整。",
        "TensorFlow's SAME rounds up, ⌈W/S⌉, not down.",
      ),
    ];
  }
  if (padding === "VALID") {
    return [
      layer === "conv"
        ? wrong(
            computeOutputSize(W, F, S, "SAME"),
            "这是 SAME（补 0）的结果；VALID 不填充，输出为 ⌈(W−F+1)/S⌉。",
            "That is the SAME (zero-padded) result; VALID does not pad and gives ⌈(W−F+1)/S⌉.",
          )
        : wrong(
            computeOutputSize(W, F, S, "SAME"),
            "这是 SAME（窗口可越过边界）的结果；VALID 只取完全落在输入内的窗口，输出为 ⌈(W−F+1)/S⌉。",
            "That is the SAME result (windows may run over the border); VALID keeps only windows entirely inside the input and gives ⌈(W−F+1)/S⌉.",
          ),
      wrong(W - F + 1, "你忘了步长：VALID 输出是 ⌈(W−F+1)/S⌉。", "You forgot the stride: VALID gives ⌈(W−F+1)/S⌉."),
      wrong(
        computeFloor((W - F + 1) / S),
        "TensorFlow 的 VALID 是向上取整 ⌈(W−F+1)/S⌉。",
        "TensorFlow's VALID rounds up: ⌈(W−F+1)/S⌉.",
      ),
    ];
  }
  const P = padding;
  return [
    wrong(
      computeFloor((W - F) / S) + 1,
      "你忘了填充：两边各补 P，分子是 W − F + 2P。",
      "You forgot the padding: P on each side makes the numerator W − F + 2P.",
    ),
    wrong(computeFloor((W - F + P) / S) + 1, "填充要算两边：是 2P，不是 P。", "Padding is on both sides: 2P, not P."),
    wrong(
      computeFloor((W - F + 2 * P) / S),
      "你漏了最后的 +1（第一个窗口的位置）。",
      "You forgot the final +1 (the first window position).",
    ),
    wrong(W - F + 2 * P + 1, "你忘了除以步长 S。", "You forgot to divide by the stride S."),
  ];
}

function sizeSolution(W: number, F: number, S: number, padding: Padding, value: number, layer: SizedLayer) {
  if (padding === "SAME") {
    return [
      layer === "conv"
        ? text(
            "SAME：输出 $= \\lceil W / S \\rceil$（与卷积核大小无关）",
            "SAME: output $= \\lceil W / S \\rceil$ (independent of the kernel size)",
          )
        : text(
            "SAME：输出 $= \\lceil W / S \\rceil$（与窗口大小无关；越界的位置不参与取最大值）",
            "SAME: output $= \\lceil W / S \\rceil$ (independent of the window size; cells beyond the border take no part in the maximum)",
          ),
      text(`$= \\lceil ${W} / ${S} \\rceil = ${value}$`, `$= \\lceil ${W} / ${S} \\rceil = ${value}$`),
    ];
  }
  if (padding === "VALID") {
    return [
      text("VALID：输出 $= \\lceil (W - F + 1) / S \\rceil$", "VALID: output $= \\lceil (W - F + 1) / S \\rceil$"),
      text(
        `$= \\lceil (${W} - ${F} + 1) / ${S} \\rceil = \\lceil ${W - F + 1} / ${S} \\rceil = ${value}$`,
        `$= \\lceil (${W} - ${F} + 1) / ${S} \\rceil = \\lceil ${W - F + 1} / ${S} \\rceil = ${value}$`,
      ),
    ];
  }
  return [
    text(
      "显式填充：输出 $= \\lfloor (W - F + 2P) / S \\rfloor + 1$",
      "Explicit padding: output $= \\lfloor (W - F + 2P) / S \\rfloor + 1$",
    ),
    text(
      `$= \\lfloor (${W} - ${F} + 2 \\times ${padding}) / ${S} \\rfloor + 1 = \\lfloor ${W - F + 2 * padding} / ${S} \\rfloor + 1 = ${value}$`,
      `$= \\lfloor (${W} - ${F} + 2 \\times ${padding}) / ${S} \\rfloor + 1 = \\lfloor ${W - F + 2 * padding} / ${S} \\rfloor + 1 = ${value}$`,
    ),
  ];
}

const SIZE_HINTS = [
  text(
    "先看填充方式：SAME 补 0，VALID 不补，数字表示每边补几圈。",
    "Look at the padding first: SAME pads with zeros, VALID does not, a number says how many rings per side.",
  ),
  text("再考虑步长：窗口每次移动 S 格。", "Then the stride: the window moves S cells at a time."),
  text(
    "TensorFlow：SAME → $\\lceil W/S \\rceil$；VALID → $\\lceil (W-F+1)/S \\rceil$；显式 $P$ → $\\lfloor (W-F+2P)/S \\rfloor + 1$。",
    "TensorFlow: SAME → $\\lceil W/S \\rceil$; VALID → $\\lceil (W-F+1)/S \\rceil$; explicit $P$ → $\\lfloor (W-F+2P)/S \\rfloor + 1$.",
  ),
];

function generateConvOutputSize(rng: Rng): GeneratedExercise {
  const inputSize = rng.int(CONV_INPUT_MIN, CONV_INPUT_MAX);
  const kernelSize = rng.pick(CONV_KERNELS.filter((k) => k <= inputSize));
  const stride = rng.pick(CONV_STRIDES);
  const padding: Padding = rng.pick<Padding>([
    "SAME",
    "VALID",
    rng.pick(EXPLICIT_PADDINGS.filter((p) => p < kernelSize)),
  ]);
  const value = computeOutputSize(inputSize, kernelSize, stride, padding);
  const pad = paddingText(padding);
  return {
    params: { inputSize, kernelSize, stride, padding },
    prompt: text(
      `输入特征图大小为 $${inputSize} \\times ${inputSize}$，卷积核大小 $${kernelSize} \\times ${kernelSize}$，步长 $${stride}$，${pad.zh}。按 TensorFlow \`tf.nn.conv2d\` 的规则，输出特征图的边长是多少？`,
      `The input feature map is $${inputSize} \\times ${inputSize}$, the kernel is $${kernelSize} \\times ${kernelSize}$, stride $${stride}$, ${pad.en}. Following TensorFlow's \`tf.nn.conv2d\`, what is the side length of the output feature map?`,
    ),
    answer: { value, kind: "integer" },
    hints: SIZE_HINTS,
    solution: sizeSolution(inputSize, kernelSize, stride, padding, value, "conv"),
    wrongAnswers: sizeWrongs(inputSize, kernelSize, stride, padding, "conv"),
  };
}

function generatePoolOutputSize(rng: Rng): GeneratedExercise {
  const inputSize = rng.int(CONV_INPUT_MIN, CONV_INPUT_MAX);
  const kernelSize = rng.pick(POOL_KERNELS);
  const stride = rng.pick(POOL_STRIDES);
  const padding: Padding = rng.pick<Padding>(["SAME", "VALID"]);
  const depth = rng.pick([1, 3, 16, 32, 64]);
  const value = computeOutputSize(inputSize, kernelSize, stride, padding);
  return {
    params: { inputSize, kernelSize, stride, padding },
    prompt: text(
      `对 $${inputSize} \\times ${inputSize} \\times ${depth}$ 的节点矩阵做最大池化：\`tf.nn.max_pool(x, ksize=[1, ${kernelSize}, ${kernelSize}, 1], strides=[1, ${stride}, ${stride}, 1], padding='${padding}')\`。输出的长（宽）是多少？`,
      `Max-pool a $${inputSize} \\times ${inputSize} \\times ${depth}$ node matrix with \`tf.nn.max_pool(x, ksize=[1, ${kernelSize}, ${kernelSize}, 1], strides=[1, ${stride}, ${stride}, 1], padding='${padding}')\`. What is the output height (= width)?`,
    ),
    answer: { value, kind: "integer" },
    hints: [
      text(
        "池化只改变长和宽，不改变深度；ksize 和 strides 的第 1、4 个数都是 1。",
        "Pooling changes height and width, never depth; the 1st and 4th entries of ksize and strides are 1.",
      ),
      ...SIZE_HINTS.slice(1),
    ],
    solution: [
      ...sizeSolution(inputSize, kernelSize, stride, padding, value, "pool"),
      text(
        `输出为 $${value} \\times ${value} \\times ${depth}$（深度不变）。`,
        `The output is $${value} \\times ${value} \\times ${depth}$ (depth unchanged).`,
      ),
    ],
    wrongAnswers: sizeWrongs(inputSize, kernelSize, stride, padding, "pool"),
  };
}

const PAD_INPUT_MIN = 5;
const PAD_INPUT_MAX = 40;
const PAD_KERNELS = [2, 3, 4, 5, 7] as const;

/**
 * SAME padding along one dimension, as TensorFlow computes it ("Notes on padding",
 * tensorflow.org/api_docs/python/tf/nn#notes_on_padding_2): total = max((⌈W/S⌉ − 1)·S + F − W, 0), half of it
 * before (rounded down) and the rest, one more when the total is odd, after — at the bottom and on the right.
 */
function computeSamePadding(inputSize: number, kernelSize: number, stride: number): [number, number, number] {
  const output = computeCeil(inputSize / stride);
  const total = Math.max((output - 1) * stride + kernelSize - inputSize, 0);
  const before = computeFloor(total / 2);
  return [total, before, total - before];
}

function splitPadding(total: number): [number, number, number] {
  const before = computeFloor(total / 2);
  return [total, before, total - before];
}

function generateSamePadding(rng: Rng): GeneratedExercise {
  const inputSize = rng.int(PAD_INPUT_MIN, PAD_INPUT_MAX);
  const kernelSize = rng.pick(PAD_KERNELS);
  const stride = rng.pick(CONV_STRIDES);
  const value = computeSamePadding(inputSize, kernelSize, stride);
  const [total, before, after] = value;
  const output = computeCeil(inputSize / stride);
  const raw = (output - 1) * stride + kernelSize - inputSize;
  const floorOutput = computeFloor(inputSize / stride);
  const wrongs: WrongAnswer[] = [
    wrong(
      [total, after, before],
      "多出的那个 0 放反了：TensorFlow 把它补在下边 / 右边（后面），前面补 ⌊总数/2⌋。",
      "The odd extra zero is on the wrong side: TensorFlow puts it at the bottom / right (after); before gets ⌊total/2⌋.",
    ),
    wrong(
      splitPadding(kernelSize - 1),
      "F − 1 只在步长为 1 时成立；一般是 max((⌈W/S⌉ − 1)·S + F − W, 0)。",
      "F − 1 holds only for stride 1; in general it is max((⌈W/S⌉ − 1)·S + F − W, 0).",
    ),
    wrong(
      splitPadding(Math.max((floorOutput - 1) * stride + kernelSize - inputSize, 0)),
      "SAME 的输出边长是 ⌈W/S⌉（向上取整），不是 ⌊W/S⌋。",
      "SAME's output size is ⌈W/S⌉ (rounded up), not ⌊W/S⌋.",
    ),
  ];
  if (raw < 0) {
    wrongs.push(
      wrong(
        splitPadding(raw),
        "填充量不会是负数：公式外面还有 max(·, 0)。",
        "Padding is never negative: the formula is wrapped in max(·, 0).",
      ),
    );
  }
  return {
    params: { inputSize, kernelSize, stride },
    prompt: text(
      `\`tf.nn.conv2d(x, w, strides=[1, ${stride}, ${stride}, 1], padding='SAME')\`：输入边长 $W = ${inputSize}$，卷积核边长 $F = ${kernelSize}$，步长 $S = ${stride}$。沿高度方向一共补几个 0？上边、下边各补几个？按顺序输入三个整数 \`[总数, 上边, 下边]\`。`,
      `\`tf.nn.conv2d(x, w, strides=[1, ${stride}, ${stride}, 1], padding='SAME')\` with input size $W = ${inputSize}$, kernel size $F = ${kernelSize}$ and stride $S = ${stride}$. How many zeros are padded along the height in total, and how many at the top and at the bottom? Type three integers \`[total, top, bottom]\`.`,
    ),
    answer: { value, kind: "integer" },
    hints: [
      text(
        "SAME 的输出边长是 $\\lceil W/S \\rceil$；要让最后一个窗口放得下，输入需要 $(\\lceil W/S \\rceil - 1)S + F$ 个位置。",
        "SAME's output size is $\\lceil W/S \\rceil$; for the last window to fit, the input needs $(\\lceil W/S \\rceil - 1)S + F$ positions.",
      ),
      text(
        "总填充 $= \\max((\\lceil W/S \\rceil - 1)S + F - W,\\ 0)$；上边补 $\\lfloor \\text{总数}/2 \\rfloor$，多出的一个补在下边。",
        "Total $= \\max((\\lceil W/S \\rceil - 1)S + F - W,\\ 0)$; the top gets $\\lfloor \\text{total}/2 \\rfloor$ and any extra one goes to the bottom.",
      ),
    ],
    solution: [
      text(
        `输出边长 $\\lceil ${inputSize}/${stride} \\rceil = ${output}$；总填充 $= \\max((${output} - 1) \\times ${stride} + ${kernelSize} - ${inputSize},\\ 0) = \\max(${raw},\\ 0) = ${total}$`,
        `Output size $\\lceil ${inputSize}/${stride} \\rceil = ${output}$; total $= \\max((${output} - 1) \\times ${stride} + ${kernelSize} - ${inputSize},\\ 0) = \\max(${raw},\\ 0) = ${total}$`,
      ),
      text(
        `上边 $\\lfloor ${total}/2 \\rfloor = ${before}$，下边 $${total} - ${before} = ${after}$`,
        `Top $\\lfloor ${total}/2 \\rfloor = ${before}$, bottom $${total} - ${before} = ${after}$`,
      ),
    ],
    wrongAnswers: wrongs,
  };
}

const PARAM_KERNELS = [1, 3, 5, 7] as const;
const IN_CHANNELS = [1, 3, 16, 32, 64] as const;
const OUT_CHANNELS = [8, 16, 32, 64, 128] as const;

function generateConvParams(rng: Rng): GeneratedExercise {
  const kernelSize = rng.pick(PARAM_KERNELS);
  const inChannels = rng.pick(IN_CHANNELS);
  const outChannels = rng.pick(OUT_CHANNELS);
  const weights = kernelSize * kernelSize * inChannels * outChannels;
  const value = (kernelSize * kernelSize * inChannels + 1) * outChannels;
  return {
    params: { kernelSize, inChannels, outChannels },
    prompt: text(
      `一个卷积层的过滤器权重形状为 \`[${kernelSize}, ${kernelSize}, ${inChannels}, ${outChannels}]\`（长、宽、输入深度 in_channel、输出深度 out_channel），每个过滤器有一个偏置。这一层共有多少个可训练参数？`,
      `A conv layer's filter weights have shape \`[${kernelSize}, ${kernelSize}, ${inChannels}, ${outChannels}]\` (height, width, in_channels, out_channels), with one bias per filter. How many trainable parameters does the layer have?`,
    ),
    answer: { value, kind: "integer" },
    hints: [
      text("每个过滤器覆盖输入的全部深度。", "Each filter spans the full input depth."),
      text(
        "一个过滤器有 $F \\cdot F \\cdot C_{in}$ 个权重，再加 1 个偏置。",
        "One filter has $F \\cdot F \\cdot C_{in}$ weights plus 1 bias.",
      ),
      text(
        "参数总数 $= (F \\cdot F \\cdot C_{in} + 1) \\cdot C_{out}$",
        "Total $= (F \\cdot F \\cdot C_{in} + 1) \\cdot C_{out}$",
      ),
    ],
    solution: [
      text(
        `每个过滤器：$${kernelSize} \\times ${kernelSize} \\times ${inChannels} + 1 = ${kernelSize * kernelSize * inChannels + 1}$`,
        `Per filter: $${kernelSize} \\times ${kernelSize} \\times ${inChannels} + 1 = ${kernelSize * kernelSize * inChannels + 1}$`,
      ),
      text(
        `共 $${outChannels}$ 个过滤器：$${kernelSize * kernelSize * inChannels + 1} \\times ${outChannels} = ${value}$`,
        `$${outChannels}$ filters: $${kernelSize * kernelSize * inChannels + 1} \\times ${outChannels} = ${value}$`,
      ),
    ],
    wrongAnswers: [
      wrong(
        weights,
        "你忘了偏置：每个过滤器（每个输出通道）还有 1 个偏置。",
        "You forgot the biases: each filter (output channel) has one more parameter.",
      ),
      wrong(
        (kernelSize * kernelSize + 1) * outChannels,
        "你忘了输入深度 C_in：过滤器覆盖输入的全部通道。",
        "You forgot the input depth C_in: a filter spans every input channel.",
      ),
      wrong(
        weights + 1,
        "偏置不是整层只有 1 个，而是每个输出通道 1 个。",
        "There is one bias per output channel, not one for the whole layer.",
      ),
    ],
    answerForms: [`(${kernelSize}*${kernelSize}*${inChannels} + 1)*${outChannels}`],
  };
}

interface ImageShape {
  height: number;
  width: number;
  channels: number;
  name: string;
}

/** Shapes of the notes' classic data sets (MNIST 28×28×1, CIFAR 32×32×3) and the book's 100×100×3 example. */
const IMAGE_SHAPES: readonly ImageShape[] = [
  { height: 28, width: 28, channels: 1, name: "MNIST" },
  { height: 32, width: 32, channels: 3, name: "CIFAR-10" },
  { height: 100, width: 100, channels: 3, name: "100×100" },
  { height: 64, width: 64, channels: 3, name: "64×64" },
];
const HIDDEN_UNITS = [100, 500, 1000] as const;
const FC_CONV_KERNELS = [3, 5] as const;
const FC_CONV_FILTERS = [16, 32, 64] as const;

function generateFcVsConv(rng: Rng): GeneratedExercise {
  const image = rng.pick(IMAGE_SHAPES);
  const hiddenUnits = rng.pick(HIDDEN_UNITS);
  const kernelSize = rng.pick(FC_CONV_KERNELS);
  const filters = rng.pick(FC_CONV_FILTERS);
  const ask = rng.pick(["fc-count", "ratio"] as const);
  const { height, width, channels } = image;
  const inputs = height * width * channels;
  const fc = (inputs + 1) * hiddenUnits;
  const conv = (kernelSize * kernelSize * channels + 1) * filters;
  const ratio = fc / conv;
  const setupZh = `一张 $${height} \\times ${width} \\times ${channels}$ 的图片（${image.name}）。方案一：展平后接一个有 $${hiddenUnits}$ 个节点的全连接层；方案二：接一个 $${kernelSize} \\times ${kernelSize}$、深度 $${filters}$ 的卷积层。两者都带偏置。`;
  const setupEn = `An image of $${height} \\times ${width} \\times ${channels}$ (${image.name}). Option 1: flatten it into a fully connected layer of $${hiddenUnits}$ nodes. Option 2: a $${kernelSize} \\times ${kernelSize}$ conv layer of depth $${filters}$. Both have biases.`;
  const solution = [
    text(
      `全连接：$(${height} \\times ${width} \\times ${channels} + 1) \\times ${hiddenUnits} = ${fc}$`,
      `Fully connected: $(${height} \\times ${width} \\times ${channels} + 1) \\times ${hiddenUnits} = ${fc}$`,
    ),
    text(
      `卷积：$(${kernelSize} \\times ${kernelSize} \\times ${channels} + 1) \\times ${filters} = ${conv}$`,
      `Convolution: $(${kernelSize} \\times ${kernelSize} \\times ${channels} + 1) \\times ${filters} = ${conv}$`,
    ),
    text(
      `比值 $${fc} / ${conv} \\approx ${tex(ratio)}$：卷积层的参数与图片大小无关，这就是全连接网络处理图像时参数过多、容易过拟合的原因。`,
      `Ratio $${fc} / ${conv} \\approx ${tex(ratio)}$: conv parameters do not grow with the image size, which is why fully connected nets on images have too many parameters and overfit.`,
    ),
  ];
  const hints = [
    text("全连接层的每个输入都连到每个节点。", "In a fully connected layer every input connects to every node."),
    text(
      "卷积层的参数只取决于过滤器尺寸、输入深度和过滤器个数。",
      "A conv layer's parameters depend only on the filter size, input depth and number of filters.",
    ),
  ];
  if (ask === "fc-count") {
    return {
      params: { height, width, channels, hiddenUnits, kernelSize, filters, ask },
      prompt: text(
        `${setupZh}方案一的全连接层有多少个参数？`,
        `${setupEn} How many parameters does the fully connected layer of option 1 have?`,
      ),
      answer: { value: fc, kind: "integer" },
      hints: [
        ...hints,
        text(
          "全连接参数 $= (H \\cdot W \\cdot C + 1) \\cdot n$",
          "FC parameters $= (H \\cdot W \\cdot C + 1) \\cdot n$",
        ),
      ],
      solution,
      wrongAnswers: [
        wrong(
          inputs * hiddenUnits,
          "你忘了偏置：每个节点还有 1 个偏置。",
          "You forgot the biases: each node has one more parameter.",
        ),
        wrong(
          (height * width + 1) * hiddenUnits,
          "你忘了通道数：展平后的输入有 H×W×C 个。",
          "You forgot the channels: the flattened input has H×W×C values.",
        ),
        wrong(conv, "这是卷积层的参数个数。", "That is the conv layer's parameter count."),
      ],
      answerForms: [`(${height}*${width}*${channels} + 1)*${hiddenUnits}`],
    };
  }
  return {
    params: { height, width, channels, hiddenUnits, kernelSize, filters, ask },
    prompt: withNote(
      text(
        `${setupZh}全连接层的参数个数是卷积层的多少倍？`,
        `${setupEn} How many times more parameters does the fully connected layer have than the conv layer?`,
      ),
    ),
    answer: { value: ratio, kind: "real" },
    hints: [...hints, text("分别算出两者的参数个数再相除。", "Count both, then divide.")],
    solution,
    wrongAnswers: [
      wrong(
        conv / fc,
        "比值倒过来了：要用全连接除以卷积。",
        "The ratio is upside down: divide the FC count by the conv count.",
      ),
      wrong(
        (inputs * hiddenUnits) / (kernelSize * kernelSize * channels * filters),
        "两边都漏了偏置。",
        "You left out the biases on both sides.",
      ),
    ],
    answerForms: [`${fc}/${conv}`, fmt(ratio, 12)],
  };
}

export const CONVOLUTION_GENERATORS: ExerciseGenerator[] = [
  {
    info: {
      id: "conv-output-size",
      topic: "convolution",
      chapter: "ch6",
      title: text("卷积层输出尺寸", "Conv layer output size"),
      source: "第六章 › 6.3、卷积层与池化层 › 1、卷积层",
    },
    generate: generateConvOutputSize,
  },
  {
    info: {
      id: "pool-output-size",
      topic: "convolution",
      chapter: "ch6",
      title: text("池化层输出尺寸", "Pooling layer output size"),
      source: "第六章 › 6.3、卷积层与池化层 › 2、池化层",
    },
    generate: generatePoolOutputSize,
  },
  {
    info: {
      id: "same-padding",
      topic: "convolution",
      chapter: "ch6",
      title: text("SAME 填充补几个 0", "How much SAME padding adds"),
      source: "第六章 › 6.3、卷积层与池化层 › 1、卷积层",
    },
    generate: generateSamePadding,
  },
  {
    info: {
      id: "conv-params",
      topic: "convolution",
      chapter: "ch6",
      title: text("卷积层参数个数", "Parameters of a conv layer"),
      source: "第六章 › 6.3、卷积层与池化层 › 1、卷积层",
    },
    generate: generateConvParams,
  },
  {
    info: {
      id: "fc-vs-conv-params",
      topic: "convolution",
      chapter: "ch6",
      title: text("全连接层与卷积层的参数量", "Fully connected vs conv parameter counts"),
      source: "第六章 › 6.1、卷积神经网络与图像识别、经典数据集",
    },
    generate: generateFcVsConv,
  },
];
