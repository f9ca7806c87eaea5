/**
 * What the dashboard shows of an item: a short bilingual title from its
 * stored payload, the kind, and where to practise it.
 */
import { type ItemKind, itemKindOf } from "./types";

export interface BilingualText {
  zh: string;
  en: string;
}

export interface ItemMeta {
  id: string;
  kind: ItemKind;
  title: BilingualText;
  /** Chapter of the notes ("ch4", "concepts"), "" when the item has none. */
  chapter: string;
  /** Deck title for cards, topic for exercises and code. */
  topic: BilingualText;
  topicKey: string;
  /** Exercises: generator id; code: exercise id; cards: the content id. */
  contentId: string;
}

const TITLE_MAX_CHARS = 80;

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

/** Visible text of rendered HTML (tags dropped, entities of the renderer decoded, KaTeX annotations skipped), shortened. */
export function plainText(html: string, max = TITLE_MAX_CHARS): string {
  const text = html
    .replace(/<annotation[\s\S]*?<\/annotation>/g, "")
    .replace(/<span class="katex-html"[\s\S]*?<\/span><\/span><\/span>/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function itemMetaOf(id: string, deck: string, payload: unknown): ItemMeta {
  const kind = itemKindOf(id);
  const contentId = id.slice(id.indexOf(":") + 1);
  const p = isRecord(payload) ? payload : {};
  if (kind === "card") {
    const front = bilingual(p.front, contentId);
    return {
      id,
      kind,
      title: { zh: plainText(front.zh) || contentId, en: plainText(front.en) || contentId },
      chapter: typeof p.chapter === "string" ? p.chapter : "",
      topic: bilingual(p.deckTitle, deck),
      topicKey: deck,
      contentId,
    };
  }
  const topic = typeof p.topic === "string" ? p.topic : deck;
  const ownId = kind === "exercise" ? p.generatorId : p.exerciseId;
  return {
    id,
    kind,
    title: bilingual(p.title, contentId),
    chapter: typeof p.chapter === "string" ? p.chapter : "",
    topic: { zh: topic, en: topic },
    topicKey: deck,
    contentId: typeof ownId === "string" ? ownId : contentId,
  };
}

/** The item's history page. */
export function historyHref(itemId: string): string {
  return `/items/${encodeURIComponent(itemId)}`;
}

/** Where to practise an item: exercises and code on their own pages, cards via their history. */
export function practiceHref(meta: Pick<ItemMeta, "id" | "kind" | "contentId">): string {
  if (meta.kind === "exercise") return `/exercises/${encodeURIComponent(meta.contentId)}`;
  if (meta.kind === "code") return `/code/${encodeURIComponent(meta.contentId)}`;
  return historyHref(meta.id);
}

/** Replays one recorded exercise attempt: the same generator with the same seed. */
export function replayHref(generatorId: string, seed: number): string {
  return `/exercises/${encodeURIComponent(generatorId)}?seed=${encodeURIComponent(String(seed))}`;
}
