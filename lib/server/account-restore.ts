import "server-only";
/**
 * Restoring a JSON backup (lib/server/account.ts exportAccount, format
 * "dl-study-export", versions 2 and 3) into the signed-in learner's account.
 * The file is checked as a whole first, and refused with the path of its
 * first bad field; then everything is written in one transaction, or nothing
 * is. A restore goes into a fresh account only (no reviews, no notes of its
 * own), so it never has to merge two histories. Ids another learner already
 * holds (a backup restored while its account still exists) are replaced by
 * new ones, and every row that names them follows. Every write carries the
 * learner's id passed in.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { IMAGE_TYPES, sniffImageType } from "@/lib/media/image-check";
import { isValidTimeZone } from "@/lib/srs/day";
import { FSRS_WEIGHT_COUNTS } from "@/lib/srs/fsrs";
import { MathRenderError, renderLearnerMarkdown } from "@/lib/content/markdown";
import { GRADES } from "@/lib/progress/types";
import { ITEM_STATUSES, REDRILLS, REVIEW_KINDS } from "@/lib/srs/schedule";
import type { Db } from "./db";
import { OWN_DECK_PREFIX } from "./decks";
import { DomainError } from "./errors";
import { MAX_SEED } from "./exercises";
import { newId } from "./ids";
import { OWN_ITEM_PREFIX, OWN_POSITION_BASE, ownItemId } from "./notes";
import { analyzeReviewAggregates, rebuildReviewAggregatesIn } from "./review-aggregates";

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/**
 * Largest backup a restore reads (the JSON API's bound for its route, app/api/v1/account/restore): a
 * year of daily study is a few MB of log; images, as base64, make up the rest.
 */
export const MAX_RESTORE_BYTES = 200 * 1024 * 1024;
/** A learner's whole history is written in one transaction: far past Prisma's 5 s default for a large one. */
const RESTORE_TIMEOUT_MS = 10 * 60_000;
/** Rows per statement: well under SQLite's and PostgreSQL's limits on bound parameters. */
const ROWS_PER_STATEMENT = 500;
/** FSRS's desired retention, as the settings allow it. */
const MIN_DESIRED_RETENTION = 0.7;
const MAX_DESIRED_RETENTION = 0.97;
/** The settings form's bounds (lib/server/account.ts). */
const MAX_NEW_PER_DAY = 1000;
const MAX_REVIEWS_PER_DAY = 10_000;
const MAX_DURATION_MS = 24 * 60 * 60 * 1000;

export const EXPORT_FORMAT = "dl-study-export";
export const RESTORABLE_VERSIONS = [2, 3] as const;
type Version = (typeof RESTORABLE_VERSIONS)[number];

/** Why a backup was refused: "invalid-input" for a bad file, "conflict" for an account that is not fresh. */
export class RestoreError extends DomainError {}

// ---------------------------------------------------------------------------------------------------------------
// The file's shape.

