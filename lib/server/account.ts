import "server-only";
/**
 * The account aggregate: a learner's settings, the export of everything that
 * is theirs, and deleting it all. Every query is scoped to the id passed in.
 */
import { z } from "zod";
import { isValidTimeZone } from "@/lib/srs/day";
import { MAX_DESIRED_RETENTION, MIN_DESIRED_RETENTION, SCHEDULER_NAMES } from "@/lib/srs/fsrs";
import type { Db } from "./db";
import { toLocale } from "@/lib/locale";
import { fsrsParamsOf, seedFsrsStates } from "./scheduler";
import { dayContextOf } from "./users";

/**
 * Why a settings field was refused, as a stable code the page translates
 * (app/i18n/messages/<locale>/auth.json, settings.errors).
 */
const SETTINGS_ERRORS = [
  "locale",
  "timeZone",
  "number",
  "wholeNumber",
  "hourRange",
  "newRange",
  "reviewsRange",
  "scheduler",
  "retentionRange",
] as const;
export type SettingsError = (typeof SETTINGS_ERRORS)[number];

const settingsSchema = z.strictObject({
  locale: z.enum(["zh", "en"], "locale" satisfies SettingsError),
  timeZone: z
    .string("timeZone" satisfies SettingsError)
    .trim()
    .max(64, "timeZone" satisfies SettingsError)
    .refine(isValidTimeZone, "timeZone" satisfies SettingsError),
  dayStartHour: z.coerce
    .number("number" satisfies SettingsError)
    .int("wholeNumber" satisfies SettingsError)
    .min(0, "hourRange" satisfies SettingsError)
    .max(23, "hourRange" satisfies SettingsError),
  newPerDay: z.coerce
    .number("number" satisfies SettingsError)
    .int("wholeNumber" satisfies SettingsError)
    .min(0, "newRange" satisfies SettingsError)
    .max(1000, "newRange" satisfies SettingsError),
  maxReviewsPerDay: z.coerce
    .number("number" satisfies SettingsError)
    .int("wholeNumber" satisfies SettingsError)
    .min(0, "reviewsRange" satisfies SettingsError)
    .max(10_000, "reviewsRange" satisfies SettingsError),
  // A form without these two (sent before they existed) leaves them as they are.
  scheduler: z.enum(SCHEDULER_NAMES, "scheduler" satisfies SettingsError).optional(),
  desiredRetention: z.coerce
    .number("number" satisfies SettingsError)
    .min(MIN_DESIRED_RETENTION, "retentionRange" satisfies SettingsError)
    .max(MAX_DESIRED_RETENTION, "retentionRange" satisfies SettingsError)
    .optional(),
});

export type Settings = z.infer<typeof settingsSchema>;
export type SettingsField = keyof Settings;
const SETTINGS_FIELDS = settingsSchema.keyof().options;

export interface SettingsResult {
  /** null before the first save. */
  ok: boolean | null;
  fieldErrors: Partial<Record<SettingsField | "form", SettingsError | "form">>;
  /** What was typed, so a refused save shows it again instead of the stored values. */
  values: Partial<Record<SettingsField, string>>;
  /** The settings now stored, after a successful save. */
  saved?: Settings;
}

/**
 * Validates a submitted settings form and stores it, all fields or none. A
 * refused save names each bad field with a code and hands back what was
 * typed; a crafted call that sends no form data is refused the same way.
 */
export async function saveSettingsForm(db: Db, userId: string, form: unknown): Promise<SettingsResult> {
  if (!(form instanceof FormData)) return { ok: false, fieldErrors: { form: "form" }, values: {} };
  const values: Partial<Record<SettingsField, string>> = {};
  for (const key of SETTINGS_FIELDS) {
    const value = form.get(key);
    if (typeof value === "string") values[key] = value;
  }
  const parsed = settingsSchema.safeParse({ ...values });
  if (!parsed.success) {
    const fieldErrors: SettingsResult["fieldErrors"] = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      const key =
        typeof field === "string" && (SETTINGS_FIELDS as readonly string[]).includes(field)
          ? (field as SettingsField)
          : "form";
      const code = (SETTINGS_ERRORS as readonly string[]).includes(issue.message)
        ? (issue.message as SettingsError)
        : "form";
      fieldErrors[key] ??= code;
    }
    return { ok: false, fieldErrors, values };
  }
  await updateSettings(db, userId, parsed.data);
  return { ok: true, fieldErrors: {}, values, saved: parsed.data };
}

export async function fetchSettings(db: Db, userId: string): Promise<Required<Settings> & { email: string | null }> {
  const user = await db.user.findUniqueOrThrow({
    where: { id: userId },
    select: {
      email: true,
      locale: true,
      timeZone: true,
      dayStartHour: true,
      newPerDay: true,
      maxReviewsPerDay: true,
      scheduler: true,
      desiredRetention: true,
    },
  });
  return { ...user, locale: toLocale(user.locale), scheduler: user.scheduler === "fsrs" ? "fsrs" : "sm2" };
}

/** A switch of a large schedule replays the whole log: more than Prisma's 5 s default for a transaction. */
const SCHEDULER_SWITCH_TIMEOUT_MS = 120_000;

