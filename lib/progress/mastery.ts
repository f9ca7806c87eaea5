/**
 * Mastery by chapter and topic of the notes (share of items mature,
 * learning, new), and accuracy with a recent trend per exercise.
 */
import { chapterNumber } from "../content/section-names";
import type { BilingualText, ItemMeta } from "./items";
import { type ItemKind, MATURE_INTERVAL_DAYS, type PassCount, rateOf } from "./types";

export type MasteryClass = "new" | "learning" | "mature";

export interface MasteryCountRow {
  /** Item id, or a deck's representative when counts are grouped by deck (cards). */
  itemId: string;
  cls: MasteryClass;
  count: number;
}

export interface MasteryTopic {
  kind: ItemKind;
  topicKey: string;
  topic: BilingualText;
  new: number;
  learning: number;
  mature: number;
  total: number;
}

export interface MasteryChapter {
  /** The notes' top heading ("第四章", "部分概念补充"; see ItemMeta.chapter), "" for items without one. */
  chapter: string;
  topics: MasteryTopic[];
  new: number;
  learning: number;
  mature: number;
  total: number;
}

export function masteryClassOf(status: string, intervalDays: number): MasteryClass {
  if (status === "new") return "new";
  return intervalDays >= MATURE_INTERVAL_DAYS ? "mature" : "learning";
}

const KIND_ORDER: Record<ItemKind, number> = { card: 0, exercise: 1, code: 2 };

/**
 * Chapters in the notes' order: the concepts page, then chapter 4, 6, 10 (by
 * number, not by name), items without a chapter last.
 */
export function compareChapters(a: string, b: string): number {
  if ((a === "") !== (b === "")) return a === "" ? 1 : -1;
  return chapterNumber(a) - chapterNumber(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** Groups counts into chapters (compareChapters) and topics (cards, then exercises, then code). */
export function summarizeMastery(
  rows: readonly MasteryCountRow[],
  metaOf: (itemId: string) => ItemMeta | undefined,
): MasteryChapter[] {
  const chapters = new Map<string, MasteryChapter>();
  for (const r of rows) {
    const meta = metaOf(r.itemId);
    if (!meta) continue;
    let chapter = chapters.get(meta.chapter);
    if (!chapter) {
      chapter = { chapter: meta.chapter, topics: [], new: 0, learning: 0, mature: 0, total: 0 };
      chapters.set(meta.chapter, chapter);
    }
    let topic = chapter.topics.find((t) => t.topicKey === meta.topicKey && t.kind === meta.kind);
    if (!topic) {
      topic = { kind: meta.kind, topicKey: meta.topicKey, topic: meta.topic, new: 0, learning: 0, mature: 0, total: 0 };
      chapter.topics.push(topic);
    }
    topic[r.cls] += r.count;
    topic.total += r.count;
    chapter[r.cls] += r.count;
    chapter.total += r.count;
  }
  const list = [...chapters.values()];
  for (const c of list)
    c.topics.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.topicKey.localeCompare(b.topicKey));
  return list.sort((a, b) => compareChapters(a.chapter, b.chapter));
}

export interface ExerciseStatRow {
  itemId: string;
  all: PassCount;
  /** The last RECENT_DAYS learner days. */
  recent: PassCount;
  /** The RECENT_DAYS before those. */
  prior: PassCount;
  lastReviewedAt: string | null;
}

export type Trend = "up" | "down" | "flat" | "unknown";

/** A change in accuracy smaller than this (fraction) between the two windows is "flat". */
export const TREND_FLAT_BAND = 0.05;
/** Window, in learner days, of the "recent" accuracy. */
export const RECENT_DAYS = 30;

export function trendOf(recent: PassCount, prior: PassCount): Trend {
  const a = rateOf(recent);
  const b = rateOf(prior);
  if (a === null || b === null) return "unknown";
  if (a - b > TREND_FLAT_BAND) return "up";
  if (b - a > TREND_FLAT_BAND) return "down";
  return "flat";
}
