/**
 * Conditional probability, total probability and Bayes (notes: 部分概念补充 › 6、条件概率、贝叶斯).
 * P(A|B) = P(AB)/P(B); P(A) = Σ P(B_i) P(A|B_i); P(B_i|A) = P(B_i) P(A|B_i) / Σ_j P(B_j) P(A|B_j)
 * (e.g. Blitzstein & Hwang, Introduction to Probability, §2.3–2.4).
 */
import type { Rng } from "../../random";
import { cleanDecimal, computeDot, computeMean, computeSum } from "../math";
import { fmt, tex, text, withNote, wrong } from "../format";
import type { ExerciseGenerator, GeneratedExercise } from "../types";

const PRIORS = [0.01, 0.02, 0.05, 0.1, 0.2] as const;
const SENSITIVITIES = [0.8, 0.85, 0.9, 0.95, 0.99] as const;
const FALSE_POSITIVE_RATES = [0.01, 0.02, 0.05, 0.1] as const;
const PERCENT_NOTE = text(
  "（可以输入小数、分数、百分数或算式，保留至少 5 位有效数字。）",
  "(You may type a decimal, fraction, percentage or expression; give at least 5 significant figures.)",
);

function generateBayes(rng: Rng): GeneratedExercise {
  const prior = rng.pick(PRIORS);
  const sensitivity = rng.pick(SENSITIVITIES);
  const falsePositiveRate = rng.pick(FALSE_POSITIVE_RATES);
  const healthy = cleanDecimal(1 - prior, 4);
  const truePositive = prior * sensitivity;
  const falsePositive = healthy * falsePositiveRate;
  const evidence = computeDot([prior, healthy], [sensitivity, falsePositiveRate]);
  const value = truePositive / evidence;
  return {
    params: { prior, sensitivity, falsePositiveRate },
    prompt: withNote(
      text(
        `某疾病的患病率为 $P(D) = ${prior}$。检测的灵敏度为 $P(+\\mid D) = ${sensitivity}$，假阳性率为 $P(+\\mid \\bar D) = ${falsePositiveRate}$。某人检测结果为阳性，他患病的概率 $P(D\\mid +)$ 是多少？`,
        `A disease has prevalence $P(D) = ${prior}$. A test has sensitivity $P(+\\mid D) = ${sensitivity}$ and false-positive rate $P(+\\mid \\bar D) = ${falsePositiveRate}$. A person tests positive. What is the probability $P(D\\mid +)$ that they have the disease?`,
      ),
      PERCENT_NOTE,
    ),
    answer: { value, kind: "real" },
    hints: [
      text(
        "阳性结果有两个来源：真的患病，或者健康但被误判。",
        "A positive result comes from two sources: truly ill, or healthy but misclassified.",
      ),
      text("先用全概率公式求 $P(+)$。", "First find $P(+)$ with the law of total probability."),
      text(
        "$P(D\\mid +) = \\dfrac{P(D)P(+\\mid D)}{P(D)P(+\\mid D) + P(\\bar D)P(+\\mid \\bar D)}$",
        "$P(D\\mid +) = \\dfrac{P(D)P(+\\mid D)}{P(D)P(+\\mid D) + P(\\bar D)P(+\\mid \\bar D)}$",
      ),
    ],
    solution: [
      text(
        `$P(D)P(+\\mid D) = ${prior} \\times ${sensitivity} = ${tex(truePositive)}$`,
        `$P(D)P(+\\mid D) = ${prior} \\times ${sensitivity} = ${tex(truePositive)}$`,
      ),
      text(
        `$P(\\bar D)P(+\\mid \\bar D) = ${healthy} \\times ${falsePositiveRate} = ${tex(falsePositive)}$`,
        `$P(\\bar D)P(+\\mid \\bar D) = ${healthy} \\times ${falsePositiveRate} = ${tex(falsePositive)}$`,
      ),
      text(
        `$P(+) = ${tex(truePositive)} + ${tex(falsePositive)} = ${tex(evidence)}$`,
        `$P(+) = ${tex(truePositive)} + ${tex(falsePositive)} = ${tex(evidence)}$`,
      ),
      text(
        `$P(D\\mid +) = \\dfrac{${tex(truePositive)}}{${tex(evidence)}} \\approx ${tex(value)}$`,
        `$P(D\\mid +) = \\dfrac{${tex(truePositive)}}{${tex(evidence)}} \\approx ${tex(value)}$`,
      ),
    ],
    wrongAnswers: [
      wrong(
        sensitivity,
        "这是灵敏度 P(+|D)，不是 P(D|+)。条件概率不能随便交换。",
        "That is the sensitivity P(+|D), not P(D|+); a conditional probability cannot be flipped.",
      ),
      wrong(
        truePositive,
        "这是联合概率 P(D∩+)，还要除以 P(+)。",
        "That is the joint probability P(D and +); divide it by P(+).",
      ),
      wrong(
        1,
        "分母漏掉了假阳性：健康人也可能检测为阳性。",
        "The denominator is missing the false positives: healthy people can test positive too.",
      ),
      wrong(
        evidence,
        "这是检测为阳性的总概率 P(+)，不是 P(D|+)。",
        "That is the overall probability of a positive test P(+), not P(D|+).",
      ),
      wrong(
        (prior * sensitivity) / (prior * sensitivity + falsePositiveRate),
        "假阳性那一项还要乘以健康的概率 1 − P(D)。",
        "The false-positive term must be weighted by P(not D) = 1 − P(D).",
      ),
    ],
    answerForms: [`${prior}*${sensitivity}/(${prior}*${sensitivity} + ${healthy}*${falsePositiveRate})`],
  };
}

