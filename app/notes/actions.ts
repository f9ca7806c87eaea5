"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { MAX_FIELD_CHARS, type NoteCheck, type NoteProblem, OWN_NOTE_TYPES, checkNote } from "@/lib/notes/note";
import { parseInput } from "@/lib/server/action-input";
import { requireUser } from "@/lib/server/auth";
import { getDb } from "@/lib/server/db";
import { DomainError } from "@/lib/server/errors";
import { type PersonalNoteResult, savePersonalNote } from "@/lib/server/item-state";
import { type SaveImageResult, saveImage } from "@/lib/server/media";
import { createNote, restoreNote, trashNotes, updateNote } from "@/lib/server/notes";
import { MAX_IMAGE_BYTES } from "@/lib/media/image-check";

/** A field a little over the limit still reaches the check, which names it; far over is refused at the edge. */
const fieldSchema = z.string().max(MAX_FIELD_CHARS * 2);

const draftSchema = z.strictObject({
  type: z.enum(OWN_NOTE_TYPES),
  deck: z.string().max(1000),
  tags: z.string().max(5000),
  fields: z.strictObject({
    front: fieldSchema.optional(),
    back: fieldSchema.optional(),
    text: fieldSchema.optional(),
    extra: fieldSchema.optional(),
  }),
});

const noteIdSchema = z
  .string()
  .min(8)
  .max(64)
  .regex(/^[a-z2-7]+$/);

const saveSchema = z.strictObject({ noteId: noteIdSchema.nullable(), draft: draftSchema });

export type SaveNoteState =
  { ok: true; noteId: string; created: boolean } | { ok: false; problems: NoteProblem[]; detail?: string };

/** The editor's live preview: the same check and renderer the save and the review use. */
export async function previewNoteAction(input: unknown): Promise<NoteCheck | null> {
  await requireUser();
  const parsed = parseInput(draftSchema, input);
  return parsed.ok ? checkNote(parsed.data) : null;
}

/** Adds a note (noteId null) or saves an edit; a refused note names each field and stores nothing. */
export async function saveNoteAction(input: unknown): Promise<SaveNoteState> {
  const user = await requireUser();
  const parsed = parseInput(saveSchema, input);
  if (!parsed.ok) return { ok: false, problems: [], detail: parsed.detail };
  const { noteId, draft } = parsed.data;
  const db = getDb();
  const now = new Date();
  try {
    const result =
      noteId === null ? await createNote(db, user.id, draft, now) : await updateNote(db, user.id, noteId, draft, now);
    if (!result.ok) return { ok: false, problems: result.problems };
    revalidatePath("/browse");
    return { ok: true, noteId: result.noteId, created: noteId === null };
  } catch (error) {
    if (error instanceof DomainError) return { ok: false, problems: [], detail: error.message };
    throw error;
  }
}

const idsSchema = z.strictObject({ noteId: noteIdSchema });

/** Moves one of the learner's notes to the trash. */
export async function trashNoteAction(input: unknown): Promise<{ ok: boolean }> {
  const user = await requireUser();
  const parsed = parseInput(idsSchema, input);
  if (!parsed.ok) return { ok: false };
  const count = await trashNotes(getDb(), user.id, [parsed.data.noteId], new Date());
  revalidatePath("/browse");
  return { ok: count === 1 };
}

/** Brings one of the learner's notes back from the trash. */
export async function restoreNoteAction(input: unknown): Promise<{ ok: boolean }> {
  const user = await requireUser();
  const parsed = parseInput(idsSchema, input);
  if (!parsed.ok) return { ok: false };
  try {
    await restoreNote(getDb(), user.id, parsed.data.noteId);
  } catch (error) {
    if (error instanceof DomainError) return { ok: false };
    throw error;
  }
  revalidatePath("/notes/trash");
  return { ok: true };
}

const personalSchema = z.strictObject({ itemId: z.string().min(1).max(200), text: z.string().max(20_000) });

/** Saves the learner's personal note on any item they study. */
export async function savePersonalNoteAction(
  input: unknown,
): Promise<PersonalNoteResult | { ok: false; code: "invalid" }> {
  const user = await requireUser();
  const parsed = parseInput(personalSchema, input);
  if (!parsed.ok) return { ok: false, code: "invalid" };
  try {
    return await savePersonalNote(getDb(), user.id, parsed.data.itemId, parsed.data.text);
  } catch (error) {
    if (error instanceof DomainError) return { ok: false, code: "invalid" };
    throw error;
  }
}

const imageSchema = z.strictObject({
  contentType: z.string().max(100),
  /** The file's bytes, base64: a server action's body is text. */
  base64: z
    .string()
    .max(Math.ceil((MAX_IMAGE_BYTES * 4) / 3) + 8)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/),
});

export type UploadImageState = SaveImageResult;

/** Stores an image the learner pasted or chose for a note; its Markdown goes into the field. */
export async function uploadImageAction(input: unknown): Promise<UploadImageState> {
  const user = await requireUser();
  const parsed = parseInput(imageSchema, input);
  if (!parsed.ok) {
    const sent = typeof input === "object" && input !== null ? (input as { base64?: unknown }).base64 : undefined;
    const tooLarge = typeof sent === "string" && sent.length > imageSchema.shape.base64.maxLength!;
    return { ok: false, problem: tooLarge ? { code: "too-large", maxBytes: MAX_IMAGE_BYTES } : { code: "empty" } };
  }
  const bytes = new Uint8Array(Buffer.from(parsed.data.base64, "base64"));
  return saveImage(getDb(), user.id, bytes, parsed.data.contentType, new Date());
}
