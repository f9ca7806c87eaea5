import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ContentError, loadDecks } from "@/lib/content/deck";
import { clozeBack, clozeDeletions, clozeFront, clozeGiveaways, clozeNumbers, clozeProblems } from "@/lib/content/cloze";
import { extractMath, renderMarkdown } from "@/lib/content/markdown";

const fixture = path.join(import.meta.dirname, "..", "..", "fixtures", "content", "decks", "basics.yaml");
const text = readFileSync(fixture, "utf8");

function problemsOf(inputs: { file: string; text: string }[]) {
  try {
    loadDecks(inputs);
  } catch (error) {
    if (error instanceof ContentError) return error.problems;
    throw error;
  }
  return [];
}

describe("content pipeline", () => {
  it("renders math with KaTeX and code with highlight.js", () => {
    const html = renderMarkdown("Sum $\\sum_i x_i$\n\n```python\nx = tf.constant(1)\n```");
    expect(html).toContain('class="katex"');
    expect(html).toContain('class="hljs language-python"');
  });

  it("expands a cloze note into one card per deletion", () => {
    const items = loadDecks([{ file: "basics.yaml", text }]);
    expect(items.map((i) => i.id)).toEqual([
      "card:fixture-l1",
      "card:fixture-relu",
      "card:fixture-nyquist-c1",
      "card:fixture-nyquist-c2",
    ]);
    const c2 = items[3]!.payload;
    expect(c2.front.en).toContain("[…]");
    expect(c2.front.en).not.toContain("number of signal levels");
    expect(c2.front.en).toContain("katex"); // c1 shown as text
    expect(c2.back.en).toContain('<span class="cloze-answer">number of signal levels</span>');
    expect(items.map((i) => i.position)).toEqual([0, 10, 20, 30]);
  });

  it("cloze helpers hide one number and show the others", () => {
    const t = "{{c1::a}} and {{c2::b::hint}}";
    expect(clozeNumbers(t)).toEqual([1, 2]);
    expect(clozeFront(t, 2)).toBe('a and <span class="cloze-gap">[hint]</span>');
    expect(clozeBack(t, 1)).toBe('<span class="cloze-answer">a</span> and b');
  });

  it("keeps braces inside math within the deletion (a `}}` in TeX does not end it)", () => {
    const t = "softmax: {{c1::$\\frac{e^{z_i}}{\\sum_j e^{z_j}}$}}, i.e. {{c2::normalized exponentials}}";
    expect(clozeDeletions(t).map((d) => d.answer)).toEqual(["$\\frac{e^{z_i}}{\\sum_j e^{z_j}}$", "normalized exponentials"]);
    expect(clozeFront(t, 1)).toBe('softmax: <span class="cloze-gap">[…]</span>, i.e. normalized exponentials');
    expect(clozeFront(t, 1)).not.toContain("sum_j");
    expect(clozeBack(t, 1)).toBe('softmax: <span class="cloze-answer">$\\frac{e^{z_i}}{\\sum_j e^{z_j}}$</span>, i.e. normalized exponentials');
    expect(clozeProblems(t)).toEqual([]);
  });

  it("splits a hint only at a `::` outside math and code", () => {
    expect(clozeDeletions("{{c1::$a::b$}}")).toEqual([{ number: 1, answer: "$a::b$", hint: undefined }]);
    expect(clozeDeletions("{{c1::`std::vector`::a C++ type}}")).toEqual([
      { number: 1, answer: "`std::vector`", hint: "a C++ type" },
    ]);
    expect(clozeDeletions("{{c2::$\\lceil W/S\\rceil$::formula}}")).toEqual([
      { number: 2, answer: "$\\lceil W/S\\rceil$", hint: "formula" },
    ]);
    expect(clozeDeletions("{{c1::`{l2: 0.01}}`}}")).toEqual([{ number: 1, answer: "`{l2: 0.01}}`", hint: undefined }]);
  });

  it("reads display math and escaped braces", () => {
    const t = "{{c1::$$\\left\\{x\\right\\}$$}} and {{c1::$\\{1\\}$}}";
    expect(clozeDeletions(t).map((d) => d.answer)).toEqual(["$$\\left\\{x\\right\\}$$", "$\\{1\\}$"]);
    expect(clozeProblems(t)).toEqual([]);
  });

  it("reports unclosed markers, empty deletions and unbalanced braces in math", () => {
    expect(clozeProblems("{{c1::$\\frac{a}{b$}} tail")).toEqual(
      expect.arrayContaining([expect.stringContaining("never closed")]),
    );
    expect(clozeProblems("{{c1::$a}$}}")).toContainEqual(expect.stringContaining("closes nothing"));
    expect(clozeProblems("{{c1::open")).toEqual(["a {{c1::…}} marker is not closed"]);
    expect(clozeProblems("{{c3::  }}")).toEqual(["cloze c3 is empty"]);
    expect(clozeNumbers("{{c1::open")).toEqual([]);
  });

  it("flags a deletion whose answer is visible elsewhere on its own front", () => {
    expect(clozeGiveaways("TF1: {{c1::$\\lambda\\sum w^2/2$}}; tfjs: {{c2::$\\lambda\\sum w^2$}}")).toEqual([
      'cloze c2 gives its answer away: "$\\lambda\\sum w^2$" is visible on its own front',
    ]);
    // Spacing and \\dfrac vs \\frac do not hide a repeat.
    expect(clozeGiveaways("$x=\\dfrac{a}{b}$ so {{c1::$\\frac{a}{b}$}}")).toHaveLength(1);
    expect(clozeGiveaways("the {{c1::learning rate}}, i.e. the Learning Rate")).toHaveLength(1);
    expect(clozeGiveaways("{{c1::x}} = {{c2::y::x}}")).toEqual([]);
    expect(clozeGiveaways("{{c1::answer::the answer}}")).toHaveLength(1);
  });

  it("does not flag a number that only occurs inside a longer number or word", () => {
    expect(clozeGiveaways("max {{c1::0.25}} at $x=0.255$ or 10.25")).toEqual([]);
    expect(clozeGiveaways("mean {{c1::0}} (see fig. 10 and x_0)")).toEqual([]);
    expect(clozeGiveaways("{{c1::relu}} vs leakyrelu")).toEqual([]);
    expect(clozeGiveaways("mean {{c1::0}}, and the median is 0 too")).toHaveLength(1);
  });

  it("refuses a deck whose cloze gives its answer away, naming the field", () => {
    const bad = text.replace("其中 L 是{{c2::电平个数}}。", "其中 L 是{{c2::电平个数}}（电平个数）。");
    expect(problemsOf([{ file: "a.yaml", text: bad }]).map((p) => `${p.field}: ${p.message}`)).toContainEqual(
      'cards[2].text.zh: cloze c2 gives its answer away: "电平个数" is visible on its own front',
    );
  });

  it("finds every formula to validate", () => {
    expect(extractMath("a $x^2$ b $$\\frac{1}{2}$$ `$not$`")).toEqual(["x^2", "\\frac{1}{2}"]);
  });

  it("reports file, field and expectation for invalid content", () => {
    const bad = text.replace("en: What is the L1 norm?", "fr: Quelle est la norme L1 ?");
    const problems = problemsOf([{ file: "decks/bad.yaml", text: bad }]);
    expect(problems).toContainEqual(expect.objectContaining({ file: "decks/bad.yaml", field: "cards[0].front.en" }));
    expect(problems.some((p) => p.field === "cards[0].front" && /fr/.test(p.message))).toBe(true);
  });

  it("refuses broken KaTeX with the field that holds it", () => {
    const bad = text.replace("$\\|x\\|_1 = \\sum_i |x_i|$", "$\\frac{1}{$");
    const problems = problemsOf([{ file: "decks/bad.yaml", text: bad }]);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.field).toBe("cards[0].back.zh");
    expect(problems[0]?.message).toContain("KaTeX");
  });

  it("refuses duplicate ids across files and a missing source", () => {
    const other = text.replace("deck: fixture-norms", "deck: other");
    expect(problemsOf([{ file: "a.yaml", text }, { file: "b.yaml", text: other }]).map((p) => p.message)).toContainEqual(
      expect.stringContaining('duplicate card id "fixture-l1"'),
    );
    const noSource = text.replace('    source: "部分概念补充 › 4、范数"\n', "");
    expect(problemsOf([{ file: "a.yaml", text: noSource }])).toContainEqual(
      expect.objectContaining({ field: "cards[0].source" }),
    );
  });

  it("refuses cloze cards whose languages disagree", () => {
    const bad = text.replace("{{c2::number of signal levels}}", "number of signal levels");
    const problem = problemsOf([{ file: "a.yaml", text: bad }]).find((p) => p.field === "cards[2].text");
    expect(problem?.message).toContain("same");
  });

  it("reports YAML syntax errors", () => {
    expect(problemsOf([{ file: "a.yaml", text: "deck: [unclosed" }])).toContainEqual(
      expect.objectContaining({ file: "a.yaml", field: "(yaml)" }),
    );
  });
});
