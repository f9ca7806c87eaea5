/**
 * Importing Anki packages into a learner's account, on a real database:
 * packages Anki and AnkiDroid wrote (tests/fixtures/anki), and synthetic ones
 * for what no fixture holds (an image, a script in a field, hostile archives).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readAnkiPackage } from "@/lib/anki/read-package";
import { AnkiImportError, importAnkiPackage, importedReviewId } from "@/lib/server/anki-import";
import { fetchReviewSession } from "@/lib/server/reviews";
import { type TestDb, createTestDb } from "../setup/test-db";
import { buildSchema11 } from "../unit/anki/build-collection";
import { buildZip, encodeZstdStored, forgeDeclaredSize, META_LATEST } from "../unit/anki/build-package";

const FIXTURES = path.resolve(import.meta.dirname, "../fixtures/anki");
const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(path.join(FIXTURES, name)));
const inLatestPackage = (compressed: Uint8Array): Uint8Array =>
  buildZip({ meta: META_LATEST, "collection.anki21b": compressed, "collection.anki2": "stub that must never be read" });

// Wednesday 2 December 2026, 09:00 UTC; the learner's day starts at 04:00 in Shanghai (20:00 UTC the day before).
const NOW = new Date("2026-12-02T09:00:00Z");
const A = "learner-a";
const B = "learner-b";

/** A 1×1 PNG. */
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);

const CRT_SECONDS = 1_700_000_000;
const BASIC = 1_500_000_000_001;
const DECK = 1_600_000_000_001;
const BASIC_MODEL = {
  id: BASIC,
  name: "Basic",
  type: 0,
  flds: [
    { name: "Front", ord: 0 },
    { name: "Back", ord: 1 },
  ],
  tmpls: [{ name: "Card 1", ord: 0, qfmt: "{{Front}}", afmt: "{{FrontSide}}<hr id=answer>{{Back}}" }],
};

/** A legacy-2 package of basic notes, one new card each, with the media given. */
function synthetic(fronts: string[], media: Record<string, Uint8Array> = {}): Uint8Array {
  const collection = buildSchema11(
    {
      crt: CRT_SECONDS,
      conf: { schedVer: 2 },
      models: { [BASIC]: BASIC_MODEL },
      decks: { [DECK]: { id: DECK, name: "Imported::Basics", dyn: 0 } },
    },
    {
      notes: fronts.map((front, i) => ({
        id: 100 + i,
        guid: `g${i}`,
        mid: BASIC,
        tags: "",
        flds: `${front}\x1fback ${i}`,
      })),
      cards: fronts.map((_, i) => ({
        id: 200 + i,
        nid: 100 + i,
        did: DECK,
        type: 0,
        queue: 0,
        due: i,
        ivl: 0,
        factor: 0,
      })),
      reviews: [],
    },
  );
  const names = Object.keys(media);
  return buildZip({
    "collection.anki21": collection,
    media: JSON.stringify(Object.fromEntries(names.map((n, i) => [String(i), n]))),
    ...Object.fromEntries(names.map((n, i) => [String(i), media[n] ?? new Uint8Array()])),
  });
}

let t: TestDb;

beforeEach(async () => {
  t = await createTestDb();
  for (const id of [A, B]) {
    await t.db.user.create({
      data: { id, email: `${id}@example.org`, timeZone: "Asia/Shanghai", dayStartHour: 4, createdAt: NOW },
    });
  }
});

afterEach(async () => {
  await t.close();
});

/** Everything an import writes, for one learner. */
async function countsOf(userId: string) {
  const [notes, items, states, reviews, media, decks, aggregated] = await Promise.all([
    t.db.note.count({ where: { userId } }),
    t.db.item.count({ where: { ownerId: userId } }),
    t.db.itemState.count({ where: { userId, item: { ownerId: userId } } }),
    t.db.reviewLog.count({ where: { userId } }),
    t.db.media.count({ where: { userId } }),
    t.db.deck.count({ where: { userId } }),
    t.db.reviewAggregate.aggregate({ where: { userId }, _sum: { count: true } }),
  ]);
  return { notes, items, states, reviews, media, decks, aggregated: aggregated._sum.count ?? 0 };
}

async function refusal(bytes: Uint8Array): Promise<AnkiImportError> {
  try {
    await importAnkiPackage(t.db, A, bytes, { now: NOW });
  } catch (error) {
    if (error instanceof AnkiImportError) return error;
    throw error;
  }
  throw new Error("expected the package to be refused");
}

const NOTHING = { notes: 0, items: 0, states: 0, reviews: 0, media: 0, decks: 0, aggregated: 0 };

