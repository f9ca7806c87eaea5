/**
 * What the dashboard and the item page show of an item: titles with their
 * formulas, chapters in the notes' order, coding-exercise runs read back from
 * the log, and instants in the learner's zone.
 */
import { describe, expect, it } from "vitest";
import { renderMarkdown } from "@/lib/content/markdown";
import { formatDayKey, formatInstant, parseCodeAttempt } from "@/lib/progress/history";
import { chapterOfSource, itemIdOfSegments, itemMetaOf } from "@/lib/progress/items";
import { compareChapters, summarizeMastery } from "@/lib/progress/mastery";
import { plainTitle, richTitle } from "@/lib/progress/rich-title";

const KMEANS =
  "k-means minimizes the within-cluster sum of squares $J=\\sum_{k=1}^{K}\\sum_{x\\in C_k}\\lVert x-\\mu_k\\rVert_2^2$, where $\\mu_k$ is the mean.";

describe("item titles", () => {
  it("keep a formula whole as KaTeX in the rich title and as its TeX in the plain one", () => {
    const html = renderMarkdown(KMEANS);
    const rich = richTitle(html);
    expect(rich.startsWith("k-means minimizes the within-cluster sum of squares ")).toBe(true);
    expect(rich).toContain('<span class="katex">');
    // Every opened span is closed: no formula is cut in half.
    expect(rich.match(/<span\b/g)?.length).toBe(rich.match(/<\/span>/g)?.length);
    expect(rich).not.toMatch(/<p>|<\/p>/);
    const plain = plainTitle(html);
    expect(plain).toContain("J=\\sum_{k=1}^{K}");
    // Not the MathML's symbols spelled out one by one.
    expect(plain).not.toContain("∑ k = 1 K");
  });

  it("are shortened at a word's edge with an ellipsis, never inside a formula or an entity", () => {
    const html = renderMarkdown(`${"word ".repeat(30)}$x^2$ &amp; more`);
    const rich = richTitle(html, 20);
    expect(rich).toBe("word word word word…");
    expect(plainTitle(renderMarkdown("a &lt; b and c &amp; d"), 9)).toBe("a < b an…");
    expect(richTitle(renderMarkdown("a &lt; b and c &amp; d"), 9)).toBe("a &lt; b an…");
    const formulaAtEnd = richTitle(renderMarkdown("some text $\\alpha+\\beta+\\gamma$"), 12);
    expect(formulaAtEnd).toBe("some text…");
  });

  it("of a card come from its front, and an exercise's title is escaped for HTML", () => {
    const card = itemMetaOf("card:kmeans", "concepts-basics", {
      front: { zh: renderMarkdown("目标 $J$"), en: renderMarkdown(KMEANS) },
      source: "部分概念补充 › 1、聚类",
      deckTitle: { zh: "基础", en: "Basics" },
    });
    expect(card.title.zh).toBe("目标 J");
    expect(card.titleHtml.zh).toContain('<span class="katex">');
    expect(card.chapter).toBe("部分概念补充");
    const exercise = itemMetaOf("exercise:x", "exercises-x", { title: { zh: "a<b", en: "a & b" }, topic: "x" });
    expect(exercise.titleHtml).toEqual({ zh: "a&lt;b", en: "a &amp; b" });
    expect(exercise.title).toEqual({ zh: "a<b", en: "a & b" });
  });
});

