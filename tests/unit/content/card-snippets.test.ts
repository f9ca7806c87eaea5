/**
 * TF.js code that cards present as working is run here with tfjs 4 (cpu
 * backend): the snippet is taken from the card itself, so editing the card
 * re-runs what the learner reads.
 */
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadNodeTf } from "@/lib/codecheck/node-tf";
import type { Tf } from "@/lib/codecheck/types";
import { type CardSource, deckSchema } from "@/lib/content/schema";

const decksDir = path.resolve(import.meta.dirname, "..", "..", "..", "content", "decks");

let tf: Tf;
beforeAll(async () => {
  tf = await loadNodeTf();
});

function findCard(id: string): CardSource {
  for (const name of readdirSync(decksDir).filter((n) => n.endsWith(".yaml"))) {
    const deck = deckSchema.parse(parse(readFileSync(path.join(decksDir, name), "utf8")));
    const card = deck.cards.find((c) => c.id === id);
    if (card) return card;
  }
  throw new Error(`no card "${id}" in content/decks`);
}

/** The fenced ```js blocks of a Markdown text, in order. */
function jsBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1] ?? "");
}

function withoutComments(code: string): string {
  return code.replace(/\/\/.*$/gm, "").trim();
}

function backOf(id: string): { zh: string; en: string } {
  const card = findCard(id);
  if (card.type !== "basic") throw new Error(`card "${id}" is not a basic card`);
  return card.back;
}

describe("training-loop-steps: one TF.js training step", () => {
  it("shows the same code in both languages", () => {
    const { zh, en } = backOf("training-loop-steps");
    expect(jsBlocks(zh).map(withoutComments)).toEqual(jsBlocks(en).map(withoutComments));
    expect(jsBlocks(zh)).toHaveLength(1);
  });

  it.each(["zh", "en"] as const)("runs as written (%s) and takes the SGD step it announces", (locale) => {
    const code = jsBlocks(backOf("training-loop-steps")[locale])[0] ?? "";
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the card's own snippet, run as the learner would
    const run = new Function("tf", `${code}\nreturn { w, b, opt };`) as (tf: Tf) => {
      w: { dataSync: () => Float32Array; dispose: () => void };
      b: { dataSync: () => Float32Array; dispose: () => void };
      opt: { dispose: () => void };
    };
    const { w, b, opt } = run(tf);
    // From w = b = 0: ∂MSE/∂w = (2/4)·Σ(0 − y)·x = −35 and ∂MSE/∂b = (2/4)·Σ(0 − y) = −12; lr 0.05.
    expect(w.dataSync()[0]).toBeCloseTo(1.75, 6);
    expect(b.dataSync()[0]).toBeCloseTo(0.6, 6);
    w.dispose();
    b.dispose();
    opt.dispose();
  });

  it("is right that a LayersModel is not callable and that model.apply trains it", () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1], kernelInitializer: "zeros" })] });
    const xBatch = tf.tensor2d([[1], [2], [3], [4]]);
    const yBatch = tf.tensor2d([[3], [5], [7], [9]]);
    expect(() => (model as unknown as (x: unknown) => unknown)(xBatch)).toThrow(TypeError);
    const opt = tf.train.sgd(0.05);
    opt.minimize(() => tf.losses.meanSquaredError(yBatch, model.apply(xBatch) as ReturnType<Tf["tensor"]>));
    const [kernel, bias] = model.getWeights();
    expect(kernel?.dataSync()[0]).toBeCloseTo(1.75, 6);
    expect(bias?.dataSync()[0]).toBeCloseTo(0.6, 6);
    opt.dispose();
    model.dispose();
    tf.dispose([xBatch, yBatch]);
  });
});

describe("elastic-net-regularization: TF1's and TF.js's L1+L2 penalties", () => {
  const weights = [
    [1, -2],
    [-3, 4],
  ];
  /** tf.contrib.layers.l1_l2_regularizer: scale_l1·Σ|w| + scale_l2·Σw²/2 (TF 1.x API docs, nn.l2_loss). */
  const tf1Penalty = (l1: number, l2: number) => {
    const flat = weights.flat();
    return l1 * flat.reduce((s, w) => s + Math.abs(w), 0) + (l2 * flat.reduce((s, w) => s + w * w, 0)) / 2;
  };

  function penaltyOf(expression: string): number {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the card's own expression
    const build = new Function("tf", `return ${expression.trim()};`) as (tf: Tf) => {
      apply: (w: ReturnType<Tf["tensor"]>) => ReturnType<Tf["tensor"]>;
    };
    const regularizer = build(tf);
    const w = tf.tensor2d(weights);
    const penalty = regularizer.apply(w);
    const value = penalty.dataSync()[0] ?? Number.NaN;
    tf.dispose([w, penalty]);
    return value;
  }

  it.each(["zh", "en"] as const)("the card's TF.js regularizer equals TF1's scale_l1=scale_l2=0.01 (%s)", (locale) => {
    const [expression] = jsBlocks(backOf("elastic-net-regularization")[locale]);
    expect(expression).toContain("l2: 0.005");
    expect(penaltyOf(expression ?? "")).toBeCloseTo(tf1Penalty(0.01, 0.01), 6);
    expect(tf1Penalty(0.01, 0.01)).toBeCloseTo(0.25, 12);
  });

  it("copying l2: 0.01 from TF1 gives 0.4, as the card warns", () => {
    expect(penaltyOf("tf.regularizers.l1l2({l1: 0.01, l2: 0.01})")).toBeCloseTo(0.4, 6);
  });
});