describe("AnkiDroid's templates.apkg (48 notes, 146 cards, 102 reviews, cloze, nested and filtered decks)", () => {
  it("imports every note, card and review it can, counts what it left out, and the counts add up to the package", async () => {
    const bytes = fixture("ankidroid-templates.apkg");
    const pkg = readAnkiPackage(bytes);
    const progress: string[] = [];
    const summary = await importAnkiPackage(t.db, A, bytes, { now: NOW, onProgress: (p) => progress.push(p.phase) });

    expect(summary.notes + summary.skipped.imageOcclusion + summary.skipped.noNoteType).toBe(pkg.notes.length);
    expect(summary.notesAdded).toBe(summary.notes);
    const counts = await countsOf(A);
    expect(counts.notes).toBe(summary.notes);
    expect(counts.items).toBe(summary.cards);
    expect(counts.states).toBe(summary.cards);
    expect(counts.reviews).toBe(summary.reviews);
    // Every stored review is counted by the dashboard's aggregates.
    expect(counts.aggregated).toBe(summary.reviews);
    // Each review of an imported card is stored once, but for manual reschedules (not reviews).
    const importedCards = await t.db.item.findMany({ where: { ownerId: A }, select: { id: true } });
    expect(importedCards.length).toBeGreaterThan(100);
    expect(summary.reviews).toBeGreaterThan(0);
    expect(summary.reviews + summary.skipped.manualReviews).toBeLessThanOrEqual(pkg.reviews.length);
    // Nested decks keep their levels; filtered decks are no home of any card.
    const deckNames = (await t.db.deck.findMany({ where: { userId: A }, select: { name: true } })).map((d) => d.name);
    const filtered = pkg.decks.filter((d) => d.filtered).map((d) => d.name);
    for (const name of summary.decks) expect(deckNames).toContain(name);
    for (const name of filtered) expect(summary.decks).not.toContain(name);
    expect(summary.decks.some((d) => d.includes("::"))).toBe(true);
    expect(progress[0]).toBe("reading");
    expect(progress).toContain("reviews");
    expect(progress.at(-1)).toBe("done");
  });

  it("re-imported, updates the same notes and adds no card or review twice", async () => {
    const bytes = fixture("ankidroid-templates.apkg");
    const first = await importAnkiPackage(t.db, A, bytes, { now: NOW });
    const before = await countsOf(A);
    const again = await importAnkiPackage(t.db, A, bytes, { now: new Date(NOW.getTime() + 60_000) });
    expect(again.notesAdded).toBe(0);
    expect(again.notesUpdated).toBe(first.notes);
    expect(again.reviews).toBe(0);
    expect(await countsOf(A)).toEqual(before);
  });

  it("writes nothing when the import fails halfway (its one transaction rolls back)", async () => {
    const bytes = fixture("ankidroid-templates.apkg");
    await expect(
      importAnkiPackage(t.db, A, bytes, {
        now: NOW,
        onProgress: (p) => {
          if (p.phase === "reviews") throw new Error("the server stopped mid-import");
        },
      }),
    ).rejects.toThrow("the server stopped mid-import");
    expect(await countsOf(A)).toEqual(NOTHING);
  });

  it("is the importing learner's alone", async () => {
    await importAnkiPackage(t.db, A, fixture("ankidroid-templates.apkg"), { now: NOW });
    expect(await countsOf(B)).toEqual(NOTHING);
    const session = await fetchReviewSession(t.db, B, NOW);
    expect(JSON.stringify(session)).not.toContain("card:note_");
  });
});

