import "server-only";
/**
 * Reads content/ from disk and hands every kind of schedulable item to
 * syncItems. Validation happens for all kinds before anything is written.
 */
import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { type ContentItem, loadDecks } from "@/lib/content/deck";
import type { Db } from "./db";
import { type ItemInput, type SyncSummary, syncItems } from "./content-store";

export interface LoadedContent {
  cards: ContentItem[];
}

export async function loadContent(contentDir: string): Promise<LoadedContent> {
  const deckDir = path.join(contentDir, "decks");
  const files = (await readdir(deckDir)).filter((f) => f.endsWith(".yaml") || f.endsWith(".yml")).sort();
  const inputs = await Promise.all(
    files.map(async (f) => ({ file: path.join(deckDir, f), text: await readFile(path.join(deckDir, f), "utf8") })),
  );
  return { cards: loadDecks(inputs) };
}

export async function syncContent(db: Db, content: LoadedContent, now: Date): Promise<SyncSummary[]> {
  const cards: ItemInput[] = content.cards;
  return [await syncItems(db, "card", cards, now)];
}
