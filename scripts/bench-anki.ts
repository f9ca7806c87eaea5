/**
 * `npm run bench:anki`: writes a synthetic Anki package of 10,000 notes
 * (basic, reversed and cloze; 20,000 cards) with 50,000 review-log rows and
 * 200 images, then imports it into a fresh learner's account on a fresh
 * SQLite database (migrated, as `npm run setup` makes it), as the /import
 * page and the CLI do. Prints one JSON object: the package's size, the
 * import's wall time and each phase's share, the progress events it sent,
 * the counts imported, and a second import of the same package (which adds
 * nothing). `meetsTarget` covers every figure with a target.
 *
 * Target: the first import ≤ 15 s on SQLite, with progress shown throughout
 * (no gap between progress events longer than 2 s).
 *
 * `-- --notes N --reviews R` for a smaller run.
 */
import { parseArgs } from "node:util";
import type { AnkiCard, AnkiCollection, AnkiNote, AnkiReview } from "../lib/anki/types";
import { writeAnkiPackage } from "../lib/anki/write-package";
import { type AnkiImportProgress, importAnkiPackage } from "../lib/server/anki-import";
import { createDb } from "../lib/server/db";
import { gitRevision, withSeededDatabase } from "./bench-support";

const { values } = parseArgs({
  options: { notes: { type: "string" }, reviews: { type: "string" } },
});
const NOTES = Number(values.notes ?? 10_000);
const REVIEWS = Number(values.reviews ?? 50_000);
const IMAGES = Math.min(200, NOTES);
const TARGET_SECONDS = 15;
const MAX_PROGRESS_GAP_MS = 2000;
const NOW = new Date("2026-12-02T09:00:00Z");
const CRT_SECONDS = Math.floor(new Date("2025-01-01T04:00:00Z").getTime() / 1000);
const DAY_S = 86_400;

const BASIC = 1_000;
const REVERSED = 1_001;
const CLOZE = 1_002;
const DECKS = [
  { id: 1, name: "Default", filtered: false },
  { id: 2, name: "Deep learning::Optimisation", filtered: false },
  { id: 3, name: "Deep learning::Vision::CNN", filtered: false },
];

/** A 1×1 PNG with the image's number in a text chunk, so each image's bytes differ. */
function pngNumbered(n: number): Uint8Array {
  const base = Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
    "base64",
  );
  // Bytes after IEND are ignored by decoders and by the app's type check (it reads the signature).
  return new Uint8Array(Buffer.concat([base, Buffer.from(`#${n}`)]));
}

/** A deterministic collection: the same every run, so runs compare. */
function syntheticCollection(): AnkiCollection & { media: Map<string, Uint8Array> } {
  const basicAnswer = "{{FrontSide}}<hr id=answer>{{Back}}";
  const noteTypes: AnkiCollection["noteTypes"] = [
    {
      id: BASIC,
      name: "Basic",
      kind: "standard",
      fieldNames: ["Front", "Back"],
      templates: [{ ordinal: 0, name: "Card 1", questionFormat: "{{Front}}", answerFormat: basicAnswer }],
    },
    {
      id: REVERSED,
      name: "Basic (and reversed card)",
      kind: "standard",
      fieldNames: ["Front", "Back"],
      templates: [
        { ordinal: 0, name: "Card 1", questionFormat: "{{Front}}", answerFormat: basicAnswer },
        {
          ordinal: 1,
          name: "Card 2",
          questionFormat: "{{Back}}",
          answerFormat: "{{FrontSide}}<hr id=answer>{{Front}}",
        },
      ],
    },
    {
      id: CLOZE,
      name: "Cloze",
      kind: "cloze",
      fieldNames: ["Text", "Back Extra"],
      templates: [
        {
          ordinal: 0,
          name: "Cloze",
          questionFormat: "{{cloze:Text}}",
          answerFormat: "{{cloze:Text}}<br>{{Back Extra}}",
        },
      ],
    },
  ];
  const notes: AnkiNote[] = [];
  const cards: AnkiCard[] = [];
  const media = new Map<string, Uint8Array>();
  let cardId = 1_600_000_000_000;
  for (let i = 0; i < NOTES; i++) {
    const id = 1_500_000_000_000 + i;
    const kind = i % 3;
    const image = i < IMAGES ? ` <img src="img${i}.png">` : "";
    if (i < IMAGES) media.set(`img${i}.png`, pngNumbered(i));
    const fields =
      kind === 2
        ? [`The {{c1::gradient}} of loss ${i} points {{c2::uphill}}; step \\(\\eta\\) against it.${image}`, `note ${i}`]
        : [
            `<b>Question ${i}</b>: what does layer ${i % 97} compute?${image}`,
            `An answer with <i>emphasis</i> ${i}<br>and a second line`,
          ];
    notes.push({
      id,
      guid: `bench-${i}`,
      noteTypeId: [BASIC, REVERSED, CLOZE][kind] ?? BASIC,
      fields,
      tags: [`t${i % 7}`, "bench"],
    });
    const ords = kind === 0 ? [0] : [0, 1];
    for (const ordinal of ords) {
      const c = cardId++;
      const reviewed = c % 5 !== 0;
      cards.push({
        id: c,
        noteId: id,
        deckId: DECKS[1 + (i % 2)]?.id ?? 1,
        filteredDeckId: null,
        ordinal,
        type: reviewed ? 2 : 0,
        queue: reviewed ? 2 : 0,
        due: reviewed ? 600 + (c % 60) : i,
        originalDue: null,
        intervalDays: reviewed ? 1 + (c % 40) : 0,
        factorPermille: reviewed ? 2500 - (c % 8) * 50 : 2500,
        reps: reviewed ? 3 : 0,
        lapses: reviewed ? c % 3 : 0,
        data: {},
      });
    }
  }
  const reviewedCards = cards.filter((c) => c.type === 2);
  const reviews: AnkiReview[] = [];
  for (let r = 0; r < REVIEWS; r++) {
    const card = reviewedCards[r % reviewedCards.length];
    if (!card) break;
    const round = Math.floor(r / reviewedCards.length);
    // Unique per row (an Anki revlog id is its time in ms): r stays below a day in ms.
    const at = (CRT_SECONDS + (10 + round * 30 + (r % 20)) * DAY_S) * 1000 + r;
    const ease = 1 + ((r * 7) % 4);
    reviews.push({
      id: at,
      cardId: card.id,
      ease,
      interval: round === 0 ? -600 : 1 + round * 3,
      lastInterval: round === 0 ? -60 : 1 + (round - 1) * 3,
      factor: round === 0 ? 0 : 2500,
      durationMs: 4000 + (r % 9000),
      type: round === 0 ? 0 : 1,
    });
  }
  return {
    facts: { schemaVersion: 11, createdSeconds: CRT_SECONDS, rolloverHour: 4, schedulerVersion: 2, fsrsEnabled: false },
    decks: DECKS,
    noteTypes,
    notes,
    cards,
    reviews,
    media,
  };
}