const FACTORY_COUNTS = [2, 3] as const;
/** Shares are drawn in tenths so that they sum to exactly 1. */
const SHARE_TENTHS = 10;
const DEFECT_RATE_MIN = 0.01;
const DEFECT_RATE_MAX = 0.1;

function drawShares(rng: Rng, count: number): number[] {
  const cuts = rng.sample([1, 2, 3, 4, 5, 6, 7, 8, 9], count - 1).sort((a, b) => a - b);
  const bounds = [0, ...cuts, SHARE_TENTHS];
  return bounds.slice(1).map((b, i) => (b - (bounds[i] ?? 0)) / SHARE_TENTHS);
}

function generateTotalProbability(rng: Rng): GeneratedExercise {
  const count = rng.pick(FACTORY_COUNTS);
  const priors = drawShares(rng, count);
  const likelihoods = Array.from({ length: count }, () => rng.float(DEFECT_RATE_MIN, DEFECT_RATE_MAX, 2));
  const value = computeDot(priors, likelihoods);
  const names = ["A", "B", "C"].slice(0, count);
  const zhList = names.map((n, i) => `${n} 厂占 ${fmt((priors[i] ?? 0) * 100)}%，次品率 ${likelihoods[i]}`).join("；");
  const enList = names
    .map((n, i) => `factory ${n} makes ${fmt((priors[i] ?? 0) * 100)}% with defect rate ${likelihoods[i]}`)
    .join("; ");
  const terms = priors.map((p, i) => `${p} \\times ${likelihoods[i]}`).join(" + ");
  return {
    params: { priors, likelihoods },
    prompt: withNote(
      text(
        `某产品由 ${count} 个工厂生产：${zhList}。随机抽取一件产品，它是次品的概率是多少？`,
        `A product comes from ${count} factories: ${enList}. What is the probability that a randomly chosen item is defective?`,
      ),
      PERCENT_NOTE,
    ),
    answer: { value, kind: "real" },
    hints: [
      text("按来源把「次品」这个事件拆开。", 'Split the event "defective" by where the item came from.'),
      text(
        "全概率公式：$P(A) = \\sum_i P(B_i)\\,P(A\\mid B_i)$",
        "Law of total probability: $P(A) = \\sum_i P(B_i)\\,P(A\\mid B_i)$",
      ),
    ],
    solution: [
      text(
        "$P(\\text{次品}) = \\sum_i P(B_i)\\,P(\\text{次品}\\mid B_i)$",
        "$P(\\text{defective}) = \\sum_i P(B_i)\\,P(\\text{defective}\\mid B_i)$",
      ),
      text(`$= ${terms} = ${tex(value)}$`, `$= ${terms} = ${tex(value)}$`),
    ],
    wrongAnswers: [
      wrong(
        computeMean(likelihoods),
        "你把次品率直接平均了，要按各厂的产量占比加权。",
        "You averaged the defect rates; weight them by each factory's share.",
      ),
      wrong(
        computeSum(likelihoods),
        "你把次品率直接相加了，要先乘以各厂的占比。",
        "You added the defect rates; multiply each by its factory's share first.",
      ),
    ],
    answerForms: [priors.map((p, i) => `${p}*${likelihoods[i]}`).join(" + ")],
  };
}

export const PROBABILITY_GENERATORS: ExerciseGenerator[] = [
  {
    info: {
      id: "bayes-posterior",
      topic: "probability",
      chapter: "concepts",
      title: text("贝叶斯公式：阳性后的患病概率", "Bayes' rule: probability of disease after a positive test"),
      source: "部分概念补充 › 6、条件概率、贝叶斯",
    },
    generate: generateBayes,
  },
  {
    info: {
      id: "total-probability",
      topic: "probability",
      chapter: "concepts",
      title: text("全概率公式", "Law of total probability"),
      source: "部分概念补充 › 6、条件概率、贝叶斯",
    },
    generate: generateTotalProbability,
  },
];