const intIn = (min: number, max: number) => {
  const expected = `expected an integer ${min}–${max}`;
  return z.number(expected).int(expected).min(min, expected).max(max, expected);
};
const count = intIn(0, Number.MAX_SAFE_INTEGER);
const anyInt = intIn(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
const text = (maxChars = 1_000_000) =>
  z.string("expected a string").max(maxChars, `expected a string of at most ${maxChars} characters`);
const id = z
  .string("expected an id")
  .min(1, "expected an id")
  .max(200, "expected an id of at most 200 characters")
  .regex(/^[A-Za-z0-9_:.-]+$/, "expected an id of letters, digits, _ : . and - only");
const instant = z.iso.datetime({ offset: true, error: "expected an ISO 8601 date-time" }).transform((s) => new Date(s));
const instantOrNull = instant.nullable();
const finiteOrNull = z.number("expected a number or null").nullable();
const oneOf = <T extends string>(values: readonly T[]) =>
  z.enum(values as [T, ...T[]], `expected one of ${values.map((v) => JSON.stringify(v)).join(", ")}`);
/** A JSON value the export parsed out of a text column: stored back as its JSON text. */
const json = z.unknown();

/** A field version 3 added: required there, absent from a version 2 file. */
function later<T extends z.ZodType>(version: Version, schema: T): z.ZodOptional<T> {
  return (version === 3 ? schema : schema.optional()) as z.ZodOptional<T>;
}

function exportSchema(version: Version) {
  const v = <T extends z.ZodType>(schema: T) => later(version, schema);
  return z.object({
    format: z.literal(EXPORT_FORMAT, `expected "${EXPORT_FORMAT}"`),
    version: z.literal(version),
    user: z.object({
      name: text(200),
      locale: oneOf(["zh", "en"]),
      timeZone: text(64).refine(isValidTimeZone, "expected an IANA time zone"),
      dayStartHour: intIn(0, 23),
      newPerDay: intIn(0, MAX_NEW_PER_DAY),
      maxReviewsPerDay: intIn(0, MAX_REVIEWS_PER_DAY),
      extraNewDayKey: v(text(32).nullable()),
      extraNewCount: v(count),
      scheduler: v(oneOf(["sm2", "fsrs"])),
      desiredRetention: v(
        z
          .number("expected a number")
          .min(MIN_DESIRED_RETENTION, `expected a number ${MIN_DESIRED_RETENTION}–${MAX_DESIRED_RETENTION}`)
          .max(MAX_DESIRED_RETENTION, `expected a number ${MIN_DESIRED_RETENTION}–${MAX_DESIRED_RETENTION}`),
      ),
      fsrsWeights: v(
        text(10_000).refine(isFsrsWeightsText, "expected a JSON array of 17, 19 or 21 numbers as text").nullable(),
      ),
    }),
    schedule: z.array(
      z.object({
        itemId: id,
        status: oneOf(ITEM_STATUSES),
        position: anyInt,
        repetitions: count,
        intervalDays: count,
        easePermille: count,
        dueAt: instantOrNull,
        lapses: count,
        lastReviewedAt: instantOrNull,
        redrill: oneOf(REDRILLS),
        stability: v(finiteOrNull),
        difficulty: v(finiteOrNull),
        version: count,
        deck: text(200),
        suspended: z.boolean("expected true or false"),
        buriedUntil: instantOrNull,
        flag: intIn(0, 1),
        tags: text(),
        contentTags: text(),
        cardType: text(32),
        noteType: text(32),
        searchText: text(),
        addedAt: instantOrNull,
      }),
    ),
    reviews: z.array(
      z.object({
        id,
        itemId: id,
        kind: oneOf(REVIEW_KINDS),
        quality: intIn(Math.min(...GRADES), Math.max(...GRADES)),
        reviewedAt: instant,
        durationMs: intIn(0, MAX_DURATION_MS),
        repsBefore: count,
        intervalBefore: count,
        easeBefore: count,
        dueBefore: instantOrNull,
        statusBefore: oneOf(ITEM_STATUSES),
        redrillBefore: oneOf(REDRILLS),
        lapsesBefore: count,
        lastReviewedBefore: instantOrNull,
        repsAfter: count,
        intervalAfter: count,
        easeAfter: count,
        dueAfter: instantOrNull,
        scheduler: v(oneOf(["sm2", "fsrs"])),
        stabilityBefore: v(finiteOrNull),
        difficultyBefore: v(finiteOrNull),
        stabilityAfter: v(finiteOrNull),
        difficultyAfter: v(finiteOrNull),
        detail: json,
        undoneAt: instantOrNull,
      }),
    ),
    decks: z.array(
      z.object({
        id: id.refine((s) => s.startsWith(OWN_DECK_PREFIX), `expected an id starting "${OWN_DECK_PREFIX}"`),
        name: text(1000).min(1, "expected a deck name"),
        createdAt: instant,
      }),
    ),
    deckLimits: z.array(
      z.object({
        deckKey: id,
        newPerDay: intIn(0, MAX_NEW_PER_DAY).nullable(),
        maxReviewsPerDay: intIn(0, MAX_REVIEWS_PER_DAY).nullable(),
      }),
    ),
    notes: z.array(
      z.object({
        id,
        deckId: id,
        type: oneOf(["basic", "basic-reverse", "cloze", "anki"]),
        fields: json,
        tags: text(),
        guid: v(text(200).nullable()),
        ankiNoteType: v(text().nullable()),
        createdAt: instant,
        updatedAt: instant,
        deletedAt: instantOrNull,
      }),
    ),
    cards: z.array(
      z.object({
        id: id.refine((s) => s.startsWith(OWN_ITEM_PREFIX), `expected an id starting "${OWN_ITEM_PREFIX}"`),
        noteId: id.nullable(),
        kind: z.literal("card", 'expected "card"'),
        deck: id,
        payload: json,
        retiredAt: instantOrNull,
        contentId: v(id),
        position: v(anyInt),
        ord: v(count),
        cardType: v(text(32)),
        noteType: v(text(32)),
        tags: v(text()),
        searchText: v(text()),
        contentHash: v(text(200)),
        createdAt: v(instant),
      }),
    ),
    personalNotes: z.array(z.object({ itemId: id, text: text(), html: v(text(4_000_000)), updatedAt: instant })),
    media: z.array(
      z.object({
        id,
        contentType: oneOf(IMAGE_TYPES),
        byteSize: count,
        sha256: z.string("expected a sha256").regex(/^[0-9a-f]{64}$/, "expected 64 lower-case hex digits"),
        base64: z
          .string("expected base64 text")
          .regex(/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/, "expected base64 text"),
        createdAt: instant,
      }),
    ),
    exerciseAttempts: v(
      z.array(
        z.object({
          id,
          generatorId: text(200),
          seed: intIn(0, MAX_SEED),
          mode: oneOf(["review", "practice"]),
          replay: z.boolean("expected true or false"),
          shownAt: instant,
          hintsShown: count,
          solutionShown: z.boolean("expected true or false"),
          answers: text(),
          answerCount: count,
          solvedAt: instantOrNull,
          reviewId: id.nullable(),
        }),
      ),
    ),
  });
}

export type ParsedExport = z.output<ReturnType<typeof exportSchema>>;

/** FSRS weights as stored: a JSON array of 17, 19 or 21 finite numbers (FSRS-4.5, 5 and 6). */
function isFsrsWeightsText(s: string): boolean {
  try {
    const value = JSON.parse(s) as unknown;
    return (
      Array.isArray(value) &&
      FSRS_WEIGHT_COUNTS.includes(value.length) &&
      value.every((n) => typeof n === "number" && Number.isFinite(n))
    );
  } catch {
    return false;
  }
}

/** Whether the field at `path` is absent from `root` (its parent exists but has no such key). */
function isMissing(root: unknown, path: readonly PropertyKey[]): boolean {
  let node = root;
  for (const [i, key] of path.entries()) {
    if (typeof node !== "object" || node === null) return false;
    if (!Object.hasOwn(node, key)) return i === path.length - 1;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return false;
}

/** `reviews[12].quality` for the path ["reviews", 12, "quality"]. */
function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) out += typeof key === "number" ? `[${key}]` : out === "" ? String(key) : `.${String(key)}`;
  return out === "" ? "(the file)" : out;
}

