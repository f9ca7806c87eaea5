/**
 * Every function an exercise shows (in its prompt, hints or worked solution) or types (in its
 * answer forms) must be one the answer box reads, so a learner can type what the exercise
 * wrote. Generic over the registry: a new generator is scanned as soon as it is registered.
 */
import { describe, expect, it } from "vitest";
import { listAnswerFunctions, readAnswer, type Bilingual } from "@/lib/answers";
import { generateExercise, listGenerators } from "@/lib/exercises";

const SEEDS_PER_GENERATOR = 40;

/**
 * Names an exercise writes as f(…) that are not functions to type, with the reason. An entry
 * ending in "." covers a namespace (tf.where, tf.square …).
 */
const NOT_MATH_FUNCTIONS: Readonly<Record<string, string>> = {
  H: "entropy H(p) and cross-entropy H(p, q) are the quantities asked for",
  P: "P(y = 1 | x) is probability notation",
  R: "the regularization term R(w) is notation",
  f: "a generic activation, named in the same prompt",
  softmax: "vector-valued; one entry is typed as exp(z_i)/(exp(z_1) + …)",
  "tf.": "TensorFlow.js code the exercise quotes, not arithmetic",
  "ema.": "TensorFlow 1 code the exercise quotes (ExponentialMovingAverage.apply), not arithmetic",
  "sess.": "TensorFlow 1 code the exercise quotes (Session.run), not arithmetic",
};

/** TeX's named operators (The TeXbook, ch. 18), often written without parentheses: \ln x, \log_2 p. */
const TEX_OPERATORS = new Set(
  (
    "arccos arcsin arctan arg cos cosh cot coth csc deg det dim exp gcd hom inf ker " +
    "lg lim liminf limsup ln log max min Pr sec sin sinh sup tan tanh"
  ).split(" "),
);
const LOG_BASE_NAMES: Readonly<Record<string, string>> = { "2": "log2", "10": "log10" };
const GREEK_LETTERS = new Set(
  (
    "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi pi rho " +
    "sigma tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega"
  ).split(" "),
);
/** Greek letters written as a function, σ(z), by the name a learner types: σ is the sigmoid of the notes. */
const GREEK_FUNCTIONS: Readonly<Record<string, string>> = { sigma: "sigmoid" };

