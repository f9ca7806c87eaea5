/**
 * Turns the computed-exercise generators and the coding exercises into
 * schedulable items beside the cards. Each is introduced right after the last
 * card of its section of the notes, so a learner meets a formula as a card
 * before being asked to use it.
 */
import { createHash } from "node:crypto";
import type { Bilingual } from "./schema";
import { type SearchFields, searchTextOf } from "./search-fields";

export interface ExerciseSource {
  id: string;
  topic: string;
  chapter?: string;
  title: Bilingual;
  source: string;
}

export interface ExercisePayload {
  kind: "exercise";
  generatorId: string;
  topic: string;
  chapter: string;
  title: Bilingual;
  source: string;
}

export interface CodePayload {
  kind: "code";
  exerciseId: string;
  topic: string;
  title: Bilingual;
  source: string;
}

export interface SchedulableItem<P> {
  id: string;
  kind: "exercise" | "code";
  contentId: string;
  deck: string;
  position: number;
  payload: P;
  contentHash: string;
  search: SearchFields;
}

/** Card positions are spread by this factor so other items fit in between. */
export const POSITION_STRIDE = 10;

function hashOf(value: unknown): string {
  return createHash("sha256").update(JSON.stringify(value)).digest("hex").slice(0, 16);
}

/** Position right after the last card from `source` (or a section under it), else at the end. */
function positionAfterSection(
  cards: readonly { position: number; source: string }[],
  source: string,
  offset: number,
): number {
  let last = -1;
  let end = 0;
  for (const card of cards) {
    end = Math.max(end, card.position);
    if (card.source === source || card.source.startsWith(`${source} › `)) last = Math.max(last, card.position);
  }
  return (last >= 0 ? last : end + POSITION_STRIDE - 1) + offset;
}

export function exerciseItems(
  generators: readonly ExerciseSource[],
  cards: readonly { position: number; source: string }[],
): SchedulableItem<ExercisePayload>[] {
  return generators.map((g, index) => {
    const payload: ExercisePayload = {
      kind: "exercise",
      generatorId: g.id,
      topic: g.topic,
      chapter: g.chapter ?? "",
      title: g.title,
      source: g.source,
    };
    return {
      id: `exercise:${g.id}`,
      kind: "exercise",
      contentId: g.id,
      deck: `exercises-${g.topic}`,
      position: positionAfterSection(cards, g.source, 1 + (index % 4)),
      payload,
      contentHash: hashOf(payload),
      search: {
        cardType: "exercise",
        noteType: "exercise",
        tags: [g.topic],
        text: searchTextOf([g.title.zh, g.title.en, g.topic]),
      },
    };
  });
}

export function codeItems(
  exercises: readonly Omit<ExerciseSource, "chapter">[],
  cards: readonly { position: number; source: string }[],
): SchedulableItem<CodePayload>[] {
  return exercises.map((e, index) => {
    const payload: CodePayload = { kind: "code", exerciseId: e.id, topic: e.topic, title: e.title, source: e.source };
    return {
      id: `code:${e.id}`,
      kind: "code",
      contentId: e.id,
      deck: `code-${e.topic}`,
      position: positionAfterSection(cards, e.source, 5 + (index % 4)),
      payload,
      contentHash: hashOf(payload),
      search: {
        cardType: "code",
        noteType: "code",
        tags: [e.topic],
        text: searchTextOf([e.title.zh, e.title.en, e.topic]),
      },
    };
  });
}
