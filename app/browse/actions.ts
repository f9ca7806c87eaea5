"use server";

import { randomBytes } from "node:crypto";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { BULK_ACTIONS, MAX_BULK_ITEMS, parseDueRange } from "@/lib/browse/bulk";
import { normalizeDeckName } from "@/lib/decks/deck-names";
import { parseOneTag } from "@/lib/notes/tags";
import { createRng } from "@/lib/random";
import { MAX_QUERY_CHARS } from "@/lib/search/parse";
import type { SearchError } from "@/lib/search/types";
import { parseInput } from "@/lib/server/action-input";
import { requireUser } from "@/lib/server/auth";
import { type BulkAction, applyBulkAction } from "@/lib/server/browse";
import { getDb } from "@/lib/server/db";

const bulkSchema = z.strictObject({
  action: z.enum(BULK_ACTIONS),
  /** Days, a deck name or a tag, as the action needs. */
  argument: z.string().max(300),
  selection: z.union([
    z.strictObject({ itemIds: z.array(z.string().min(1).max(200)).min(1).max(MAX_BULK_ITEMS) }),
    z.strictObject({ query: z.string().max(MAX_QUERY_CHARS) }),
  ]),
});

export type BulkState =
  | { ok: true; action: (typeof BULK_ACTIONS)[number]; changed: number }
  | { ok: false; code: "bad-due" | "bad-tag" | "bad-deck" | "invalid-input"; detail?: string }
  | { ok: false; code: "bad-search"; error: SearchError };

function bulkOf(action: (typeof BULK_ACTIONS)[number], argument: string): BulkAction | BulkState {
  switch (action) {
    case "set-due": {
      const range = parseDueRange(argument);
      return range ? { action, range } : { ok: false, code: "bad-due" };
    }
    case "move": {
      const deck = normalizeDeckName(argument);
      return deck.ok ? { action, deckName: deck.name } : { ok: false, code: "bad-deck" };
    }
    case "add-tag":
    case "remove-tag": {
      const tag = parseOneTag(argument);
      return tag ? { action, tag } : { ok: false, code: "bad-tag" };
    }
    default:
      return { action };
  }
}

/** A bulk action of the browser on the learner's selection (ticked rows, or the whole search). */
export async function bulkAction(input: unknown): Promise<BulkState> {
  const user = await requireUser();
  const parsed = parseInput(bulkSchema, input);
  if (!parsed.ok) return { ok: false, code: "invalid-input", detail: parsed.detail };
  const bulk = bulkOf(parsed.data.action, parsed.data.argument);
  if ("ok" in bulk) return bulk;
  // Set due draws each card's day at random: a fresh seed per request, passed in as the data layer asks.
  const rng = createRng(randomBytes(8).toString("hex"));
  const result = await applyBulkAction(getDb(), user.id, parsed.data.selection, bulk, new Date(), rng);
  if (!result.ok) return { ok: false, code: "bad-search", error: result.error };
  revalidatePath("/browse");
  return { ok: true, action: parsed.data.action, changed: result.changed };
}
