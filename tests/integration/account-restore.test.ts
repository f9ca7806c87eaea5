/**
 * A backup restores exactly: export, delete the account, sign up again,
 * restore, and the schedule, the log, the notes and everything else the
 * export holds come back as they were, with the same dashboard. Ids another
 * learner holds are replaced, and every row naming them follows. A bad file
 * or an account that is not fresh is refused with the path of the problem,
 * and nothing is written.
 */
import { DEFAULT_FSRS_WEIGHTS } from "@/lib/srs/fsrs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { deleteAccount, exportAccount } from "@/lib/server/account";
import { type RestoreSummary, RestoreError, restoreAccount } from "@/lib/server/account-restore";
import { recordCardDrill } from "@/lib/server/card-drills";
import { createDeck, saveDeckLimits } from "@/lib/server/decks";
import { savePersonalNote, setFlag, setSuspended } from "@/lib/server/item-state";
import { saveImage } from "@/lib/server/media";
import { createNote, ownItemId, purgeExpiredTrash, trashNotes } from "@/lib/server/notes";
import { createProgressCache } from "@/lib/server/progress/cache";
import { fetchDashboard } from "@/lib/server/progress/dashboard";
import { fetchReviewSession, gradeItem, undoReview } from "@/lib/server/reviews";
import type { NoteDraft } from "@/lib/notes/note";
import { type TestDb, createTestDb, syncFixtureCards } from "../setup/test-db";

