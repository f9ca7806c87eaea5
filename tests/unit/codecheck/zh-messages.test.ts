/**
 * Everything the checker says to a learner whose interface is in Chinese is
 * Chinese: case names, what differs, likely causes, notes and errors. Code,
 * identifiers and the runtime's own words stay as written, inside code spans
 * or as code in the prose (tf.clipByValue(yPred, 1e-10, 1.0)); an English
 * sentence (three or more English words in a row) outside them is a
 * message someone forgot to translate.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { checkSource } from "@/lib/codecheck/check-source";
import { CODE_EXERCISES, findCodeExercise } from "@/lib/codecheck/exercises/index";
import { loadNodeTf } from "@/lib/codecheck/node-tf";
import { splitCodeSpans } from "@/lib/codecheck/text";
import type { CheckResult, CodeExercise, Tf } from "@/lib/codecheck/types";
import { findZhPunctuationProblems } from "@/lib/content/zh-punctuation";
import { EXTRA_WRONG } from "./wrong-solutions";

let tf: Tf;

beforeAll(async () => {
  tf = await loadNodeTf();
});

const HAN = /\p{Script=Han}/u;
/** Three or more words of Latin letters separated by spaces only; code joins its words with . ( , or _. */
const ENGLISH_RUN = /(?<![\w.'$])[A-Za-z][A-Za-z'-]*(?: +[A-Za-z][A-Za-z'-]*){2,}/;

function prose(message: string): string {
  return splitCodeSpans(message)
    .filter((piece) => !piece.code)
    .map((piece) => piece.text)
    .join(" ");
}

/** What is wrong with one message shown in the zh interface, or null. */
function untranslated(message: string): string | null {
  const text = prose(message);
  if (!HAN.test(text)) return "no Chinese";
  const english = ENGLISH_RUN.exec(text);
  if (english !== null) return `English words "${english[0]}"`;
  const punctuation = findZhPunctuationProblems(message);
  return punctuation.length > 0 ? punctuation.join("; ") : null;
}

/** Every text of a result the page shows: error, notes, and each failing case's name and message. */
function shownTexts(result: CheckResult): string[] {
  return [
    ...(result.error === undefined ? [] : [result.error]),
    ...(result.notes ?? []),
    ...result.cases.filter((c) => c.status !== "pass").flatMap((c) => [c.name, c.message]),
  ];
}

function problemsOf(where: string, result: CheckResult): string[] {
  return shownTexts(result).flatMap((text) => {
    const problem = untranslated(text);
    return problem === null ? [] : [`${where}: ${problem} in ${JSON.stringify(text)}`];
  });
}

function exercise(id: string): CodeExercise {
  const found = findCodeExercise(id);
  if (found === undefined) throw new Error(`no exercise ${id}`);
  return found;
}

describe("the heuristic", () => {
  it("accepts Chinese with code, numbers and identifiers, and code spans of any language", () => {
    expect(
      untranslated("没有截断：log(0) = -Infinity，0·log(0) = NaN。先 tf.clipByValue(yPred, 1e-10, 1.0)。"),
    ).toBeNull();
    expect(untranslated("第 3 行出错：`Error: Error in matMul: inner shapes (2) and (3) must match`")).toBeNull();
    expect(untranslated("书中的第一次更新：decay 0.99，num_updates 0，影子变量 0，v1 = 5")).toBeNull();
  });

  it("catches English prose, a message without Chinese, and ASCII punctuation in Chinese", () => {
    expect(untranslated("shape [2] ok, but 2 of 2 value(s) differ")).toBe("no Chinese");
    expect(untranslated("可能的原因：the differences are not squared.")).toMatch(/^English words/);
    expect(untranslated("形状正确,但值不同")).toMatch(/ASCII ","/);
  });
});

describe("checker messages in Chinese", () => {
  it.each(CODE_EXERCISES.map((e) => [e.id, e] as const))("%s: known mistakes and wrong solutions", async (_id, ex) => {
    const sources = [
      ...ex.mistakes.map((m) => [`mistake ${m.id}`, m.source] as const),
      ...(EXTRA_WRONG[ex.id] ?? []).map((w) => [w.label, w.source] as const),
      ["throws", `function ${ex.functionName}() {\n  throw new Error("boom");\n}`] as const,
      ["returns undefined", `function ${ex.functionName}() {\n  const unused = 1;\n}`] as const,
    ];
    const problems: string[] = [];
    let shown = 0;
    for (const [label, source] of sources) {
      const result = await checkSource(ex, source, tf, { locale: "zh" });
      expect(result.status, label).not.toBe("pass");
      shown += shownTexts(result).length;
      problems.push(...problemsOf(label, result));
    }
    expect(shown).toBeGreaterThanOrEqual(sources.length);
    expect(problems).toEqual([]);
  });

  it("errors before any case ran, the leak note and the output note", async () => {
    const mse = exercise("mse");
    const submissions: [string, string][] = [
      ["syntax error", "function mse(yTrue, yPred) {\n  const a = ;\n  return a;\n}"],
      ["missing function", "function meanSquared(a, b) {\n  return tf.mean(tf.square(tf.sub(a, b)));\n}"],
      ["top-level error", "const k = 2;\nundefinedThing();\nfunction mse(a, b) { return a; }"],
      ["thrown non-error", "function mse() {\n  throw 42;\n}"],
      [
        "leaks, chatty and wrong",
        "function mse(yTrue, yPred) {\n  for (let i = 0; i < 500; i++) console.log('line', i);\n  return tf.sum(tf.square(tf.sub(yTrue, yPred)));\n}",
      ],
      ["returns an array", "function mse(yTrue, yPred) {\n  return [1];\n}"],
      [
        "returns a number",
        "function mse(yTrue, yPred) {\n  return tf.mean(tf.square(tf.sub(yTrue, yPred))).dataSync()[0];\n}",
      ],
      [
        "returns int32",
        "function mse(yTrue, yPred) {\n  return tf.cast(tf.mean(tf.square(tf.sub(yTrue, yPred))), 'int32');\n}",
      ],
    ];
    const problems: string[] = [];
    const notes: string[] = [];
    for (const [label, source] of submissions) {
      const result = await checkSource(mse, source, tf, { locale: "zh" });
      expect(shownTexts(result).length, label).toBeGreaterThan(0);
      notes.push(...(result.notes ?? []));
      problems.push(...problemsOf(label, result));
    }
    expect(notes.some((note) => note.includes("tf.tidy"))).toBe(true);
    expect(notes).toContain("控制台输出过长，已截断。");
    expect(problems).toEqual([]);
  });
});