describe("a schema-18 collection in a latest-layout package (two decks, learning steps and graduations)", () => {
  const bytes = inLatestPackage(fixture("transformerman-two-deck.anki2.zst"));

  it("keeps each card's deck, interval, ease and review count, and its due day in the learner's own day", async () => {
    const pkg = readAnkiPackage(bytes);
    const summary = await importAnkiPackage(t.db, A, bytes, { now: NOW });
    expect(summary.layout).toBe("latest");
    expect(summary.schemaVersion).toBe(18);
    expect(summary.decks).toEqual(expect.arrayContaining(["decka", "deckb"]));
    expect(summary.notes).toBe(16);
    expect(summary.reviews).toBe(8);

    // Card 1701890146289: a review card due on Anki day 5 with a 5-day interval, reviewed twice.
    const card = pkg.cards.find((c) => c.id === 1701890146289);
    const note = pkg.notes.find((n) => n.id === card?.noteId);
    const stored = await t.db.note.findFirstOrThrow({ where: { userId: A, guid: note?.guid ?? "" } });
    const state = await t.db.itemState.findFirstOrThrow({
      where: { userId: A, item: { noteId: stored.id } },
    });
    expect(state.status).toBe("active");
    expect(state.intervalDays).toBe(5);
    expect(state.easePermille).toBe(card?.factorPermille);
    // Anki's day 0 is the day of crt (6 Dec 2023, 03:00 UTC = 04:00 rollover in UTC+1); day 5 is 11 Dec 2023.
    // The learner's 11 Dec starts at 04:00 Shanghai = 10 Dec 20:00 UTC.
    expect(state.dueAt?.toISOString()).toBe("2023-12-10T20:00:00.000Z");
    const reviews = await t.db.reviewLog.findMany({
      where: { userId: A, itemId: state.itemId },
      orderBy: { reviewedAt: "asc" },
    });
    const revlog = pkg.reviews.filter((r) => r.cardId === card?.id);
    expect(reviews.map((r) => r.reviewedAt.getTime())).toEqual(revlog.map((r) => r.id));
    expect(reviews.map((r) => r.id)).toEqual(revlog.map((r) => importedReviewId(state.itemId, r.id)));
    // Anki's buttons 1–4 become SM-2 qualities 1, 3, 4, 5; the original row stays in the detail.
    expect(reviews.map((r) => r.quality)).toEqual(revlog.map((r) => [0, 1, 3, 4, 5][r.ease]));
    expect(JSON.parse(reviews[0]?.detail ?? "{}")).toMatchObject({ anki: { ease: revlog[0]?.ease } });
  });
});

describe("synthetic packages", () => {
  it("stores the package's images and points the card at them", async () => {
    const summary = await importAnkiPackage(t.db, A, synthetic(['A picture <img src="pic.png">']), { now: NOW });
    expect(summary.media).toBe(0);
    const withImage = synthetic(['A picture <img src="pic.png">'], { "pic.png": new Uint8Array(PNG) });
    const again = await importAnkiPackage(t.db, A, withImage, { now: NOW });
    expect(again.media).toBe(1);
    const media = await t.db.media.findFirstOrThrow({ where: { userId: A } });
    expect(media.contentType).toBe("image/png");
    const item = await t.db.item.findFirstOrThrow({ where: { ownerId: A } });
    expect(item.payload).toContain(`/media/${media.id}`);
    expect(summary.decks).toEqual(["Imported::Basics"]);
  });

  it("imports a field holding a script tag as text, never as markup", async () => {
    await importAnkiPackage(t.db, A, synthetic(['<script>alert("x")</script>Hello <b onclick="steal()">bold</b>']), {
      now: NOW,
    });
    const item = await t.db.item.findFirstOrThrow({ where: { ownerId: A } });
    const payload = JSON.parse(item.payload) as { front: { en: string } };
    expect(payload.front.en).not.toMatch(/<script/i);
    expect(payload.front.en).not.toMatch(/onclick/i);
    expect(payload.front.en).toContain("alert(");
    expect(payload.front.en).toContain("bold");
  });

  it("puts the learner's imported new cards in the review queue", async () => {
    await importAnkiPackage(t.db, A, synthetic(["first question", "second question"]), { now: NOW });
    const session = await fetchReviewSession(t.db, A, NOW);
    expect(JSON.stringify(session)).toContain("first question");
  });
});

describe("bad packages: a clear message naming the cause, and nothing written", () => {
  const cases: [string, () => Uint8Array, RegExp][] = [
    ["not a zip", () => new TextEncoder().encode("this is a text file, not a package"), /zip/i],
    ["no collection", () => buildZip({ "notes.txt": "hello" }), /collection/i],
    [
      "a corrupt SQLite file",
      () => buildZip({ "collection.anki21": "SQLite format 3\0 but nothing after it" }),
      /sqlite|database|corrupt/i,
    ],
    ["an unknown schema", () => buildZip({ "collection.anki2": fixture("ankidroid-schema250.anki2") }), /250/],
    [
      "a zip bomb",
      () => forgeDeclaredSize(buildZip({ "collection.anki21": new Uint8Array(1000) }), 4 * 1024 * 1024 * 1024 - 1),
      /size|large|limit/i,
    ],
    [
      "a media name with a path in it",
      () => buildZip({ "collection.anki21": new Uint8Array(10), media: JSON.stringify({ "0": "../x" }), "0": "x" }),
      /\.\.\/x/,
    ],
    [
      "a zstd member that is not zstd",
      () => buildZip({ meta: META_LATEST, "collection.anki21b": encodeZstdStored(new Uint8Array(3)).slice(0, 5) }),
      /zstd|compress/i,
    ],
  ];
  for (const [what, build, message] of cases) {
    it(`refuses ${what}`, async () => {
      const error = await refusal(build());
      expect(error.message).toMatch(message);
      expect(await countsOf(A)).toEqual(NOTHING);
    });
  }
});
