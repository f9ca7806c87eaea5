/**
 * The flashcard deck as a whole: every deck file validates and renders (KaTeX
 * with throwOnError), both languages are present, ids are unique, every card
 * cites a section of the notes, every section of the notes has cards, and
 * there are enough items. When the learner's notes are available
 * (../shared/seed next to the repo), their "On this page" headings must all be
 * listed in content/notes-sections.yaml.
 */
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { z } from "zod";
import { type ContentItem, loadDecks } from "@/lib/content/deck";
import { clozeDeletions, clozeNumbers } from "@/lib/content/cloze";
import { type DeckFile, deckSchema } from "@/lib/content/schema";
import { codeItems, exerciseItems } from "@/lib/content/schedulable";
import { listCodeExercises } from "@/lib/codecheck/catalog";
import { listGenerators } from "@/lib/exercises";
import { itWithNotes, readNotesPage } from "../../setup/notes";

const repoRoot = path.resolve(import.meta.dirname, "..", "..", "..");
const decksDir = path.join(repoRoot, "content", "decks");
const sectionsFile = path.join(repoRoot, "content", "notes-sections.yaml");

const MIN_ITEMS = 185;
const SEPARATOR = " › ";

const deckInputs = readdirSync(decksDir)
  .filter((name) => name.endsWith(".yaml") || name.endsWith(".yml"))
  .sort()
  .map((name) => ({ file: `content/decks/${name}`, text: readFileSync(path.join(decksDir, name), "utf8") }));

const sectionsSchema = z.strictObject({
  sections: z
    .array(z.strictObject({ id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/), title: z.string().trim().min(1) }))
    .min(1),
});
const sections = sectionsSchema.parse(parse(readFileSync(sectionsFile, "utf8"))).sections;
const sectionTitles = new Set(sections.map((s) => s.title));

/** Loads once; a ContentError here fails the first test with every problem listed. */
let loaded: { items: ContentItem[] } | { error: unknown } | undefined;
function items(): ContentItem[] {
  if (!loaded) {
    try {
      loaded = { items: loadDecks(deckInputs) };
    } catch (error) {
      loaded = { error };
    }
  }
  if ("error" in loaded) throw loaded.error;
  return loaded.items;
}

function decks(): { file: string; deck: DeckFile }[] {
  return deckInputs.map(({ file, text }) => ({ file, deck: deckSchema.parse(parse(text)) }));
}

/** Text of an HTML fragment, tags removed, whitespace collapsed. */
function textOf(html: string): string {
  return html.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim();
}