const DAY_MS = 86_400_000;
// Monday 2 March 2026; the learner's day starts at 04:00 in Shanghai (20:00 UTC the day before).
const START = new Date("2026-03-02T02:00:00Z");
const at = (days: number, minutes = 0) => new Date(START.getTime() + days * DAY_MS + minutes * 60_000);
/** When the backup is taken and restored: after two weeks of study. */
const LATER = at(14, 30);
const PNG = Uint8Array.from(
  Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
    "base64",
  ),
);
const GIF = Uint8Array.from(Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64"));

let t: TestDb;

beforeEach(async () => {
  t = await createTestDb();
  await syncFixtureCards(t.db, START);
});
afterEach(async () => t.close());

async function signUp(email: string): Promise<string> {
  return (await t.db.user.create({ data: { email, name: "New", createdAt: LATER } })).id;
}

async function mustCreate(userId: string, draft: NoteDraft, now: Date): Promise<string> {
  const r = await createNote(t.db, userId, draft, now);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.noteId;
}

let reviewCounter = 0;
/** Grades whatever the queue shows first, `quality`, at `now`; returns the review id. */
async function gradeHead(userId: string, quality: number, now: Date): Promise<string> {
  const s = await fetchReviewSession(t.db, userId, now);
  const c = s.current;
  if (!c) throw new Error(`nothing due at ${now.toISOString()}`);
  reviewCounter += 1;
  const reviewId = `rev-${userId.slice(0, 6)}-${String(reviewCounter).padStart(6, "0")}`;
  await gradeItem(
    t.db,
    userId,
    { reviewId, itemId: c.itemId, quality, expectedVersion: c.version, durationMs: 2500 },
    now,
  );
  return reviewId;
}

/**
 * A learner with two weeks of history: built-in and own cards graded across
 * days (one review undone), a drill, notes of every type (one in the trash,
 * one purged), decks with limits, personal notes, two images, a suspended and
 * a flagged card, FSRS settings and memory state, and an exercise attempt.
 */
async function buildLearner(email: string): Promise<string> {
  const userId = (
    await t.db.user.create({
      data: { email, name: "Ada", timeZone: "Asia/Shanghai", dayStartHour: 4, newPerDay: 5, createdAt: START },
    })
  ).id;
  const image = await saveImage(t.db, userId, PNG, "image/png", at(0));
  const gif = await saveImage(t.db, userId, GIF, "image/gif", at(0, 1));
  if (!image.ok || !gif.ok) throw new Error("image refused");
  const basic = await mustCreate(
    userId,
    {
      type: "basic",
      deck: "ML::Norms",
      tags: "norms l1",
      fields: { front: `![n](${image.src}) L1?`, back: "sum |x|" },
    },
    at(0, 2),
  );
  const reverse = await mustCreate(
    userId,
    { type: "basic-reverse", deck: "ML", tags: "", fields: { front: "ReLU", back: `max(0, x) ![g](${gif.src})` } },
    at(0, 3),
  );
  const cloze = await mustCreate(
    userId,
    {
      type: "cloze",
      deck: "ML::Activations",
      tags: "act",
      fields: { text: "{{c1::GELU}} and {{c2::SiLU}}", extra: "" },
    },
    at(0, 4),
  );
  const trashed = await mustCreate(
    userId,
    { type: "basic", deck: "Old", tags: "", fields: { front: "gone?", back: "in the trash" } },
    at(0, 5),
  );
  const purged = await mustCreate(
    userId,
    { type: "basic", deck: "Old", tags: "", fields: { front: "purged?", back: "long gone" } },
    at(0, 6),
  );
  // An imported Anki note (a note type the app has no equivalent of), as the importer stores it.
  const ankiDeck = await createDeck(t.db, userId, "Imported");
  if (!ankiDeck.ok) throw new Error("deck refused");
  const ankiNote = "ankinote0000000000000000";
  await t.db.note.create({
    data: {
      id: ankiNote,
      userId,
      deckId: ankiDeck.key,
      type: "anki",
      fields: JSON.stringify({ Front: "<b>Q</b>", Back: "A" }),
      tags: " anki ",
      guid: "f#Q2x<1",
      ankiNoteType: JSON.stringify({ name: "Basic (optional reverse)", kind: "standard", fields: ["Front", "Back"] }),
      createdAt: at(0, 7),
    },
  });
  const ankiItem = ownItemId(ankiNote, 1);
  await t.db.item.create({
    data: {
      id: ankiItem,
      kind: "card",
      contentId: ankiItem.slice("card:".length),
      deck: ankiDeck.key,
      position: -999_999_000,
      payload: JSON.stringify({ kind: "card", front: { zh: "Q", en: "Q" }, back: { zh: "A", en: "A" } }),
      contentHash: "0123456789abcdef",
      createdAt: at(0, 7),
      ownerId: userId,
      noteId: ankiNote,
      ord: 1,
      cardType: "basic",
      noteType: "anki",
      tags: " anki ",
      searchText: "q a",
    },
  });
  await t.db.itemState.create({
    data: {
      userId,
      itemId: ankiItem,
      position: -999_999_000,
      deck: ankiDeck.key,
      tags: " anki ",
      contentTags: " anki ",
      cardType: "basic",
      noteType: "anki",
      searchText: "q a",
      addedAt: at(0, 7),
    },
  });

  // Two weeks of study: everything new on the first day, then what falls due.
  for (let i = 0; i < 6; i++) await gradeHead(userId, [5, 4, 3, 2, 4, 5][i] ?? 4, at(0, 10 + i));
  for (let day = 1; day <= 13; day++) {
    for (let i = 0; i < 3; i++) {
      const s = await fetchReviewSession(t.db, userId, at(day, 10 + i));
      if (!s.current) break;
      await gradeHead(userId, (day + i) % 4 === 0 ? 2 : 4, at(day, 10 + i));
    }
  }
  const undone = await gradeHead(userId, 1, at(14, 1));
  await undoReview(t.db, userId, undone, at(14, 2));
  await gradeHead(userId, 5, at(14, 3));
  await recordCardDrill(
    t.db,
    userId,
    { reviewId: "drill-0000000001", itemId: ownItemId(cloze, 2), quality: 3, durationMs: 4000 },
    at(14, 4),
  );

  await trashNotes(t.db, userId, [purged], at(-40));
  await t.db.note.update({ where: { id: purged }, data: { deletedAt: at(-40) } });
  expect(await purgeExpiredTrash(t.db, userId, at(14, 5))).toBe(1);
  await trashNotes(t.db, userId, [trashed], at(14, 6));

  const ml = await t.db.deck.findFirstOrThrow({ where: { userId, name: "ML" } });
  await saveDeckLimits(t.db, userId, ml.id, { newPerDay: 3, maxReviewsPerDay: null });
  const { itemId: builtIn, deck: builtInDeck } = await t.db.itemState.findFirstOrThrow({
    where: { userId, item: { ownerId: null } },
    orderBy: { itemId: "asc" },
  });
  await saveDeckLimits(t.db, userId, builtInDeck, { newPerDay: null, maxReviewsPerDay: 40 });
  expect(await savePersonalNote(t.db, userId, builtIn, "Remember *this* $x^2$")).toEqual({ ok: true });
  expect(await savePersonalNote(t.db, userId, ownItemId(basic, 1), "mine")).toEqual({ ok: true });
  expect(await setSuspended(t.db, userId, [ownItemId(reverse, 2)], true)).toBe(1);
  expect(await setFlag(t.db, userId, [builtIn], 1)).toBe(1);

  await t.db.user.update({
    where: { id: userId },
    data: {
      scheduler: "fsrs",
      desiredRetention: 0.85,
      fsrsWeights: JSON.stringify(DEFAULT_FSRS_WEIGHTS.map((w, i) => (i < 4 ? w * 1.1 : w))),
    },
  });
  await t.db.itemState.update({
    where: { userId_itemId: { userId, itemId: ownItemId(cloze, 1) } },
    data: { stability: 4.25, difficulty: 6.5 },
  });
  const lastReview = await t.db.reviewLog.findFirstOrThrow({
    where: { userId, kind: { not: "drill" } },
    orderBy: { reviewedAt: "desc" },
  });
  await t.db.reviewLog.update({
    where: { id: lastReview.id },
    data: { scheduler: "fsrs", stabilityBefore: 2.5, difficultyBefore: 5, stabilityAfter: 4.25, difficultyAfter: 6.5 },
  });
  await t.db.exerciseAttempt.create({
    data: {
      id: "attempt00000000000000001",
      userId,
      generatorId: "matmul-shape",
      seed: 4_000_000_000n,
      mode: "practice",
      shownAt: at(14, 7),
      hintsShown: 1,
      answers: JSON.stringify([{ answer: "3x4", correct: true }]),
      answerCount: 1,
      solvedAt: at(14, 8),
      reviewId: "drill-0000000001",
    },
  });
  return userId;
}

type Export = Awaited<ReturnType<typeof exportAccount>>;

/** The export as a file holds it (dates as text), without what a new account necessarily changes. */
function comparable(e: Export) {
  const { user, ...rest } = JSON.parse(JSON.stringify(e)) as Export;
  const { id: _id, email: _email, createdAt: _createdAt, ...settings } = user;
  return { ...rest, user: settings };
}

/** Every row of the learner's, for "nothing was written". */
async function rowsOf(userId: string) {
  const where = { userId };
  return {
    user: await t.db.user.findUnique({ where: { id: userId } }),
    states: await t.db.itemState.findMany({ where, orderBy: { itemId: "asc" } }),
    reviews: await t.db.reviewLog.count({ where }),
    notes: await t.db.note.count({ where }),
    items: await t.db.item.count({ where: { ownerId: userId } }),
    decks: await t.db.deck.count({ where }),
    limits: await t.db.deckLimit.count({ where }),
    personal: await t.db.personalNote.count({ where }),
    media: await t.db.media.count({ where }),
    attempts: await t.db.exerciseAttempt.count({ where }),
    aggregates: await t.db.reviewAggregate.count({ where }),
  };
}

describe("export, delete, sign up again, restore", () => {
  it("gives back the same export and the same dashboard", async () => {
    const a = await buildLearner("ada@example.test");
    const backup = await exportAccount(t.db, a);
    expect(backup.version).toBe(3);
    expect(backup.reviews.length).toBeGreaterThan(30);
    expect(backup.reviews.filter((r) => r.undoneAt !== null)).toHaveLength(1);
    expect(backup.reviews.filter((r) => r.kind === "drill")).toHaveLength(1);
    expect(backup.notes.map((n) => n.type).sort()).toEqual(["anki", "basic", "basic", "basic-reverse", "cloze"]);
    expect(backup.cards.filter((c) => c.noteId === null)).toHaveLength(1);
    expect(backup.schedule.some((s) => s.suspended)).toBe(true);
    const dashboard = await fetchDashboard(t.db, a, LATER, createProgressCache());
    const file = JSON.parse(JSON.stringify(backup)) as unknown;
    const dueTomorrow = (await fetchReviewSession(t.db, a, at(15, 10))).remaining;
    expect(dueTomorrow.due).toBeGreaterThan(0);

    await deleteAccount(t.db, a);
    const b = await signUp("ada.again@example.test");
    // The first visit enrolls the new account in the built-in cards: the backup's rows replace those.
    await fetchReviewSession(t.db, b, LATER);
    expect(await t.db.itemState.count({ where: { userId: b } })).toBeGreaterThan(0);

    const summary = await restoreAccount(t.db, b, file, LATER);
    expect(summary).toEqual<RestoreSummary>({
      version: 3,
      decks: backup.decks.length,
      deckLimits: 2,
      notes: 4,
      trashedNotes: 1,
      cards: backup.cards.length,
      schedule: backup.schedule.length,
      reviews: backup.reviews.length,
      personalNotes: 2,
      media: 2,
      exerciseAttempts: 1,
      skipped: 0,
      remapped: 0,
    });
    const restored = await exportAccount(t.db, b);
    expect(comparable(restored)).toEqual(comparable(backup));
    expect(await fetchDashboard(t.db, b, LATER, createProgressCache())).toEqual(dashboard);
    // The queue goes on where it left off.
    expect((await fetchReviewSession(t.db, b, at(15, 10))).remaining).toEqual(dueTomorrow);
  });

  it("replaces ids another learner holds (the backup restored while its account still exists), and every row follows", async () => {
    const a = await buildLearner("ada@example.test");
    const backup = await exportAccount(t.db, a);
    const before = comparable(backup);
    const b = await signUp("twin@example.test");
    const summary = await restoreAccount(t.db, b, JSON.parse(JSON.stringify(backup)) as unknown, LATER);
    // Decks, notes (the purged note's card on its own), images, reviews and the attempt: all were A's.
    const expectedRemaps =
      backup.decks.length +
      backup.notes.length +
      backup.cards.filter((c) => c.noteId === null).length +
      backup.media.length +
      backup.reviews.length +
      1;
    expect(summary.remapped).toBe(expectedRemaps);
    const restored = await exportAccount(t.db, b);
    // A is untouched.
    expect(comparable(await exportAccount(t.db, a))).toEqual(before);

    // Pair each old id with its new one by what the rows hold, then translate A's export.
    const pairs = new Map<string, string>();
    const pair = <T>(from: readonly T[], to: readonly T[], key: (row: T) => string, id: (row: T) => string) => {
      const byKey = new Map(to.map((row) => [key(row), id(row)]));
      for (const row of from) {
        const found = byKey.get(key(row));
        if (found === undefined) throw new Error(`no counterpart of ${id(row)}`);
        pairs.set(id(row), found);
      }
    };
    pair(
      backup.decks,
      restored.decks,
      (d) => d.name,
      (d) => d.id,
    );
    pair(
      backup.media,
      restored.media,
      (m) => m.sha256,
      (m) => m.id,
    );
    pair(
      backup.notes,
      restored.notes,
      (n) => n.createdAt.toISOString(),
      (n) => n.id,
    );
    pair(
      backup.reviews,
      restored.reviews,
      (r) => r.reviewedAt.toISOString(),
      (r) => r.id,
    );
    pair(
      backup.exerciseAttempts,
      restored.exerciseAttempts,
      (x) => x.shownAt.toISOString(),
      (x) => x.id,
    );
    const purgedCards = (e: Export) => e.cards.filter((c) => c.noteId === null);
    pair(
      purgedCards(backup),
      purgedCards(restored),
      (c) => String(c.position),
      (c) => c.id,
    );
    pair(
      purgedCards(backup),
      purgedCards(restored),
      (c) => String(c.position),
      (c) => c.contentId,
    );
    for (const [from, to] of pairs) expect(to).not.toBe(from);
    let translated = JSON.stringify(before);
    // Whole card ids first: a purged note's card has an id of its own, not its note's.
    for (const [from, to] of [...pairs].sort(([x], [y]) => y.length - x.length))
      translated = translated.replaceAll(from, to);
    const sorted = (e: ReturnType<typeof comparable>) =>
      Object.fromEntries(
        Object.entries(e).map(([k, v]) => [k, Array.isArray(v) ? [...v].map((row) => JSON.stringify(row)).sort() : v]),
      );
    expect(sorted(comparable(restored))).toEqual(sorted(JSON.parse(translated) as ReturnType<typeof comparable>));
    // New deck ids sort differently: the dashboard's per-deck rows are compared as sets.
    const canonical = (value: unknown): unknown => {
      let out = JSON.stringify(value);
      for (const [from, to] of [...pairs].sort(([x], [y]) => y.length - x.length)) out = out.replaceAll(from, to);
      return JSON.parse(out, (_key, v: unknown) =>
        Array.isArray(v) && v.some((row) => typeof row === "object" && row !== null && "topicKey" in row)
          ? [...(v as unknown[])].sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)))
          : v,
      ) as unknown;
    };
    const translatedDashboardOfA = canonical(await fetchDashboard(t.db, a, LATER, createProgressCache()));
    const dashboardOfB = await fetchDashboard(t.db, b, LATER, createProgressCache());
    pairs.clear();
    expect(canonical(dashboardOfB)).toEqual(canonical(translatedDashboardOfA));
  });

  it("restores a version 2 file: the cards' columns from their schedule rows, the personal notes rendered again", async () => {
    const a = await buildLearner("ada@example.test");
    const backup = await exportAccount(t.db, a);
    const v2 = JSON.parse(JSON.stringify(backup)) as Record<string, unknown> & typeof backup;
    v2.version = 2;
    const {
      extraNewDayKey: _k,
      extraNewCount: _c,
      scheduler: _s,
      desiredRetention: _d,
      fsrsWeights: _w,
      ...user
    } = v2.user;
    const file = {
      ...v2,
      user,
      schedule: v2.schedule.map(({ stability: _x, difficulty: _y, ...s }) => s),
      reviews: v2.reviews.map(
        ({
          scheduler: _a,
          stabilityBefore: _b,
          difficultyBefore: _c2,
          stabilityAfter: _d2,
          difficultyAfter: _e,
          ...r
        }) => r,
      ),
      notes: v2.notes.map(({ guid: _g, ankiNoteType: _t, ...n }) => n),
      cards: v2.cards.map(({ id, noteId, kind, deck, payload, retiredAt }) => ({
        id,
        noteId,
        kind,
        deck,
        payload,
        retiredAt,
      })),
      personalNotes: v2.personalNotes.map(({ html: _h, ...p }) => p),
      exerciseAttempts: undefined,
    };
    const dashboard = await fetchDashboard(t.db, a, LATER, createProgressCache());
    await deleteAccount(t.db, a);
    const b = await signUp("ada.again@example.test");
    const summary = await restoreAccount(t.db, b, JSON.parse(JSON.stringify(file)) as unknown, LATER);
    expect(summary).toMatchObject({ version: 2, exerciseAttempts: 0, skipped: 0, remapped: 0 });
    const restored = await exportAccount(t.db, b);
    const without = (e: Export) => {
      const c = comparable(e);
      return {
        ...c,
        // What a version 2 file does not hold: the FSRS settings and memory state, and the attempts.
        user: {
          ...c.user,
          extraNewDayKey: null,
          extraNewCount: 0,
          scheduler: "sm2",
          desiredRetention: 0.9,
          fsrsWeights: null,
        },
        schedule: c.schedule.map((s) => ({ ...s, stability: null, difficulty: null })),
        reviews: c.reviews.map((r) => ({
          ...r,
          scheduler: "sm2",
          stabilityBefore: null,
          difficultyBefore: null,
          stabilityAfter: null,
          difficultyAfter: null,
        })),
        notes: c.notes.map((n) => ({ ...n, guid: null, ankiNoteType: null })),
        // A version 2 file holds a card's search and order columns only in its schedule row, which a
        // purged note's card no longer has (and its hash was never exported).
        cards: c.cards.map(({ contentHash: _h, ...card }) =>
          card.noteId === null ? { ...card, position: 0, cardType: "", noteType: "", createdAt: "" } : card,
        ),
        exerciseAttempts: [],
      };
    };
    expect(without(restored)).toEqual(without(backup));
    expect(await fetchDashboard(t.db, b, LATER, createProgressCache())).toEqual(dashboard);
  });

  it("skips and counts rows of a built-in item this installation no longer has", async () => {
    const a = await buildLearner("ada@example.test");
    const file = JSON.parse(JSON.stringify(await exportAccount(t.db, a))) as Export & Record<string, unknown>;
    const gone = "card:no-such-built-in";
    const sample = file.schedule.find((s) => !s.itemId.startsWith("card:note_"));
    if (!sample) throw new Error("no built-in row");
    file.schedule.push({ ...sample, itemId: gone });
    const review = file.reviews[0];
    if (!review) throw new Error("no review");
    file.reviews.push({ ...review, id: "rev-gone-00000001", itemId: gone });
    await deleteAccount(t.db, a);
    const b = await signUp("ada.again@example.test");
    const summary = await restoreAccount(t.db, b, file, LATER);
    expect(summary.skipped).toBe(2);
    expect(summary.schedule).toBe(file.schedule.length - 1);
    expect(await t.db.reviewLog.count({ where: { userId: b, itemId: gone } })).toBe(0);
  });
});