/**
 * Checks a parsed backup file against its version's shape, and each image's
 * bytes against its stated size and sha256. Throws a RestoreError naming
 * the path of the first bad field and what was expected there.
 */
export function parseExport(input: unknown): ParsedExport {
  if (typeof input !== "object" || input === null || Array.isArray(input))
    throw new RestoreError("invalid-input", "The file is not a backup of this app: expected a JSON object.");
  const head = input as { format?: unknown; version?: unknown };
  if (head.format !== EXPORT_FORMAT)
    throw new RestoreError("invalid-input", `format: expected "${EXPORT_FORMAT}" (a backup of this app).`);
  if (!(RESTORABLE_VERSIONS as readonly unknown[]).includes(head.version))
    throw new RestoreError(
      "invalid-input",
      `version: expected ${RESTORABLE_VERSIONS.join(" or ")}, got ${JSON.stringify(head.version) ?? "nothing"}.`,
    );
  const parsed = exportSchema(head.version as Version).safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = formatPath(issue?.path ?? []);
    const what = isMissing(input, issue?.path ?? []) ? "missing" : issue?.message;
    throw new RestoreError("invalid-input", `${where}: ${what ?? "not valid"}.`);
  }
  const data = parsed.data;
  refuseDuplicates(data.decks, "decks", "id", (d) => d.id);
  refuseDuplicates(data.decks, "decks", "name", (d) => d.name);
  refuseDuplicates(data.deckLimits, "deckLimits", "deckKey", (l) => l.deckKey);
  refuseDuplicates(data.notes, "notes", "id", (n) => n.id);
  refuseDuplicates(data.cards, "cards", "id", (c) => c.id);
  refuseDuplicates(data.schedule, "schedule", "itemId", (s) => s.itemId);
  refuseDuplicates(data.reviews, "reviews", "id", (r) => r.id);
  refuseDuplicates(data.personalNotes, "personalNotes", "itemId", (p) => p.itemId);
  refuseDuplicates(data.media, "media", "id", (m) => m.id);
  refuseDuplicates(data.exerciseAttempts ?? [], "exerciseAttempts", "id", (a) => a.id);
  refuseDuplicates(data.exerciseAttempts ?? [], "exerciseAttempts", "reviewId", (a) => a.reviewId);
  const deckIds = new Set(data.decks.map((d) => d.id));
  data.notes.forEach((n, i) => {
    if (!deckIds.has(n.deckId))
      throw new RestoreError("invalid-input", `notes[${i}].deckId: expected the id of one of the file's decks.`);
  });
  const noteIds = new Set(data.notes.map((n) => n.id));
  data.cards.forEach((c, i) => {
    if (c.noteId !== null && !noteIds.has(c.noteId))
      throw new RestoreError(
        "invalid-input",
        `cards[${i}].noteId: expected the id of one of the file's notes, or null.`,
      );
  });
  data.media.forEach((m, i) => {
    const bytes = Buffer.from(m.base64, "base64");
    if (bytes.length !== m.byteSize)
      throw new RestoreError(
        "invalid-input",
        `media[${i}].byteSize: expected ${bytes.length} (the size of its bytes), got ${m.byteSize}.`,
      );
    // An image is served under its stored type: the bytes must be that type, as an upload's are checked.
    const actual = sniffImageType(bytes);
    if (actual !== m.contentType)
      throw new RestoreError(
        "invalid-input",
        `media[${i}].contentType: the bytes are ${actual ?? "not an image of a known type"}, not ${m.contentType}.`,
      );
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    if (sha256 !== m.sha256)
      throw new RestoreError("invalid-input", `media[${i}].sha256: does not match its bytes (they hash to ${sha256}).`);
  });
  return data;
}