const MATH_SEGMENT = /\$\$([^$]+)\$\$|\$([^$]+)\$/g;
const CODE_SEGMENT = /`([^`]+)`/g;
const TEX_OPERATOR = /\\([A-Za-z]+)(?:_\{?(\w+)\}?)?/g;
const TEX_NAMED = /\\(?:mathrm|operatorname|text)\{([A-Za-z][\w.]*)\}\s*\(/g;
const TEX_GREEK_CALL = /\\([A-Za-z]+)'*\s*\(/g;
/** An identifier called with "(", not part of a TeX command (\left( is no call). */
const CALL = /(?<![\\\w.{])([A-Za-z][\w.]*)\s*\(/g;

/** Function names in math ($…$) or code (`…`) text, as a learner would type them. */
function extractFunctionNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const [, display, inline] of text.matchAll(MATH_SEGMENT)) {
    const tex = display ?? inline ?? "";
    for (const [, command = "", base] of tex.matchAll(TEX_OPERATOR)) {
      if (!TEX_OPERATORS.has(command)) continue;
      names.add(command === "log" && base ? (LOG_BASE_NAMES[base] ?? "log") : command);
    }
    for (const [, name = ""] of tex.matchAll(TEX_NAMED)) names.add(name);
    for (const [, command = ""] of tex.matchAll(TEX_GREEK_CALL)) {
      if (GREEK_LETTERS.has(command)) names.add(GREEK_FUNCTIONS[command] ?? command);
    }
    for (const [, name = ""] of tex.matchAll(CALL)) names.add(name);
  }
  for (const [, code = ""] of text.matchAll(CODE_SEGMENT)) {
    for (const name of extractCodeFunctionNames(code)) names.add(name);
  }
  return names;
}

function extractCodeFunctionNames(code: string): Set<string> {
  return new Set([...code.matchAll(CALL)].map(([, name = ""]) => name));
}

function isNotMathFunction(name: string): boolean {
  return Object.keys(NOT_MATH_FUNCTIONS).some((entry) =>
    entry.endsWith(".") ? name.startsWith(entry) : name === entry,
  );
}

const ANSWER_FUNCTIONS = listAnswerFunctions();
const ALLOWED = new Set(ANSWER_FUNCTIONS.map((f) => f.name));

interface Use {
  name: string;
  where: string;
}

function collectUses(): { shown: Use[]; typed: Use[] } {
  const shown: Use[] = [];
  const typed: Use[] = [];
  for (const { id } of listGenerators()) {
    for (let seed = 0; seed < SEEDS_PER_GENERATOR; seed++) {
      const instance = generateExercise(id, seed);
      const texts: [string, Bilingual][] = [
        ["prompt", instance.prompt],
        ...instance.hints.map((hint, i): [string, Bilingual] => [`hint ${i + 1}`, hint]),
        ...instance.solution.map((step, i): [string, Bilingual] => [`solution step ${i + 1}`, step]),
      ];
      for (const [part, text] of texts) {
        for (const language of ["zh", "en"] as const) {
          for (const name of extractFunctionNames(text[language])) {
            shown.push({ name, where: `${id} (seed ${seed}), ${part} (${language})` });
          }
        }
      }
      for (const form of instance.answerForms ?? []) {
        for (const name of extractCodeFunctionNames(form)) {
          typed.push({ name, where: `${id} (seed ${seed}), answer form ${form}` });
        }
      }
    }
  }
  return { shown, typed };
}

describe("functions the exercises use", () => {
  const { shown, typed } = collectUses();

  it("finds function names in math and code text the way a learner reads them", () => {
    const sample =
      "Compute $\\tanh(0.5) + \\log_2 8 + \\ln x + \\sigma'(z) + \\phi(x) + \\mathrm{ReLU}(x) + H(p)$, " +
      "not $\\left( 1 \\right) 2 \\times (3)$ nor plain words (like this), and `tf.where(a, b)`.";
    expect([...extractFunctionNames(sample)].sort()).toEqual(
      ["H", "ReLU", "ln", "log2", "phi", "sigmoid", "tanh", "tf.where"].sort(),
    );
  });

  it("shows only functions the answer box reads, or names listed as not math", () => {
    const missing = shown.filter((use) => !ALLOWED.has(use.name) && !isNotMathFunction(use.name));
    const firstUse = new Map<string, string>();
    for (const use of missing) if (!firstUse.has(use.name)) firstUse.set(use.name, use.where);
    const report = [...firstUse].map(([name, where]) => `"${name}" in ${where}`);
    expect(
      report,
      "Allow it in lib/answers/parse-expression.ts, or list it in NOT_MATH_FUNCTIONS with the reason",
    ).toEqual([]);
  });

  it("types answer forms with allowed functions only", () => {
    const missing = typed.filter((use) => !ALLOWED.has(use.name));
    expect(missing.map((use) => `"${use.name}" in ${use.where}`)).toEqual([]);
  });

  it("reads every allowed function with its argument count", () => {
    for (const { name, minArgs } of ANSWER_FUNCTIONS) {
      const call = `${name}(${Array.from({ length: minArgs }, () => "2").join(", ")})`;
      const result = readAnswer(call);
      expect(result.ok, `${call}: ${result.ok ? "" : result.error.en}`).toBe(true);
    }
  });

  it("lists as not math only names the answer box does not read", () => {
    for (const name of Object.keys(NOT_MATH_FUNCTIONS)) expect(ALLOWED.has(name), name).toBe(false);
  });
});