describe("flashcard deck", () => {
  it("has deck files", () => {
    expect(deckInputs.length).toBeGreaterThan(0);
  });

  it("validates and renders every deck (schema, Markdown, KaTeX, cloze, unique ids)", () => {
    expect(() => items()).not.toThrow();
  });

  it("renders non-empty zh and en on the front and back of every item", () => {
    const empty: string[] = [];
    for (const item of items()) {
      for (const side of ["front", "back"] as const) {
        for (const locale of ["zh", "en"] as const) {
          if (textOf(item.payload[side][locale]) === "") empty.push(`${item.contentId} ${side}.${locale}`);
        }
      }
    }
    expect(empty).toEqual([]);
  });

  it("has no duplicate item ids or deck ids", () => {
    const ids = items().map((i) => i.contentId);
    const duplicates = ids.filter((id, index) => ids.indexOf(id) !== index);
    expect(duplicates).toEqual([]);
    const deckIds = decks().map((d) => d.deck.deck);
    expect(deckIds.filter((id, index) => deckIds.indexOf(id) !== index)).toEqual([]);
  });

  it("has no card id that collides with the item id of another card's cloze deletion", () => {
    const cardIds = new Set<string>();
    const clozeItemIds: string[] = [];
    for (const { deck } of decks()) {
      for (const card of deck.cards) {
        cardIds.add(card.id);
        if (card.type === "cloze") {
          const numbers = clozeNumbers(card.text.zh);
          if (numbers.length > 1) clozeItemIds.push(...numbers.map((n) => `${card.id}-c${n}`));
        }
      }
    }
    expect(clozeItemIds.filter((id) => cardIds.has(id))).toEqual([]);
  });

  it("cites a section listed in content/notes-sections.yaml on every card", () => {
    const unknown = items()
      .filter((i) => !sectionTitles.has(i.payload.source))
      .map((i) => `${i.contentId}: ${i.payload.source}`);
    expect(unknown).toEqual([]);
  });

  it("has at least one card for every section of the notes", () => {
    const cited = new Set(items().map((i) => i.payload.source));
    const uncovered = sections.filter((s) => !cited.has(s.title)).map((s) => s.title);
    expect(uncovered).toEqual([]);
  });

  it("has unique section ids and titles", () => {
    const ids = sections.map((s) => s.id);
    expect(ids.filter((id, index) => ids.indexOf(id) !== index)).toEqual([]);
    expect(sectionTitles.size).toBe(sections.length);
  });

  it(`has at least ${MIN_ITEMS} items in total`, () => {
    expect(items().length).toBeGreaterThanOrEqual(MIN_ITEMS);
  });

  it("uses the chapter ids concepts, ch4, ch6, ch10 in that order", () => {
    const rank: Record<string, number> = { concepts: 0, ch4: 1, ch6: 2, ch10: 3 };
    const all = decks().map((d) => d.deck);
    for (const deck of all) expect(Object.keys(rank)).toContain(deck.chapter);
    const sorted = [...all].sort((a, b) => a.order - b.order);
    const chapters = sorted.map((d) => rank[d.chapter] ?? -1);
    expect(chapters).toEqual([...chapters].sort((a, b) => a - b));
  });

  it("names a section of the notes on every computed and coding exercise (a listed title or the heading above one)", () => {
    const named = (source: string) =>
      sectionTitles.has(source) || sections.some((s) => s.title.startsWith(`${source}${SEPARATOR}`));
    const sources = [
      ...listGenerators().map((g) => `${g.id}: ${g.source}`),
      ...listCodeExercises().map((e) => `${e.id}: ${e.source}`),
    ];
    expect(sources.filter((entry) => !named(entry.slice(entry.indexOf(": ") + 2)))).toEqual([]);
  });

  it("keeps authoring notes off the fronts of the cards", () => {
    const authoring = /本节标题|标题在笔记中|heading is bare|read here as/i;
    const leaks = items()
      .filter((i) => authoring.test(textOf(i.payload.front.zh)) || authoring.test(textOf(i.payload.front.en)))
      .map((i) => i.contentId);
    expect(leaks).toEqual([]);
  });

  describe("the review's new material: each formula and snippet has a card, met before its exercises", () => {
    /** Concept → the cards that teach it and the computed / coding exercises that drill it. */
    const MATERIAL: { concept: string; cards: string[]; generators?: string[]; code?: string[] }[] = [
      { concept: "Adadelta", cards: ["optimizer-adadelta", "optimizer-adadelta-update"] },
      { concept: "under- versus over-fitting", cards: ["underfitting-vs-overfitting", "underfitting-remedies"] },
      { concept: "momentum step", cards: ["optimizer-momentum-update"], generators: ["momentum-step"] },
      { concept: "RMSprop step", cards: ["optimizer-rmsprop"], generators: ["rmsprop-step"] },
      {
        concept: "Adam with bias correction",
        cards: ["optimizer-adam-update", "optimizer-adam-bias-correction"],
        generators: ["adam-steps"],
        code: ["adam-step"],
      },
      {
        concept: "KL divergence and H(p,q) = H(p) + KL",
        cards: ["kl-divergence-definition", "entropy-cross-entropy-kl"],
        generators: ["kl-divergence"],
      },
      { concept: "clipping by global norm", cards: ["gradient-clipping-global-norm"], generators: ["clip-global-norm"] },
      { concept: "inverted dropout", cards: ["dropout-explained"], generators: ["inverted-dropout"] },
      { concept: "batch-norm standardization", cards: ["gradient-remedy-batch-norm"], generators: ["batch-norm"] },
      { concept: "binary cross-entropy gradient", cards: ["logistic-regression-loss"], generators: ["bce-gradient"] },
      { concept: "k-means step", cards: ["clustering-kmeans-steps"], generators: ["kmeans-step"] },
      { concept: "SAME padding amount", cards: ["conv-padding-same-valid"], generators: ["same-padding"] },
      {
        concept: "RNN state and output",
        cards: ["rnn-recurrence"],
        generators: ["rnn-step", "rnn-output"],
        code: ["rnn-forward"],
      },
      { concept: "L2 penalties collected per layer", cards: ["regularization-collections"], code: ["l2-collection"] },
      {
        concept: "moving average with num_updates",
        cards: ["ema-num-updates-decay", "ema-worked-example"],
        generators: ["ema-shadow"],
        code: ["ema-update"],
      },
      {
        concept: "Keras functional block with branches",
        cards: ["keras-sequential-vs-functional", "keras-functional-inception-snippet"],
        code: ["two-branch-block"],
      },
    ];

    for (const { concept, cards, generators = [], code = [] } of MATERIAL) {
      it(concept, () => {
        const all = items();
        /** A cloze card with several deletions becomes items <id>-c1, <id>-c2 …; its first item counts. */
        const itemsOf = (id: string) => all.filter((i) => i.contentId === id || i.contentId.startsWith(`${id}-c`));
        expect(cards.filter((id) => itemsOf(id).length === 0), "cards that do not exist").toEqual([]);
        const placed = all.map((i) => ({ position: i.position, source: i.payload.source }));
        const positions = new Map([
          ...exerciseItems(listGenerators(), placed).map((e) => [e.id, e.position] as const),
          ...codeItems(listCodeExercises(), placed).map((e) => [e.id, e.position] as const),
        ]);
        const drills = [...generators.map((g) => `exercise:${g}`), ...code.map((c) => `code:${c}`)];
        expect(drills.filter((id) => !positions.has(id)), "exercises that do not exist").toEqual([]);
        const firstCard = Math.min(...cards.flatMap((id) => itemsOf(id).map((i) => i.position)));
        expect(drills.filter((id) => (positions.get(id) ?? -1) < firstCard), "exercises met before the card").toEqual([]);
      });
    }
  });

  describe("cloze cards", () => {
    for (const { file, text } of deckInputs) {
      it(`${file}: every cloze item shows a gap on the front and the answer on the back`, () => {
        const deck = deckSchema.parse(parse(text));
        const byId = new Map(items().map((i) => [i.contentId, i]));
        for (const card of deck.cards) {
          if (card.type !== "cloze") continue;
          const numbers = clozeNumbers(card.text.zh);
          expect(numbers.length, card.id).toBeGreaterThan(0);
          for (const n of numbers) {
            const itemId = numbers.length === 1 ? card.id : `${card.id}-c${n}`;
            const item = byId.get(itemId);
            expect(item, itemId).toBeDefined();
            if (!item) continue;
            expect(item.payload.cardType).toBe("cloze");
            for (const locale of ["zh", "en"] as const) {
              const front = item.payload.front[locale];
              const back = item.payload.back[locale];
              expect(front, `${itemId} front.${locale}`).toMatch(/<span class="cloze-gap">\[[^\]<]+\]<\/span>/);
              expect(front, `${itemId} front.${locale}`).not.toContain("cloze-answer");
              expect(back, `${itemId} back.${locale}`).toContain('<span class="cloze-answer">');
              expect(back, `${itemId} back.${locale}`).not.toContain("cloze-gap");
              // Plain-text answers must appear verbatim on the back and not on the front's gap.
              for (const deletion of clozeDeletions(card.text[locale])) {
                if (deletion.number !== n) continue;
                const answer = deletion.answer.trim();
                if (/[$`*_<>&"'\\[\]]/.test(answer)) continue;
                expect(textOf(back), `${itemId} back.${locale}`).toContain(answer);
              }
            }
          }
        }
      });
    }
  });

  itWithNotes("lists every heading of the notes' 深度学习 page in content/notes-sections.yaml", () => {
    const notes = readNotesPage();
    const lines = notes.split(/\r?\n/);
    const start = lines.findIndex((l) => l.trim() === "On this page");
    const end = lines.findIndex((l, i) => i > start && l.trim() === "Was this helpful?");
    expect(start).toBeGreaterThanOrEqual(0);
    expect(end).toBeGreaterThan(start);
    const headings = lines
      .slice(start + 1, end)
      .map((l) => l.replace(/^\s*•\s*/, "").trim())
      .filter((l) => l !== "");
    expect(headings.length).toBeGreaterThan(10);
    const components = new Set(sections.flatMap((s) => s.title.split(SEPARATOR)));
    expect(headings.filter((h) => !components.has(h))).toEqual([]);
    // Conversely, every part of every section title is a heading line of the notes.
    const noteLines = new Set(lines.map((l) => l.replace(/^\s*•\s*/, "").replace(/[:：]\s*$/, "").trim()));
    expect([...components].filter((c) => !noteLines.has(c))).toEqual([]);
  });
});
