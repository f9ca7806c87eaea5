/**
 * Chinese text uses Chinese punctuation: the cards, the computed and coding
 * exercises and the zh UI messages are checked for brackets closed by the
 * other kind and for ASCII , : ; ? ! ( ) inside Chinese sentences.
 */
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { findZhPunctuationProblems } from "@/lib/content/zh-punctuation";
import { deckSchema } from "@/lib/content/schema";
import { CODE_EXERCISES } from "@/lib/codecheck/exercises/index";
import { generateExercise, listGenerators } from "@/lib/exercises";

const repoRoot = path.resolve(import.meta.dirname, "..", "..", "..");
const decksDir = path.join(repoRoot, "content", "decks");
const zhMessagesDir = path.join(repoRoot, "app", "i18n", "messages", "zh");
const SEEDS_PER_GENERATOR = 60;

function problemsIn(entries: Iterable<[string, string]>): string[] {
  const found = new Set<string>();
  for (const [where, text] of entries) {
    for (const problem of findZhPunctuationProblems(text)) found.add(`${where}: ${problem}`);
  }
  return [...found];
}

describe("findZhPunctuationProblems", () => {
  it("flags an ASCII bracket closed by a full-width one, and the reverse", () => {
    expect(findZhPunctuationProblems("可以输入 sqrt(2）、log2(8）")).toEqual([
      expect.stringMatching(/^"\(" closed by "）": ….*sqrt\(2）/),
      expect.stringMatching(/^"\(" closed by "）": ….*log2\(8）…$/),
    ]);
    expect(findZhPunctuationProblems("输出（深度不变)。")).toHaveLength(1);
  });

  it("flags ASCII commas, colons and brackets used as punctuation in a Chinese sentence", () => {
    expect(findZhPunctuationProblems("先看填充方式:SAME 补 0")).toEqual([
      'ASCII ":" in Chinese text (use "："): …先看填充方式:SAME 补 0…',
    ]);
    expect(findZhPunctuationProblems("你忘了偏置,每个过滤器(每个输出通道)还有 1 个偏置")).toHaveLength(3);
    expect(findZhPunctuationProblems("它的比特率是多少?")).toHaveLength(1);
    expect(findZhPunctuationProblems("$\\min = 2$,$\\max = 7$，所以")).toHaveLength(1);
  });

  it("leaves math, code, cloze markers and function calls alone", () => {
    expect(findZhPunctuationProblems("例：$x=(0,3,-4,0)$，$\\lVert x\\rVert_0=2$。")).toEqual([]);
    expect(findZhPunctuationProblems("用 `tf.maxPool(x, [3, 3], 2, 'same')` 即可。")).toEqual([]);
    expect(findZhPunctuationProblems("```python\n# 如果v1和v2的长度不同时,会进行广播\n```")).toEqual([]);
    expect(findZhPunctuationProblems("是{{c1::均值（质心）::提示}}。")).toEqual([]);
    expect(findZhPunctuationProblems("可以输入 3/4、sqrt(2)、log2(8)、2e-3 或 [0.2, 0.3, 0.5]。")).toEqual([]);
    expect(findZhPunctuationProblems("要乘导数 σ'(z) = σ(z)(1 − σ(z))，用 10^(dB/10)。")).toEqual([]);
    expect(findZhPunctuationProblems("English (only), with: ASCII.")).toEqual([]);
  });

  it("keeps the brackets of a plain-text formula, but not a gloss in brackets", () => {
    expect(findZhPunctuationProblems("分母是 √(σ² + ε)。梯度是 (ŷ − y)·x，全局范数 √(Σ‖t_i‖²)。")).toEqual([]);
    expect(findZhPunctuationProblems("自定义损失函数(tf.where)的写法")).toHaveLength(2);
  });

  it("does not take a parenthesis with Chinese inside for a call", () => {
    expect(findZhPunctuationProblems("这是 VALID(不填充)的结果")).toHaveLength(2);
  });
});

describe("Chinese punctuation of the content", () => {
  it("is Chinese in every card, deck title and cloze extra", () => {
    const entries: [string, string][] = [];
    for (const name of readdirSync(decksDir).filter((n) => n.endsWith(".yaml"))) {
      const deck = deckSchema.parse(parse(readFileSync(path.join(decksDir, name), "utf8")));
      entries.push([`${name} title`, deck.title.zh]);
      for (const card of deck.cards) {
        const fields = card.type === "basic" ? { front: card.front, back: card.back } : { text: card.text, extra: card.extra };
        for (const [field, value] of Object.entries(fields)) if (value) entries.push([`${name} ${card.id}.${field}`, value.zh]);
      }
    }
    expect(entries.length).toBeGreaterThan(300);
    expect(problemsIn(entries)).toEqual([]);
  });

  it("is Chinese in every computed exercise: titles, prompts, hints, solutions and mistake messages", () => {
    const entries: [string, string][] = [];
    for (const info of listGenerators()) {
      entries.push([`${info.id} title`, info.title.zh]);
      for (let seed = 0; seed < SEEDS_PER_GENERATOR; seed++) {
        const instance = generateExercise(info.id, seed);
        entries.push([`${info.id}#${seed} prompt`, instance.prompt.zh]);
        instance.hints.forEach((h, i) => entries.push([`${info.id}#${seed} hint ${i + 1}`, h.zh]));
        instance.solution.forEach((s, i) => entries.push([`${info.id}#${seed} step ${i + 1}`, s.zh]));
        instance.wrongAnswers.forEach((w, i) => entries.push([`${info.id}#${seed} mistake ${i + 1}`, w.message.zh]));
      }
    }
    expect(problemsIn(entries)).toEqual([]);
  });

  it("is Chinese in every coding exercise (the Python originals are code and keep theirs)", () => {
    const entries: [string, string][] = [];
    for (const e of CODE_EXERCISES) {
      entries.push([`${e.id} title`, e.title.zh], [`${e.id} task`, e.task.zh]);
      e.hints.forEach((h, i) => entries.push([`${e.id} hint ${i + 1}`, h.zh]));
      for (const m of e.mistakes) entries.push([`${e.id} mistake ${m.id}`, m.message.zh]);
      e.sourceHints.forEach((h, i) => entries.push([`${e.id} source hint ${i + 1}`, h.message.zh]));
    }
    expect(problemsIn(entries)).toEqual([]);
  });

  it("is Chinese in every zh UI message", () => {
    const entries: [string, string][] = [];
    const collect = (where: string, value: unknown): void => {
      if (typeof value === "string") entries.push([where, value]);
      else if (value !== null && typeof value === "object") {
        for (const [key, child] of Object.entries(value)) collect(`${where}.${key}`, child);
      }
    };
    for (const name of readdirSync(zhMessagesDir).filter((n) => n.endsWith(".json"))) {
      collect(name, JSON.parse(readFileSync(path.join(zhMessagesDir, name), "utf8")));
    }
    expect(entries.length).toBeGreaterThan(50);
    expect(problemsIn(entries)).toEqual([]);
  });
});
