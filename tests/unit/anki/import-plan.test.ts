import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { IMPORTED_DECK_NAME, ankiMemoryOf, importedDeckName, planAnkiImport } from "@/lib/anki/import-plan";
import { readAnkiPackage } from "@/lib/anki/read-package";
import type { AnkiCard } from "@/lib/anki/types";
import { buildZip, META_LATEST } from "./build-package";

const FIXTURES = path.resolve(import.meta.dirname, "../../fixtures/anki");
const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(path.join(FIXTURES, name)));
const LEARNER = {
  now: new Date("2026-12-02T09:00:00Z"),
  timeZone: "Europe/Berlin",
  dayStartHour: 4,
  mediaSrcOf: () => null,
};

describe("importedDeckName", () => {
  it("keeps a valid nested name as it is", () => {
    expect(importedDeckName("Maths::Linear algebra")).toBe("Maths::Linear algebra");
  });
  it("folds levels past the deepest into the last, shortens long parts and drops control characters", () => {
    expect(importedDeckName("a::b::c::d::e::f::g::h")).toBe("a::b::c::d::e::f / g / h");
    expect(importedDeckName(`${"x".repeat(80)}::y`)).toBe(`${"x".repeat(60)}::y`);
    expect(importedDeckName("Tab\there")).toBe("Tab here");
  });
  it("gives a name that cannot be one a fixed deck", () => {
    expect(importedDeckName("::")).toBe(IMPORTED_DECK_NAME);
  });
});

describe("ankiMemoryOf", () => {
  const card = (data: Record<string, unknown>) => ({ data }) as AnkiCard;
  it("reads FSRS's stability and difficulty from cards.data", () => {
    expect(ankiMemoryOf(card({ s: 12.5, d: 6.2, dr: 0.9 }))).toEqual({ stability: 12.5, difficulty: 6.2 });
  });
  it("ignores what is not a memory state", () => {
    expect(ankiMemoryOf(card({}))).toBeNull();
    expect(ankiMemoryOf(card({ s: "12", d: 5 }))).toBeNull();
    expect(ankiMemoryOf(card({ s: 3, d: 11 }))).toBeNull();
    expect(ankiMemoryOf(card({ s: 0, d: 5 }))).toBeNull();
  });
});

describe("planAnkiImport on a schema-18 collection (two decks, 16 notes)", () => {
  const pkg = readAnkiPackage(
    buildZip({
      meta: META_LATEST,
      "collection.anki21b": fixture("transformerman-two-deck.anki2.zst"),
      "collection.anki2": "stub",
    }),
  );
  const plan = planAnkiImport(pkg, LEARNER);

  it("plans every note with its cards in their home decks, and every review of them", () => {
    expect(plan.notes).toHaveLength(16);
    expect(plan.decks).toEqual(["decka", "deckb"]);
    const cards = plan.notes.flatMap((n) => n.cards);
    expect(cards.map((c) => c.ankiCardId).sort()).toEqual(pkg.cards.map((c) => c.id).sort());
    expect(cards.flatMap((c) => c.reviews)).toHaveLength(pkg.reviews.length);
    const deckOfCard = new Map(pkg.cards.map((c) => [c.id, pkg.decks.find((d) => d.id === c.deckId)?.name]));
    for (const c of cards) expect(c.deckName).toBe(deckOfCard.get(c.ankiCardId ?? 0));
  });

  it("keeps Anki's new-card order and reviewed cards out of it", () => {
    for (const c of plan.notes.flatMap((n) => n.cards)) {
      const anki = pkg.cards.find((a) => a.id === c.ankiCardId);
      expect(c.newPosition).toBe(anki?.type === 0 ? anki.due : null);
    }
  });
});
