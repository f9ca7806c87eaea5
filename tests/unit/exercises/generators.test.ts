import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { renderMarkdown } from "@/lib/content/markdown";
import { checkAnswer, generateExercise, listGenerators, type AnswerValue } from "@/lib/exercises";
import { EXPECTED } from "./expected-formulas";
import { typeValue, typedForms } from "./typed-forms";

const RUNS = 200;
const RENDER_RUNS = 40;
const FORMULA_RELATIVE = 1e-9;
const FORMULA_ABSOLUTE = 1e-12;

const CONTRACT_IDS = [
  "norm-lp",
  "normalize-minmax",
  "normalize-zscore",
  "bayes-posterior",
  "total-probability",
  "nyquist-capacity",
  "shannon-capacity",
  "bitrate-baud",
  "conv-output-size",
  "pool-output-size",
  "conv-params",
  "fc-vs-conv-params",
  "softmax",
  "entropy",
  "cross-entropy",
  "mse",
  "exp-decay-lr",
  "l2-penalty",
  "l1-penalty",
  "ema-shadow",
  "sigmoid-vanishing",
  "logistic-probability",
  "rnn-step",
  "kmeans-step",
  "kl-divergence",
  "same-padding",
  "momentum-step",
  "rmsprop-step",
  "adam-steps",
  "clip-global-norm",
  "inverted-dropout",
  "batch-norm",
  "bce-gradient",
  "rnn-output",
];

const CONTRACT_PARAMS: Record<string, string[]> = {
  "norm-lp": ["vector", "p"],
  "normalize-minmax": ["vector", "index"],
  "normalize-zscore": ["vector", "index"],
  "bayes-posterior": ["prior", "sensitivity", "falsePositiveRate"],
  "nyquist-capacity": ["bandwidthHz", "levels"],
  "shannon-capacity": ["bandwidthHz", "snrDb"],
  "bitrate-baud": ["direction"],
  "conv-output-size": ["inputSize", "kernelSize", "stride", "padding"],
  "pool-output-size": ["inputSize", "kernelSize", "stride", "padding"],
  "conv-params": ["kernelSize", "inChannels", "outChannels"],
  softmax: ["logits", "index"],
  entropy: ["p", "base"],
  "cross-entropy": ["p", "q", "base"],
  "exp-decay-lr": ["initialRate", "decayRate", "decaySteps", "globalStep", "staircase"],
  "l2-penalty": ["weights", "lambda"],
  "l1-penalty": ["weights", "lambda"],
  "ema-shadow": ["decay", "numUpdates", "shadow", "value"],
  "kmeans-step": ["points", "centres", "cluster"],
  "kl-divergence": ["p", "base", "ask"],
  "same-padding": ["inputSize", "kernelSize", "stride"],
  "momentum-step": ["theta", "velocity", "gradient", "gamma", "learningRate"],
  "rmsprop-step": ["theta", "meanSquare", "gradient", "rho", "learningRate", "epsilon"],
  "adam-steps": ["theta0", "gradients", "learningRate", "beta1", "beta2", "epsilon"],
  "clip-global-norm": ["first", "second", "clipNorm"],
  "inverted-dropout": ["activations", "mask", "rate", "api"],
  "batch-norm": ["batch", "index", "epsilon", "gamma", "beta"],
  "bce-gradient": ["weights", "bias", "x", "label", "ask"],
  "rnn-output": ["U", "W", "V", "x", "sPrev"],
};

function expectClose(actual: AnswerValue, expected: number | number[]): void {
  const a = Array.isArray(actual) ? actual : [actual];
  const e = Array.isArray(expected) ? expected : [expected];
  expect(a.length).toBe(e.length);
  a.forEach((x, i) => {
    const want = e[i] ?? Number.NaN;
    expect(Math.abs(x - want)).toBeLessThanOrEqual(Math.max(FORMULA_ABSOLUTE, FORMULA_RELATIVE * Math.abs(want)));
  });
}

describe("generator registry", () => {
  const infos = listGenerators();

  it("lists every contract id once, with topic, chapter, bilingual title and source", () => {
    const ids = infos.map((g) => g.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of CONTRACT_IDS) expect(ids).toContain(id);
    for (const g of infos) {
      expect(g.topic).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(["concepts", "ch4", "ch6"]).toContain(g.chapter);
      expect(g.title.zh.length).toBeGreaterThan(0);
      expect(g.title.en.length).toBeGreaterThan(0);
      expect(g.source).toMatch(/^(部分概念补充|第四章|第六章) › /);
    }
  });

  it("has an independent formula in the test for every generator", () => {
    for (const g of infos) expect(EXPECTED[g.id], g.id).toBeTypeOf("function");
  });

  it("throws a clear error for an unknown id", () => {
    expect(() => generateExercise("no-such-exercise", 1)).toThrow(/Unknown exercise generator "no-such-exercise"/);
  });
});

describe.each(listGenerators().map((g) => [g.id]))("%s", (id) => {
  const formula = EXPECTED[id];

  it("answers with the formula, finitely, deterministically and as plain JSON", () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const instance = generateExercise(id, seed);
        expect(instance.generatorId).toBe(id);
        expect(instance.seed).toBe(seed);
        for (const key of CONTRACT_PARAMS[id] ?? []) expect(instance.params, key).toHaveProperty(key);
        const values = Array.isArray(instance.answer.value) ? instance.answer.value : [instance.answer.value];
        expect(values.every(Number.isFinite)).toBe(true);
        if (instance.answer.kind === "integer") expect(values.every(Number.isInteger)).toBe(true);
        expect(formula).toBeDefined();
        if (formula) expectClose(instance.answer.value, formula(instance.params));
        expect(generateExercise(id, seed)).toEqual(instance);
        expect(JSON.parse(JSON.stringify(instance))).toEqual(instance);
        expect(instance.prompt.zh.length).toBeGreaterThan(0);
        expect(instance.prompt.en.length).toBeGreaterThan(0);
        expect(instance.hints.length).toBeGreaterThan(0);
        expect(instance.solution.length).toBeGreaterThan(0);
      }),
      { numRuns: RUNS },
    );
  });

  it("renders its prompt, hints and steps in both languages (KaTeX throws on bad TeX)", () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const instance = generateExercise(id, seed);
        for (const text of [instance.prompt, ...instance.hints, ...instance.solution]) {
          expect(renderMarkdown(text.zh)).not.toBe("");
          expect(renderMarkdown(text.en)).not.toBe("");
        }
      }),
      { numRuns: RENDER_RUNS },
    );
  });

  it("accepts the right answer typed in every supported form", () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const instance = generateExercise(id, seed);
        for (const form of typedForms(instance)) {
          const result = checkAnswer(instance, form);
          expect(result.error, `${form} → ${JSON.stringify(result.error)}`).toBeUndefined();
          expect(result.correct, `seed ${seed}: "${form}" read as ${result.interpretedAs}`).toBe(true);
          expect(result.interpretedAs).toBeTypeOf("string");
          expect(result.feedback).not.toBeNull();
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("refuses each known mistake with its own message", () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const instance = generateExercise(id, seed);
        for (const mistake of instance.wrongAnswers) {
          const result = checkAnswer(instance, typeValue(mistake.value));
          expect(
            result.correct,
            `seed ${seed}: mistake ${JSON.stringify(mistake.value)} vs ${JSON.stringify(instance.answer.value)}`,
          ).toBe(false);
          expect(result.feedback).toEqual(mistake.message);
          expect(mistake.message.zh.length).toBeGreaterThan(0);
          expect(mistake.message.en.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
