/**
 * What the dashboard shows of an item: a short bilingual title from its
 * stored payload (plain, and rich with its formulas rendered), the chapter of
 * the notes it comes from, the kind, and where to practise it.
 */
import { SECTION_SEPARATOR } from "../content/section-names";
import { TITLE_MAX_CHARS, escapeHtml, plainTitle, richTitle } from "./rich-title";
import { type ItemKind, itemKindOf } from "./types";

export interface BilingualText {
  zh: string;
  en: string;
}

export interface ItemMeta {
  id: string;
  kind: ItemKind;
  /** Plain text (a formula as its TeX): for the document title and labels. */
  title: BilingualText;
  /** HTML: the text escaped, formulas as rendered KaTeX. */
  titleHtml: BilingualText;
  /**
   * The notes' chapter the item comes from: the top heading of its section
   * ("第四章", "部分概念补充"), "" when the payload names no section.
   */
  chapter: string;
  /** Deck title for cards, topic for exercises and code. */
  topic: BilingualText;
  topicKey: string;
  /** Exercises: generator id; code: exercise id; cards: the content id. */
  contentId: string;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function bilingual(v: unknown, fallback: string): BilingualText {
  if (isRecord(v)) {
    const zh = typeof v.zh === "string" ? v.zh : fallback;
    const en = typeof v.en === "string" ? v.en : zh;
    return { zh, en };
  }
  return typeof v === "string" ? { zh: v, en: v } : { zh: fallback, en: fallback };
}

/** An Item's stored payload JSON, or null when it does not parse (then only the id speaks for the item). */
export function parsePayload(json: string): unknown {
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return null;
  }
}

/** The top heading of a section path of the notes ("第四章 › 4.2 损失函数" → "第四章"). */
export function chapterOfSource(source: unknown): string {
  return typeof source === "string" ? (source.split(SECTION_SEPARATOR)[0]?.trim() ?? "") : "";
}

const mapBoth = (b: BilingualText, f: (s: string) => string): BilingualText => ({ zh: f(b.zh), en: f(b.en) });

/** An exercise title is plain text; shortened the same way a card's front is. */
function shortened(text: string): string {
  return text.length > TITLE_MAX_CHARS ? `${text.slice(0, TITLE_MAX_CHARS - 1).trimEnd()}…` : text;
}

export function itemMetaOf(id: string, deck: string, payload: unknown): ItemMeta {
  const kind = itemKindOf(id);
  const contentId = id.slice(id.indexOf(":") + 1);
  const p = isRecord(payload) ? payload : {};
  const chapter = chapterOfSource(p.source);
  if (kind === "card") {
    const front = bilingual(p.front, escapeHtml(contentId));
    // A front that renders to nothing visible (only an image, say) is named by its id rather than left blank.
    const title = mapBoth(front, (html) => plainTitle(html) || contentId);
    return {
      id,
      kind,
      title,
      titleHtml: mapBoth(front, (html) => richTitle(html) || escapeHtml(contentId)),
      chapter,
      topic: bilingual(p.deckTitle, deck),
      topicKey: deck,
      contentId,
    };
  }
  const topic = typeof p.topic === "string" ? p.topic : deck;
  const ownId = kind === "exercise" ? p.generatorId : p.exerciseId;
  const title = mapBoth(bilingual(p.title, contentId), shortened);
  return {
    id,
    kind,
    title,
    titleHtml: mapBoth(title, escapeHtml),
    chapter,
    topic: { zh: topic, en: topic },
    topicKey: deck,
    contentId: typeof ownId === "string" ? ownId : contentId,
  };
}

/** The item's history page. */
export function historyHref(itemId: string): string {
  return `/items/${encodeURIComponent(itemId)}`;
}

/** Where to practise an item outside the schedule: exercises and code on their own pages, a card on its practice page. */
export function practiceHref(meta: Pick<ItemMeta, "id" | "kind" | "contentId">): string {
  if (meta.kind === "exercise") return `/exercises/${encodeURIComponent(meta.contentId)}`;
  if (meta.kind === "code") return `/code/${encodeURIComponent(meta.contentId)}`;
  return `/practice/${encodeURIComponent(meta.id)}`;
}

/**
 * The item id of a catch-all route's segments (/items/…, /practice/…). Links
 * encode the id ("card%3Anorm-l0"), and a segment may still arrive encoded.
 */
export function itemIdOfSegments(segments: readonly string[]): string {
  const joined = segments.join("/");
  try {
    return joined.includes("%") ? decodeURIComponent(joined) : joined;
  } catch {
    return joined;
  }
}

/** Replays one recorded exercise attempt: the same generator with the same seed. */
export function replayHref(generatorId: string, seed: number): string {
  return `/exercises/${encodeURIComponent(generatorId)}?seed=${encodeURIComponent(String(seed))}`;
}
