"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { parseInput } from "@/lib/server/action-input";
import { requireUser } from "@/lib/server/auth";
import { getDb } from "@/lib/server/db";
import {
  type DeckResult,
  MAX_DECK_NEW_PER_DAY,
  MAX_DECK_REVIEWS_PER_DAY,
  createDeck,
  deleteDeck,
  renameDeck,
  saveDeckLimits,
} from "@/lib/server/decks";
import { DomainError } from "@/lib/server/errors";

export type DeckActionState = DeckResult | { ok: false; problem: "limits" | "invalid"; max?: number } | null;

const keySchema = z.string().min(1).max(200);
const nameSchema = z.strictObject({ name: z.string().max(1000) });
const renameSchema = z.strictObject({ key: keySchema, name: z.string().max(1000) });
const deleteSchema = z.strictObject({ key: keySchema });
/** "" clears a limit; otherwise a whole number in range. */
const limitText = (max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d{0,6}$/)
    .transform((s) => (s === "" ? null : Number(s)))
    .refine((n) => n === null || n <= max);
const limitsSchema = z.strictObject({
  key: keySchema,
  newPerDay: limitText(MAX_DECK_NEW_PER_DAY),
  maxReviewsPerDay: limitText(MAX_DECK_REVIEWS_PER_DAY),
});

async function guarded(run: () => Promise<DeckActionState>): Promise<DeckActionState> {
  try {
    const result = await run();
    if (result?.ok) revalidatePath("/decks");
    return result;
  } catch (error) {
    if (error instanceof DomainError) return { ok: false, problem: "invalid" };
    throw error;
  }
}

export async function createDeckAction(input: unknown): Promise<DeckActionState> {
  const user = await requireUser();
  const parsed = parseInput(nameSchema, input);
  if (!parsed.ok) return { ok: false, problem: "invalid" };
  return guarded(() => createDeck(getDb(), user.id, parsed.data.name));
}

export async function renameDeckAction(input: unknown): Promise<DeckActionState> {
  const user = await requireUser();
  const parsed = parseInput(renameSchema, input);
  if (!parsed.ok) return { ok: false, problem: "invalid" };
  return guarded(() => renameDeck(getDb(), user.id, parsed.data.key, parsed.data.name));
}

export async function deleteDeckAction(input: unknown): Promise<DeckActionState> {
  const user = await requireUser();
  const parsed = parseInput(deleteSchema, input);
  if (!parsed.ok) return { ok: false, problem: "invalid" };
  return guarded(() => deleteDeck(getDb(), user.id, parsed.data.key));
}

export async function saveDeckLimitsAction(input: unknown): Promise<DeckActionState> {
  const user = await requireUser();
  const parsed = parseInput(limitsSchema, input);
  if (!parsed.ok) return { ok: false, problem: "limits", max: MAX_DECK_REVIEWS_PER_DAY };
  const { key, newPerDay, maxReviewsPerDay } = parsed.data;
  return guarded(async () => {
    await saveDeckLimits(getDb(), user.id, key, { newPerDay, maxReviewsPerDay });
    return { ok: true, key };
  });
}
