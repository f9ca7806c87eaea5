import "server-only";
/**
 * Reads content/ from disk and hands every kind of schedulable item to
 * syncItems. Validation happens for all kinds before anything is written.
 */
import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { type ContentItem, loadDecks } from "@/lib/content/deck";
import {
  type CodePayload,
  type ExercisePayload,
  type SchedulableItem,
  codeItems,
  exerciseItems,
} from "@/lib/content/schedulable";
import { listCodeExercises } from "@/lib/codecheck/catalog";
import { listGenerators } from "@/lib/exercises";
import type { Db } from "./db";
import { type ItemInput, type SyncSummary, syncItems } from "./content-store";

export interface LoadedContent {
  cards: ContentItem[];
  exercises: SchedulableItem<ExercisePayload>[];
  code: SchedulableItem<CodePayload>[];
}

export async function loadContent(contentDir: string): Promise<LoadedContent> {
  const deckDir = path.join(contentDir, "decks");
  const files = (await readdir(deckDir)).filter((f) => f.endsWith(".yaml") || f.endsWith(".yml")).sort();
  const inputs = await Promise.all(
    files.map(async (f) => ({ file: path.join(deckDir, f), text: await readFile(path.join(deckDir, f), "utf8") })),
  );
  const cards = loadDecks(inputs);
  const placed = cards.map((c) => ({ position: c.position, source: c.payload.source }));
  return {
    cards,
    exercises: exerciseItems(listGenerators(), placed),
    code: codeItems(listCodeExercises(), placed),
  };
}

export async function syncContent(db: Db, content: LoadedContent, now: Date): Promise<SyncSummary[]> {
  const kinds: [string, readonly ItemInput[]][] = [
    ["card", content.cards],
    ["exercise", content.exercises],
    ["code", content.code],
  ];
  const summaries: SyncSummary[] = [];
  for (const [kind, items] of kinds) summaries.push(await syncItems(db, kind, items, now));
  return summaries;
}
