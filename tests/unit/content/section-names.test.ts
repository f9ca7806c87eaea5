import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { listCodeExercises } from "@/lib/codecheck/catalog";
import { SECTION_SEPARATOR, chapterNumber, englishHeading, sectionTitle } from "@/lib/content/section-names";
import { listGenerators } from "@/lib/exercises";

const repoRoot = path.resolve(import.meta.dirname, "..", "..", "..");
const sections = (
  parse(readFileSync(path.join(repoRoot, "content", "notes-sections.yaml"), "utf8")) as {
    sections: { title: string }[];
  }
).sections.map((s) => s.title);

describe("section names in the UI language", () => {
  it("has English for every heading of every section, and of every exercise's source", () => {
    const sources = [...sections, ...listGenerators().map((g) => g.source), ...listCodeExercises().map((e) => e.source)];
    const missing = new Set<string>();
    for (const source of sources) {
      for (const heading of source.split(SECTION_SEPARATOR)) if (!englishHeading(heading)) missing.add(heading);
    }
    expect([...missing]).toEqual([]);
  });

  it("translates a path level by level in English and leaves Chinese as the notes wrote it", () => {
    expect(sectionTitle("第四章 › 4.2 损失函数 › 分类问题", "en")).toBe("Chapter 4 › 4.2 Loss functions › Classification");
    expect(sectionTitle("部分概念补充 › 1、聚类", "en")).toBe("Supplementary concepts › 1. Clustering");
    expect(sectionTitle("部分概念补充 › 1、聚类", "zh")).toBe("部分概念补充 › 1、聚类");
    // English text never keeps Chinese headings.
    for (const source of sections) expect(sectionTitle(source, "en")).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it("numbers chapters so that they sort as numbers, the concepts page first", () => {
    expect(chapterNumber("部分概念补充 › 4、范数")).toBe(0);
    expect(chapterNumber("第四章 › 4.1 激活函数去线性/异或问题")).toBe(4);
    expect(chapterNumber("第六章")).toBe(6);
    expect(chapterNumber("第十章 › 10.2 Keras")).toBe(10);
    const sorted = ["第十章", "第四章", "部分概念补充", "第六章"].sort((a, b) => chapterNumber(a) - chapterNumber(b));
    expect(sorted).toEqual(["部分概念补充", "第四章", "第六章", "第十章"]);
  });
});