describe("a bad file or an account that is not fresh", () => {
  let file: Export & Record<string, unknown>;
  let fresh: string;

  beforeEach(async () => {
    const a = await buildLearner("ada@example.test");
    file = JSON.parse(JSON.stringify(await exportAccount(t.db, a))) as typeof file;
    await deleteAccount(t.db, a);
    fresh = await signUp("ada.again@example.test");
    await fetchReviewSession(t.db, fresh, LATER);
  });

  async function expectRefused(input: unknown, message: string | RegExp, userId = fresh) {
    const before = await rowsOf(userId);
    const refused = restoreAccount(t.db, userId, input, LATER);
    await expect(refused).rejects.toBeInstanceOf(RestoreError);
    await expect(refused).rejects.toThrow(message);
    expect(await rowsOf(userId)).toEqual(before);
  }

  it("refuses another format, another version and a file that is not an object", async () => {
    await expectRefused({ ...file, format: "anki-export" }, 'format: expected "dl-study-export"');
    await expectRefused({ ...file, version: 9 }, "version: expected 2 or 3, got 9.");
    await expectRefused([file], "expected a JSON object");
  });

  it("names the path of the first bad field deep inside, and what was expected", async () => {
    const reviews = file.reviews.map((r, i) => (i === 12 ? { ...r, quality: 7 } : r));
    await expectRefused({ ...file, reviews }, "reviews[12].quality: expected an integer 0–5.");
    const schedule = file.schedule.map((s, i) => (i === 3 ? { ...s, dueAt: "next Tuesday" } : s));
    await expectRefused({ ...file, schedule }, "schedule[3].dueAt: expected an ISO 8601 date-time.");
    const { scheduler: _s, ...user } = file.user;
    await expectRefused({ ...file, user }, "user.scheduler: missing.");
    const media = file.media.map((m, i) => (i === 1 ? { ...m, sha256: "0".repeat(64) } : m));
    await expectRefused({ ...file, media }, "media[1].sha256: does not match its bytes");
    const html = Buffer.from("<script>alert(1)</script>").toString("base64");
    const disguised = file.media.map((m, i) => (i === 0 ? { ...m, base64: html, byteSize: 25 } : m));
    await expectRefused(
      { ...file, media: disguised },
      "media[0].contentType: the bytes are not an image of a known type, not image/png.",
    );
    const twice = [...file.reviews, file.reviews[0]];
    await expectRefused({ ...file, reviews: twice }, `reviews[${file.reviews.length}].id: the same as reviews[0]'s.`);
  });

  it("writes nothing when a row fails after others were written (one transaction)", async () => {
    // A version 2 file's personal note is rendered inside the transaction, after the decks, notes and log.
    const v2 = {
      ...file,
      version: 2,
      personalNotes: file.personalNotes.map(({ html: _h, ...p }, i) => (i === 0 ? { ...p, text: "$\\frac{$" } : p)),
    };
    await expectRefused(v2, /^personalNotes\[0\]\.text: a formula KaTeX refuses/);
  });

  it("refuses an account that already has reviews or notes: a restore goes into a fresh account", async () => {
    await gradeHead(fresh, 4, LATER);
    await expectRefused(file, /already has 1 reviews and 0 notes .*: a restore goes into a fresh account/);
    const other = await signUp("other@example.test");
    await mustCreate(other, { type: "basic", deck: "D", tags: "", fields: { front: "f", back: "b" } }, LATER);
    await expectRefused(file, /already has 0 reviews and 1 notes/, other);
  });
});