/** Refuses a file in which two rows of `section` share `field` (null values never clash). */
function refuseDuplicates<T>(rows: readonly T[], section: string, field: string, key: (row: T) => string | null): void {
  const seen = new Map<string, number>();
  rows.forEach((row, i) => {
    const value = key(row);
    if (value === null) return;
    const first = seen.get(value);
    if (first !== undefined)
      throw new RestoreError("invalid-input", `${section}[${i}].${field}: the same as ${section}[${first}]'s.`);
    seen.set(value, i);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Writing it.

export interface RestoreSummary {
  version: Version;
  decks: number;
  deckLimits: number;
  notes: number;
  trashedNotes: number;
  cards: number;
  schedule: number;
  reviews: number;
  personalNotes: number;
  media: number;
  exerciseAttempts: number;
  /** Schedule rows, reviews and personal notes of built-in items this installation no longer has. */
  skipped: number;
  /** Ids another learner already held, replaced by new ones. */
  remapped: number;
}

function chunksOf<T>(rows: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) out.push(rows.slice(i, i + ROWS_PER_STATEMENT));
  return out;
}

/** Which of `ids` some row already holds, read a chunk at a time. */
async function takenAmong(ids: readonly string[], find: (chunk: string[]) => Promise<string[]>): Promise<Set<string>> {
  const taken = new Set<string>();
  for (const chunk of chunksOf([...new Set(ids)])) for (const found of await find(chunk)) taken.add(found);
  return taken;
}

function jsonText(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** The ord of `card:note_<note>_<ord>` (version 2 files name it only there). */
function ordOfItemId(itemId: string): number {
  const ord = Number(/_(\d+)$/.exec(itemId)?.[1] ?? Number.NaN);
  return Number.isSafeInteger(ord) ? ord : 0;
}

/**
 * Replaces each remapped id in a stored text (note fields, a card's payload and search text) by its new
 * one. Image and deck ids are 120 random bits (lib/server/ids.ts): no other text contains one by chance.
 */
function withIds(textValue: string, ids: ReadonlyMap<string, string>, prefix: string): string {
  let out = textValue;
  for (const [from, to] of ids) out = out.replaceAll(`${prefix}${from}`, `${prefix}${to}`);
  return out;
}

async function refuseUnlessFresh(db: Pick<Db, "reviewLog" | "note">, userId: string): Promise<void> {
  const [reviews, notes] = await Promise.all([
    db.reviewLog.count({ where: { userId } }),
    db.note.count({ where: { userId } }),
  ]);
  if (reviews > 0 || notes > 0)
    throw new RestoreError(
      "conflict",
      `This account already has ${reviews} reviews and ${notes} notes of its own: a restore goes into a fresh account. ` +
        "Export this one if you want to keep it, delete it, sign up again and restore there.",
    );
}

/**
 * Restores a backup into the learner's account: settings, decks and their
 * limits, notes (trash included) and their cards, the schedule, the review
 * log, personal notes, images and exercise attempts, all in one
 * transaction, with the progress aggregates recomputed from the restored log.
 * Refused, with nothing written, for a bad file or an account that already
 * has reviews or notes. A schedule row, review or personal note of a
 * built-in item this installation no longer has is skipped and counted.
 */
export async function restoreAccount(db: Db, userId: string, input: unknown, now: Date): Promise<RestoreSummary> {
  const data = parseExport(input);
  await refuseUnlessFresh(db, userId);
  const summary = await db.$transaction(
    async (tx) => {
      const written = await writeExport(tx, userId, data, now);
      // The counts come back with the rows they count, in the same transaction.
      await rebuildReviewAggregatesIn(tx, userId);
      return written;
    },
    { timeout: RESTORE_TIMEOUT_MS, maxWait: RESTORE_TIMEOUT_MS },
  );
  await analyzeReviewAggregates(db);
  return summary;
}

async function writeExport(tx: Tx, userId: string, data: ParsedExport, now: Date): Promise<RestoreSummary> {
  // Checked again inside the transaction: a review graded in another tab since the first check.
  await refuseUnlessFresh(tx, userId);
  let remapped = 0;
  const remap = (taken: ReadonlySet<string>, ids: readonly string[], fresh: (old: string) => string) => {
    const map = new Map<string, string>();
    for (const old of ids) {
      if (!taken.has(old) || map.has(old)) continue;
      map.set(old, fresh(old));
      remapped += 1;
    }
    return map;
  };

  // Settings: a version 2 file has no FSRS settings, and the account keeps its own.
  const u = data.user;
  await tx.user.update({
    where: { id: userId },
    data: {
      name: u.name,
      locale: u.locale,
      timeZone: u.timeZone,
      dayStartHour: u.dayStartHour,
      newPerDay: u.newPerDay,
      maxReviewsPerDay: u.maxReviewsPerDay,
      ...(u.extraNewDayKey !== undefined && { extraNewDayKey: u.extraNewDayKey }),
      ...(u.extraNewCount !== undefined && { extraNewCount: u.extraNewCount }),
      ...(u.scheduler !== undefined && { scheduler: u.scheduler }),
      ...(u.desiredRetention !== undefined && { desiredRetention: u.desiredRetention }),
      ...(u.fsrsWeights !== undefined && { fsrsWeights: u.fsrsWeights }),
    },
  });

  // Decks: a deck this account already has by name (made before the restore) takes the backup's cards.
  const ownDecks = await tx.deck.findMany({ where: { userId }, select: { id: true, name: true } });
  const ownDeckByName = new Map(ownDecks.map((d) => [d.name, d.id]));
  const takenDecks = await takenAmong(
    data.decks.map((d) => d.id),
    async (chunk) => (await tx.deck.findMany({ where: { id: { in: chunk } }, select: { id: true } })).map((d) => d.id),
  );
  const deckIds = new Map<string, string>();
  const newDecks: { id: string; userId: string; name: string; createdAt: Date; updatedAt: Date }[] = [];
  for (const deck of data.decks) {
    const existing = ownDeckByName.get(deck.name);
    if (existing !== undefined) {
      deckIds.set(deck.id, existing);
      continue;
    }
    const newKey = takenDecks.has(deck.id) ? newId(OWN_DECK_PREFIX) : deck.id;
    if (newKey !== deck.id) {
      deckIds.set(deck.id, newKey);
      remapped += 1;
    }
    newDecks.push({ id: newKey, userId, name: deck.name, createdAt: deck.createdAt, updatedAt: now });
  }
  for (const chunk of chunksOf(newDecks)) await tx.deck.createMany({ data: chunk });
  const deckKey = (key: string) => deckIds.get(key) ?? key;

  for (const limit of data.deckLimits) {
    const key = deckKey(limit.deckKey);
    const values = { newPerDay: limit.newPerDay, maxReviewsPerDay: limit.maxReviewsPerDay };
    await tx.deckLimit.upsert({
      where: { userId_deckKey: { userId, deckKey: key } },
      create: { userId, deckKey: key, ...values },
      update: values,
    });
  }

  // Images first: note fields and card payloads name them by id.
  const takenMedia = await takenAmong(
    data.media.map((m) => m.id),
    async (chunk) => (await tx.media.findMany({ where: { id: { in: chunk } }, select: { id: true } })).map((m) => m.id),
  );
  const mediaIds = remap(
    takenMedia,
    data.media.map((m) => m.id),
    () => newId(),
  );
  for (const m of data.media) {
    await tx.media.create({
      data: {
        id: mediaIds.get(m.id) ?? m.id,
        userId,
        contentType: m.contentType,
        byteSize: m.byteSize,
        sha256: m.sha256,
        bytes: Buffer.from(m.base64, "base64"),
        createdAt: m.createdAt,
      },
    });
  }

  // Notes and their cards: a note keeps its id unless another learner holds it or one of its card ids.
  const cardIds = data.cards.map((c) => c.id);
  const takenItems = await takenAmong([...cardIds, ...cardIds.map((c) => c.slice("card:".length))], async (chunk) =>
    (
      await tx.item.findMany({
        where: { OR: [{ id: { in: chunk } }, { kind: "card", contentId: { in: chunk } }] },
        select: { id: true },
      })
    ).map((i) => i.id),
  );
  const takenNotes = await takenAmong(
    data.notes.map((n) => n.id),
    async (chunk) => (await tx.note.findMany({ where: { id: { in: chunk } }, select: { id: true } })).map((n) => n.id),
  );
  for (const card of data.cards) if (card.noteId !== null && takenItems.has(card.id)) takenNotes.add(card.noteId);
  const noteIds = remap(
    takenNotes,
    data.notes.map((n) => n.id),
    () => newId(),
  );
  const noteId = (old: string | null) => (old === null ? null : (noteIds.get(old) ?? old));
  for (const chunk of chunksOf(data.notes)) {
    await tx.note.createMany({
      data: chunk.map((n) => ({
        id: noteId(n.id) ?? n.id,
        userId,
        deckId: deckKey(n.deckId),
        type: n.type,
        fields: withIds(jsonText(n.fields), mediaIds, "/media/"),
        tags: n.tags,
        guid: n.guid ?? null,
        ankiNoteType: n.ankiNoteType ?? null,
        createdAt: n.createdAt,
        updatedAt: n.updatedAt,
        deletedAt: n.deletedAt,
      })),
    });
  }

  const stateOf = new Map(data.schedule.map((s) => [s.itemId, s]));
  const noteById = new Map(data.notes.map((n) => [n.id, n]));
  const itemIds = new Map<string, string>();
  for (const card of data.cards) {
    const ord = card.ord ?? ordOfItemId(card.id);
    const movedNote = card.noteId === null ? undefined : noteIds.get(card.noteId);
    // A purged note's card has no note to follow: it takes an id of its own.
    const next =
      movedNote !== undefined ? ownItemId(movedNote, ord) : takenItems.has(card.id) ? ownItemId(newId(), ord) : card.id;
    if (next === card.id) continue;
    itemIds.set(card.id, next);
    if (movedNote === undefined) remapped += 1;
  }
  const itemId = (old: string) => itemIds.get(old) ?? old;
  const cardRows = data.cards.map((card, i) => {
    const state = stateOf.get(card.id);
    const note = card.noteId === null ? undefined : noteById.get(card.noteId);
    const newItemId = itemId(card.id);
    // The payload names its deck and images by id (lib/notes/note.ts ownCardPayload).
    const payload = withIds(withIds(jsonText(card.payload), deckIds, ""), mediaIds, "/media/");
    return {
      id: newItemId,
      kind: "card",
      contentId: newItemId.slice("card:".length),
      deck: deckKey(card.deck),
      // A version 2 file keeps these columns only in the card's schedule row, which copies them.
      position: card.position ?? state?.position ?? OWN_POSITION_BASE + i,
      payload,
      contentHash: card.contentHash ?? createHash("sha256").update(payload).digest("hex").slice(0, 16),
      retiredAt: card.retiredAt,
      createdAt: card.createdAt ?? state?.addedAt ?? note?.createdAt ?? now,
      updatedAt: now,
      ownerId: userId,
      noteId: noteId(card.noteId),
      ord: card.ord ?? ordOfItemId(card.id),
      cardType: card.cardType ?? state?.cardType ?? "",
      noteType: card.noteType ?? state?.noteType ?? note?.type ?? "",
      tags: card.tags ?? state?.contentTags ?? "",
      searchText: withIds(card.searchText ?? state?.searchText ?? "", mediaIds, "/media/"),
    };
  });
  for (const chunk of chunksOf(cardRows)) await tx.item.createMany({ data: chunk });

  // Rows naming a built-in item are kept only where this installation still has it.
  const ownCardIds = new Set(cardIds);
  const namedBuiltIns = [
    ...data.schedule.map((s) => s.itemId),
    ...data.reviews.map((r) => r.itemId),
    ...data.personalNotes.map((p) => p.itemId),
  ].filter((i) => !ownCardIds.has(i));
  const builtIns = await takenAmong(namedBuiltIns, async (chunk) =>
    (await tx.item.findMany({ where: { id: { in: chunk }, ownerId: null }, select: { id: true } })).map((i) => i.id),
  );
  const known = (i: string) => ownCardIds.has(i) || builtIns.has(i);
  let skipped = 0;
  const keep = <T extends { itemId: string }>(rows: readonly T[]) => {
    const kept = rows.filter((r) => known(r.itemId));
    skipped += rows.length - kept.length;
    return kept;
  };

  const schedule = keep(data.schedule);
  // Enrolment gave this account rows for built-in items already: the backup's replace them.
  for (const chunk of chunksOf(schedule.filter((s) => !ownCardIds.has(s.itemId)).map((s) => s.itemId)))
    await tx.itemState.deleteMany({ where: { userId, itemId: { in: chunk } } });
  for (const chunk of chunksOf(schedule)) {
    await tx.itemState.createMany({
      data: chunk.map(({ stability, difficulty, deck, ...s }) => ({
        ...s,
        userId,
        itemId: itemId(s.itemId),
        deck: deckKey(deck),
        searchText: withIds(s.searchText, mediaIds, "/media/"),
        stability: stability ?? null,
        difficulty: difficulty ?? null,
      })),
    });
  }

  const reviews = keep(data.reviews);
  const takenReviews = await takenAmong(
    reviews.map((r) => r.id),
    async (chunk) =>
      (await tx.reviewLog.findMany({ where: { id: { in: chunk } }, select: { id: true } })).map((r) => r.id),
  );
  const reviewIds = remap(
    takenReviews,
    reviews.map((r) => r.id),
    () => newId("r"),
  );
  for (const chunk of chunksOf(reviews)) {
    await tx.reviewLog.createMany({
      data: chunk.map((r) => ({
        ...r,
        id: reviewIds.get(r.id) ?? r.id,
        userId,
        itemId: itemId(r.itemId),
        scheduler: r.scheduler ?? "sm2",
        stabilityBefore: r.stabilityBefore ?? null,
        difficultyBefore: r.difficultyBefore ?? null,
        stabilityAfter: r.stabilityAfter ?? null,
        difficultyAfter: r.difficultyAfter ?? null,
        detail: r.detail === null || r.detail === undefined ? null : jsonText(r.detail),
      })),
    });
  }

  const personalNotes = keep(data.personalNotes);
  for (const p of personalNotes) {
    const html = p.html ?? renderPersonalNote(p.text, data.personalNotes.indexOf(p));
    const values = { text: p.text, html, updatedAt: p.updatedAt };
    await tx.personalNote.upsert({
      where: { userId_itemId: { userId, itemId: itemId(p.itemId) } },
      create: { userId, itemId: itemId(p.itemId), ...values },
      update: values,
    });
  }

  const attempts = data.exerciseAttempts ?? [];
  const takenAttempts = await takenAmong(
    attempts.map((a) => a.id),
    async (chunk) =>
      (await tx.exerciseAttempt.findMany({ where: { id: { in: chunk } }, select: { id: true } })).map((a) => a.id),
  );
  const attemptIds = remap(
    takenAttempts,
    attempts.map((a) => a.id),
    () => newId(),
  );
  const restoredReviewIds = new Set(reviews.map((r) => r.id));
  for (const chunk of chunksOf(attempts)) {
    await tx.exerciseAttempt.createMany({
      data: chunk.map((a) => ({
        ...a,
        id: attemptIds.get(a.id) ?? a.id,
        userId,
        seed: BigInt(a.seed),
        // An attempt whose review was skipped (its item is gone) records nothing any more.
        reviewId:
          a.reviewId !== null && restoredReviewIds.has(a.reviewId) ? (reviewIds.get(a.reviewId) ?? a.reviewId) : null,
      })),
    });
  }

  return {
    version: data.version,
    decks: data.decks.length,
    deckLimits: data.deckLimits.length,
    notes: data.notes.filter((n) => n.deletedAt === null).length,
    trashedNotes: data.notes.filter((n) => n.deletedAt !== null).length,
    cards: data.cards.length,
    schedule: schedule.length,
    reviews: reviews.length,
    personalNotes: personalNotes.length,
    media: data.media.length,
    exerciseAttempts: attempts.length,
    skipped,
    remapped,
  };
}

/** A version 2 file has no rendered HTML of personal notes: rendered as saving one does (lib/server/item-state.ts). */
function renderPersonalNote(markdown: string, index: number): string {
  try {
    return markdown === "" ? "" : renderLearnerMarkdown(markdown);
  } catch (error) {
    if (error instanceof MathRenderError)
      throw new RestoreError(
        "invalid-input",
        `personalNotes[${index}].text: a formula KaTeX refuses: ${error.message}`,
      );
    throw error;
  }
}