async function timedImport(url: string, userId: string, bytes: Uint8Array) {
  const db = createDb(url);
  const events: { at: number; progress: AnkiImportProgress }[] = [];
  const started = performance.now();
  try {
    const summary = await importAnkiPackage(db, userId, bytes, {
      now: NOW,
      onProgress: (progress) => events.push({ at: performance.now() - started, progress }),
    });
    const seconds = (performance.now() - started) / 1000;
    const phases: Record<string, number> = {};
    for (let i = 0; i < events.length; i++) {
      const e = events[i];
      const next = events[i + 1];
      if (!e) continue;
      const span = (next?.at ?? seconds * 1000) - e.at;
      phases[e.progress.phase] = Math.round(((phases[e.progress.phase] ?? 0) + span) * 10) / 10;
    }
    const gaps = events.slice(1).map((e, i) => e.at - (events[i]?.at ?? 0));
    return {
      seconds: Math.round(seconds * 100) / 100,
      phasesMs: phases,
      progressEvents: events.length,
      longestProgressGapMs: Math.round(Math.max(0, ...gaps)),
      imported: {
        notes: summary.notes,
        notesAdded: summary.notesAdded,
        cards: summary.cards,
        reviews: summary.reviews,
        media: summary.media,
        decks: summary.decks,
      },
    };
  } finally {
    await db.$disconnect();
  }
}

async function main(): Promise<void> {
  const collection = syntheticCollection();
  const writeStarted = performance.now();
  const bytes = writeAnkiPackage(collection);
  const writeSeconds = (performance.now() - writeStarted) / 1000;

  await withSeededDatabase(
    "bench-anki",
    () => {},
    async ({ url }) => {
      const setup = createDb(url);
      await setup.user.create({
        data: { id: "bench-learner", email: "bench@example.org", timeZone: "Europe/Berlin", createdAt: NOW },
      });
      await setup.$disconnect();

      const first = await timedImport(url, "bench-learner", bytes);
      const again = await timedImport(url, "bench-learner", bytes);
      const checks = {
        firstImportWithinTarget: first.seconds <= TARGET_SECONDS,
        progressThroughout: first.longestProgressGapMs <= MAX_PROGRESS_GAP_MS,
        everyNoteImported: first.imported.notes === NOTES,
        everyReviewImported: first.imported.reviews === collection.reviews.length,
        reimportAddsNothing: again.imported.notesAdded === 0 && again.imported.reviews === 0,
      };
      console.log(
        JSON.stringify(
          {
            benchmark: "anki-import",
            commit: gitRevision(),
            engine: "sqlite",
            package: {
              notes: collection.notes.length,
              cards: collection.cards.length,
              reviews: collection.reviews.length,
              images: collection.media.size,
              bytes: bytes.length,
              writeSeconds: Math.round(writeSeconds * 100) / 100,
            },
            firstImport: first,
            reimport: again,
            targets: { firstImportSeconds: TARGET_SECONDS, longestProgressGapMs: MAX_PROGRESS_GAP_MS },
            checks,
            meetsTarget: Object.values(checks).every(Boolean),
          },
          null,
          2,
        ),
      );
    },
  );
}

await main();