describe("chapters", () => {
  it("are the top heading of an item's section, for coding exercises too", () => {
    expect(chapterOfSource("第四章 › 4.2 损失函数 › 分类问题")).toBe("第四章");
    expect(chapterOfSource("")).toBe("");
    expect(chapterOfSource(undefined)).toBe("");
    expect(itemMetaOf("code:mse", "code-loss-functions", { source: "第四章 › 4.2 损失函数" }).chapter).toBe("第四章");
  });

  it("sort by the notes' chapter number, not by name: concepts, 4, 6, 10, then none", () => {
    const headings = ["", "第十章", "第四章", "部分概念补充", "第六章"];
    expect([...headings].sort(compareChapters)).toEqual(["部分概念补充", "第四章", "第六章", "第十章", ""]);
    const meta = (id: string, source: string) => itemMetaOf(id, id, { source, front: { zh: id, en: id } });
    const metas = new Map([
      ["card:ten", meta("card:ten", "第十章 › 10.2 Keras")],
      ["card:four", meta("card:four", "第四章 › 4.2 损失函数")],
      ["code:mse", meta("code:mse", "第四章 › 4.2 损失函数")],
    ]);
    const chapters = summarizeMastery(
      [...metas.keys()].map((itemId) => ({ itemId, cls: "new" as const, count: 1 })),
      (id) => metas.get(id),
    );
    expect(chapters.map((c) => [c.chapter, c.topics.map((x) => x.kind)])).toEqual([
      ["第四章", ["card", "code"]],
      ["第十章", ["card"]],
    ]);
  });
});

describe("coding-exercise runs in the history", () => {
  it("read runs, failing case names, hints and the shown solution", () => {
    const detail = JSON.stringify({
      exerciseId: "mse",
      runs: [
        { status: "fail", failedCases: ["batch of 3", "zeros"] },
        { status: "error", failedCases: [] },
        { status: "pass", failedCases: [] },
      ],
      hintsShown: 1,
      solutionShown: false,
    });
    expect(parseCodeAttempt(detail)).toEqual({
      runs: [
        { status: "fail", failedCases: ["batch of 3", "zeros"] },
        { status: "error", failedCases: [] },
        { status: "pass", failedCases: [] },
      ],
      hintsShown: 1,
      solutionShown: false,
      verdict: "passed",
    });
  });

  it("read what an old or foreign record holds, never throwing", () => {
    expect(parseCodeAttempt(JSON.stringify({ runs: [{ status: "fail" }, { status: "timeout" }, 7] }))).toEqual({
      runs: [
        { status: "fail", failedCases: [] },
        { status: "unknown", failedCases: [] },
      ],
      hintsShown: 0,
      solutionShown: false,
      verdict: "failed",
    });
    expect(parseCodeAttempt(JSON.stringify({ runs: [{ status: "not-attempted", failedCases: [] }] }))?.verdict).toBe(
      "none",
    );
    expect(parseCodeAttempt(JSON.stringify({ solutionShown: true }))).toMatchObject({ runs: [], verdict: "none" });
    expect(parseCodeAttempt("{")).toBeNull();
    expect(parseCodeAttempt("[1]")).toBeNull();
    expect(parseCodeAttempt(null)).toBeNull();
  });
});

describe("instants and days", () => {
  it("show an instant on the learner's wall clock, whatever the zone of the machine", () => {
    const at = "2026-03-10T01:00:00.000Z";
    expect(formatInstant(at, "en", "Asia/Shanghai")).toBe("Mar 10, 2026, 9:00 AM");
    expect(formatInstant(at, "en", "America/New_York")).toBe("Mar 9, 2026, 9:00 PM");
    expect(formatInstant(at, "zh", "Asia/Kathmandu")).toBe("2026年3月10日 06:45");
  });

  it("name a learner day by its date in any zone", () => {
    expect(formatDayKey("2026-03-01", "en", { month: "short" })).toBe("Mar");
    expect(formatDayKey("2026-03-02", "zh", { weekday: "short" })).toBe("周一");
  });
});

describe("item routes", () => {
  it("read the item id from encoded or plain segments", () => {
    expect(itemIdOfSegments(["card%3Anorm-l0"])).toBe("card:norm-l0");
    expect(itemIdOfSegments(["card:norm-l0"])).toBe("card:norm-l0");
    expect(itemIdOfSegments(["card%ZZ"])).toBe("card%ZZ");
  });
});
