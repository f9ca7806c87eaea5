import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ContentError, loadDecks } from "@/lib/content/deck";
import { clozeBack, clozeFront, clozeNumbers } from "@/lib/content/cloze";
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
    expect(problems).toEqual([expect.objectContaining({ field: "cards[0].back.zh", message: expect.stringContaining("KaTeX") })]);
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
    expect(problemsOf([{ file: "a.yaml", text: bad }])).toContainEqual(
      expect.objectContaining({ field: "cards[2].text", message: expect.stringContaining("same") }),
    );
  });

  it("reports YAML syntax errors", () => {
    expect(problemsOf([{ file: "a.yaml", text: "deck: [unclosed" }])).toContainEqual(
      expect.objectContaining({ file: "a.yaml", field: "(yaml)" }),
    );
  });
});