/**
 * Stores the settings; a switch from SM-2 to FSRS gives every active item
 * its FSRS memory state in the same transaction (seedFsrsStates), counted
 * in the learner's day as just saved. A switch back changes no item.
 */
async function updateSettings(db: Db, userId: string, settings: Settings): Promise<void> {
  const data = Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)) as Partial<Settings>;
  await db.$transaction(
    async (tx) => {
      const before = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { scheduler: true } });
      const after = await tx.user.update({ where: { id: userId }, data });
      if (before.scheduler !== "fsrs" && after.scheduler === "fsrs")
        await seedFsrsStates(tx, userId, dayContextOf(after), fsrsParamsOf(after));
    },
    { timeout: SCHEDULER_SWITCH_TIMEOUT_MS },
  );
}

function parsedOrText(json: string): unknown {
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return json;
  }
}

/**
 * Everything stored about the learner, as plain JSON (no password hash, no
 * session tokens): settings, schedule and review log, and what they wrote
 * themselves: decks and their limits, notes (trashed ones with the time they
 * were trashed), the cards made from them, personal notes on any card,
 * images (base64) and the exercise attempts the log's rows record. Version 3
 * carries every column a restore needs to put all of it back as it was
 * (lib/server/account-restore.ts); version 2 lacked the FSRS settings, the
 * cards' search and order columns, the personal notes' HTML and the attempts.
 */
export async function exportAccount(db: Db, userId: string) {
  const [user, states, reviews, decks, deckLimits, notes, ownItems, personalNotes, media, attempts] = await Promise.all(
    [
      db.user.findUniqueOrThrow({
        where: { id: userId },
        select: {
          id: true,
          email: true,
          name: true,
          locale: true,
          timeZone: true,
          dayStartHour: true,
          newPerDay: true,
          maxReviewsPerDay: true,
          extraNewDayKey: true,
          extraNewCount: true,
          scheduler: true,
          desiredRetention: true,
          fsrsWeights: true,
          createdAt: true,
        },
      }),
      db.itemState.findMany({ where: { userId }, orderBy: { itemId: "asc" } }),
      db.reviewLog.findMany({ where: { userId }, orderBy: [{ reviewedAt: "asc" }, { id: "asc" }] }),
      db.deck.findMany({
        where: { userId },
        orderBy: { name: "asc" },
        select: { id: true, name: true, createdAt: true },
      }),
      db.deckLimit.findMany({
        where: { userId },
        orderBy: { deckKey: "asc" },
        select: { deckKey: true, newPerDay: true, maxReviewsPerDay: true },
      }),
      db.note.findMany({ where: { userId }, orderBy: { createdAt: "asc" } }),
      db.item.findMany({
        where: { ownerId: userId },
        orderBy: { id: "asc" },
        select: {
          id: true,
          noteId: true,
          kind: true,
          contentId: true,
          deck: true,
          position: true,
          ord: true,
          cardType: true,
          noteType: true,
          tags: true,
          searchText: true,
          payload: true,
          contentHash: true,
          retiredAt: true,
          createdAt: true,
        },
      }),
      db.personalNote.findMany({
        where: { userId },
        orderBy: { itemId: "asc" },
        select: { itemId: true, text: true, html: true, updatedAt: true },
      }),
      db.media.findMany({ where: { userId }, orderBy: { createdAt: "asc" } }),
      db.exerciseAttempt.findMany({ where: { userId }, orderBy: [{ shownAt: "asc" }, { id: "asc" }] }),
    ],
  );
  return {
    format: "dl-study-export",
    version: 3,
    user,
    schedule: states.map(({ userId: _u, ...s }) => s),
    reviews: reviews.map(({ userId: _u, detail, ...r }) => ({
      ...r,
      detail: detail ? (JSON.parse(detail) as unknown) : null,
    })),
    decks,
    deckLimits,
    notes: notes.map(({ userId: _u, fields, ...n }) => ({ ...n, fields: parsedOrText(fields) })),
    cards: ownItems.map(({ payload, ...i }) => ({ ...i, payload: parsedOrText(payload) })),
    personalNotes,
    media: media.map(({ userId: _u, bytes, ...m }) => ({ ...m, base64: Buffer.from(bytes).toString("base64") })),
    // The seed is a 32-bit integer held in a BigInt column: exact as a JSON number.
    exerciseAttempts: attempts.map(({ userId: _u, seed, ...a }) => ({ ...a, seed: Number(seed) })),
  };
}

/** Deletes the learner and, by cascade, their sessions, credentials, schedule, review log, decks, notes, own cards and images. */
export async function deleteAccount(db: Db, userId: string): Promise<void> {
  // The learner's log and schedule rows go first: they name the learner's own cards, which an item's
  // RESTRICT would otherwise refuse to delete (SQLite checks RESTRICT row by row, within the cascade).
  await db.$transaction([
    db.reviewLog.deleteMany({ where: { userId } }),
    db.itemState.deleteMany({ where: { userId } }),
    db.user.delete({ where: { id: userId } }),
  ]);
}
