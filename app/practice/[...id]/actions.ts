"use server";

import { z } from "zod";
import { type Failure, durationMsSchema, expectedFailure, parseInput, reviewIdSchema } from "@/lib/server/action-input";
import { requireUser } from "@/lib/server/auth";
import { type CardDrillResult, isCardItemId, recordCardDrill } from "@/lib/server/card-drills";
import { getDb } from "@/lib/server/db";

const MAX_ITEM_ID_CHARS = 200;

const cardDrillSchema = z.strictObject({
  reviewId: reviewIdSchema,
  itemId: z.string().min(1).max(MAX_ITEM_ID_CHARS).refine(isCardItemId, "not a card"),
  quality: z.number().int().min(0).max(5),
  durationMs: durationMsSchema,
});

export type CardDrillActionResult = ({ ok: true } & CardDrillResult) | Failure;

/** Records a practised card's grade as a "drill" (no schedule change; a repeat is a no-op). */
export async function recordCardDrillAction(input: unknown): Promise<CardDrillActionResult> {
  const user = await requireUser();
  const parsed = parseInput(cardDrillSchema, input);
  if (!parsed.ok) return parsed;
  try {
    return { ok: true, ...(await recordCardDrill(getDb(), user.id, parsed.data, new Date())) };
  } catch (error) {
    return expectedFailure(error);
  }
}
