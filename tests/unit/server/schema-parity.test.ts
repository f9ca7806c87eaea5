import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The two Prisma schemas (SQLite and PostgreSQL) must describe the same
 * models: the same fields, types, defaults, relations and indexes. They may
 * differ only in the datasource provider, the generated client's output
 * folder and native type attributes (@db.*).
 */
const root = path.resolve(import.meta.dirname, "..", "..", "..");
const read = (file: string) => readFileSync(path.join(root, file), "utf8");

/** The model and enum blocks, comments and @db.* attributes removed, whitespace normalized. */
function models(schema: string): Map<string, string[]> {
  const blocks = new Map<string, string[]>();
  const text = schema.replace(/\/\/.*$/gm, "");
  for (const match of text.matchAll(/^(model|enum)\s+(\w+)\s*\{([\s\S]*?)^\}/gm)) {
    const lines = (match[3] ?? "")
      .split("\n")
      .map((line) =>
        line
          .replace(/@db\.\w+(\([^)]*\))?/g, "")
          .replace(/\s+/g, " ")
          .trim(),
      )
      .filter((line) => line !== "");
    blocks.set(`${match[1]} ${match[2]}`, lines);
  }
  return blocks;
}

describe("the SQLite and PostgreSQL schemas", () => {
  const sqlite = read("prisma/schema.prisma");
  const postgres = read("prisma/postgresql/schema.prisma");

  it("have the same models, field by field", () => {
    const a = models(sqlite);
    const b = models(postgres);
    expect(a.size).toBeGreaterThan(5);
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    for (const [name, lines] of a) expect(b.get(name), name).toEqual(lines);
  });

  it("differ in the provider and the client's output folder only", () => {
    expect(sqlite).toMatch(/provider\s*=\s*"sqlite"/);
    expect(postgres).toMatch(/provider\s*=\s*"postgresql"/);
    expect(sqlite).toMatch(/output\s*=\s*"..\/lib\/server\/generated\/prisma"/);
    expect(postgres).toMatch(/output\s*=\s*"..\/..\/lib\/server\/generated\/prisma-postgresql"/);
    const generator = (schema: string) =>
      /generator client \{([\s\S]*?)\}/
        .exec(schema)?.[1]
        ?.replace(/output\s*=.*$/m, "")
        .replace(/\s+/g, " ");
    expect(generator(postgres)).toEqual(generator(sqlite));
  });

  it("notices a field that exists in one schema only", () => {
    const drifted = postgres.replace("  lapses         Int       @default(0)\n", "");
    expect(drifted).not.toEqual(postgres);
    expect(models(drifted).get("model ItemState")).not.toEqual(models(sqlite).get("model ItemState"));
  });
});
