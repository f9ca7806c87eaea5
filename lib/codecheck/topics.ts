/** The topics of the coding exercises, named in both languages: the pages never show a topic's id. */
import type { Bilingual } from "./types";

export const CODE_TOPICS = {
  rnn: { zh: "循环神经网络", en: "Recurrent networks" },
  optimization: { zh: "优化", en: "Optimization" },
  "neural-network-basics": { zh: "神经网络基础", en: "Neural-network basics" },
  "loss-functions": { zh: "损失函数", en: "Loss functions" },
  regularization: { zh: "正则化", en: "Regularization" },
  "moving-average": { zh: "滑动平均", en: "Moving averages" },
  cnn: { zh: "卷积神经网络", en: "Convolutional networks" },
} as const satisfies Record<string, Bilingual>;

export type CodeTopic = keyof typeof CODE_TOPICS;

export function topicTitle(topic: CodeTopic, locale: keyof Bilingual): string {
  return CODE_TOPICS[topic][locale];
}
