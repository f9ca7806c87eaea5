/**
 * The headings of the learner's notes in English, one per heading level, so
 * a section path ("第四章 › 4.2 损失函数 › 分类问题") reads in the UI
 * language ("Chapter 4 › 4.2 Loss functions › Classification") at any depth.
 * The Chinese heading is the source of truth (content/notes-sections.yaml);
 * tests/unit/content/section-names.test.ts keeps every heading translated.
 */
import type { Locale } from "../locale";

export const SECTION_SEPARATOR = " › ";

const ENGLISH_HEADINGS: Readonly<Record<string, string>> = {
  部分概念补充: "Supplementary concepts",
  "1、聚类": "1. Clustering",
  "2、特征映射": "2. Feature maps",
  "3、Gen": "3. Gen (generalization)",
  "4、范数": "4. Norms",
  "5、归一化": "5. Normalization",
  "6、条件概率、贝叶斯": "6. Conditional probability, Bayes",
  "7、softmax、信息熵、香农定理": "7. Softmax, entropy, Shannon's theorem",
  softmax: "Softmax",
  信息熵: "Entropy",
  奈奎斯特定理和香农定理: "Nyquist's and Shannon's theorems",
  "8、循环神经网络": "8. Recurrent neural networks",
  "9、梯度消失、梯度爆炸": "9. Vanishing and exploding gradients",
  "10、优化器原理详解": "10. How optimizers work",
  "11、逻辑回归": "11. Logistic regression",
  "12、channel和卷积核": "12. Channels and kernels",
  第四章: "Chapter 4",
  "4.1 激活函数去线性/异或问题": "4.1 Non-linear activations / the XOR problem",
  "4.2 损失函数": "4.2 Loss functions",
  分类问题: "Classification",
  回归问题: "Regression",
  自定义损失函数: "Custom loss functions",
  "4.3 神经网络优化算法": "4.3 Optimization algorithms",
  "4.4 神经网络进一步优化": "4.4 Further optimization",
  学习率: "Learning rate",
  "过拟合问题(Dropout)": "Overfitting (dropout)",
  正则化: "Regularization",
  "3、滑动平均模型": "3. Moving-average model",
  第六章: "Chapter 6",
  "6.1、卷积神经网络与图像识别、经典数据集": "6.1 CNNs and image recognition, classic datasets",
  "6.2、卷积神经网络结构": "6.2 CNN structure",
  "6.3、卷积层与池化层": "6.3 Convolution and pooling layers",
  "1、卷积层": "1. Convolution layer",
  "2、池化层": "2. Pooling layer",
  第十章: "Chapter 10",
  "10.1 TensorFlow高层封装": "10.1 TensorFlow's high-level APIs",
  "10.2 Keras": "10.2 Keras",
  基础用法: "Basics",
  高级用法: "Advanced use",
};

/** The English of one heading of the notes, or undefined if it has none yet. */
export function englishHeading(heading: string): string | undefined {
  return ENGLISH_HEADINGS[heading.trim()];
}

/**
 * A section path in the UI language. Chinese is the notes' own wording; in
 * English each level is translated (an untranslated level stays as written).
 */
export function sectionTitle(source: string, locale: Locale): string {
  if (locale === "zh") return source;
  return source
    .split(SECTION_SEPARATOR)
    .map((heading) => englishHeading(heading) ?? heading.trim())
    .join(SECTION_SEPARATOR);
}

/** The notes' chapter of a section path, as a sortable number (the concepts page first, as 0). */
export function chapterNumber(source: string): number {
  const top = source.split(SECTION_SEPARATOR)[0]?.trim() ?? "";
  const match = /^第(.+)章$/.exec(top);
  if (!match) return 0;
  const numerals: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };
  const text = match[1] ?? "";
  if (text === "十") return 10;
  if (text.startsWith("十")) return 10 + (numerals[text.slice(1)] ?? 0);
  if (text.endsWith("十")) return (numerals[text[0] ?? ""] ?? 0) * 10;
  return numerals[text] ?? 0;
}
