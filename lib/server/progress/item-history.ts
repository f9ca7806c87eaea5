import "server-only";
/**
 * One item's page: what the item is (a card's faces, an exercise's prompt, a
 * coding exercise's task), and this learner's state of it and reviews of it,
 * with the learner's time zone to show their instants in.
 */
import { findCodeExercise } from "@/lib/codecheck/catalog";
import { renderMarkdown } from "@/lib/content/markdown";
import { generateExercise } from "@/lib/exercises";
import { type AttemptView, type CodeAttemptView, parseAttempt, parseCodeAttempt } from "@/lib/progress/history";
import { type BilingualText, type ItemMeta, itemMetaOf, parsePayload } from "@/lib/progress/items";
import { learnerDayKey } from "@/lib/srs/day";
import type { Db } from "../db";
import { MAX_SEED } from "../exercises";
import { fetchLearnerDay } from "./context";

export interface HistoryReview {
  id: string;
  reviewedAt: string;
  dayKey: string;
  kind: string;
  quality: number;
  durationMs: number;
  intervalBefore: number;
  intervalAfter: number;
  easeAfter: number;
  /** A computed exercise's attempt (seed, answers), null for other items. */
  attempt: AttemptView | null;
  /** A coding exercise's runs, null for other items. */
  codeAttempt: CodeAttemptView | null;
}

/** What the item asks, rendered as the review shows it. */
export type ItemContent =
  | { kind: "card"; frontHtml: BilingualText; backHtml: BilingualText; source: string }
  | {
      kind: "exercise";
      /** The prompt of the learner's latest attempt, or of an example instance before the first. */
      promptHtml: BilingualText | null;
      seed: number;
      seedOf: "latest" | "example";
      source: string;
    }
  | { kind: "code"; taskHtml: BilingualText | null; source: string };

export interface ItemHistory {
  item: ItemMeta;
  content: ItemContent;
  retired: boolean;
  /** The learner's IANA time zone: every instant of the page is shown in it. */
  timeZone: string;
  state: {
    status: string;
    intervalDays: number;
    ease: number;
    lapses: number;
    repetitions: number;
    dueAt: string | null;
  } | null;
  /** Oldest first. */
  reviews: HistoryReview[];
  /** More reviews exist than were loaded. */
  truncated: boolean;
}

export const HISTORY_LIMIT = 500;
/** The instance an exercise's page shows before the learner has attempted it. */
export const EXAMPLE_SEED = 1;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function htmlPair(v: unknown): BilingualText {
  const r = isRecord(v) ? v : {};
  return { zh: typeof r.zh === "string" ? r.zh : "", en: typeof r.en === "string" ? r.en : "" };
}

const renderBoth = (b: BilingualText): BilingualText => ({ zh: renderMarkdown(b.zh), en: renderMarkdown(b.en) });

function exercisePrompt(generatorId: string, seed: number): BilingualText | null {
  try {
    return renderBoth(generateExercise(generatorId, seed).prompt);
  } catch {
    // A generator that no longer exists (a retired item): the page still shows the history.
    return null;
  }
}

function contentOf(meta: ItemMeta, payload: unknown, reviews: readonly HistoryReview[]): ItemContent {
  const p = isRecord(payload) ? payload : {};
  const source = typeof p.source === "string" ? p.source : "";
  if (meta.kind === "card") return { kind: "card", frontHtml: htmlPair(p.front), backHtml: htmlPair(p.back), source };
  if (meta.kind === "exercise") {
    const latest = reviews.findLast((r) => typeof r.attempt?.seed === "number")?.attempt?.seed;
    const replayable = typeof latest === "number" && Number.isSafeInteger(latest) && latest >= 0 && latest <= MAX_SEED;
    const seed = replayable ? latest : EXAMPLE_SEED;
    return {
      kind: "exercise",
      promptHtml: exercisePrompt(meta.contentId, seed),
      seed,
      seedOf: replayable ? "latest" : "example",
      source,
    };
  }
  const exercise = findCodeExercise(meta.contentId);
  return { kind: "code", taskHtml: exercise ? renderBoth(exercise.task) : null, source };
}

/** An item's payload (shared) and this learner's state and reviews of it; null if no such item. */
export async function fetchItemHistory(db: Db, userId: string, itemId: string): Promise<ItemHistory | null> {
  const [item, day] = await Promise.all([
    // Built-in content, or the learner's own card; another learner's card is no item to them.
    db.item.findFirst({
      where: { id: itemId, OR: [{ ownerId: null }, { ownerId: userId }] },
      select: { id: true, deck: true, payload: true, retiredAt: true },
    }),
    fetchLearnerDay(db, userId),
  ]);
  if (!item) return null;
  const [state, logs] = await Promise.all([
    db.itemState.findUnique({ where: { userId_itemId: { userId, itemId } } }),
    db.reviewLog.findMany({
      where: { userId, itemId, undoneAt: null },
      orderBy: [{ reviewedAt: "desc" }, { id: "desc" }],
      take: HISTORY_LIMIT + 1,
      select: {
        id: true,
        kind: true,
        quality: true,
        reviewedAt: true,
        durationMs: true,
        intervalBefore: true,
        intervalAfter: true,
        easeAfter: true,
        detail: true,
      },
    }),
  ]);
  const payload = parsePayload(item.payload);
  const meta = itemMetaOf(item.id, item.deck, payload);
  const truncated = logs.length > HISTORY_LIMIT;
  const reviews: HistoryReview[] = logs
    .slice(0, HISTORY_LIMIT)
    .reverse()
    .map((l) => ({
      id: l.id,
      reviewedAt: l.reviewedAt.toISOString(),
      dayKey: learnerDayKey(l.reviewedAt, day),
      kind: l.kind,
      quality: l.quality,
      durationMs: l.durationMs,
      intervalBefore: l.intervalBefore,
      intervalAfter: l.intervalAfter,
      easeAfter: l.easeAfter / 1000,
      attempt: meta.kind === "exercise" ? parseAttempt(l.detail) : null,
      codeAttempt: meta.kind === "code" ? parseCodeAttempt(l.detail) : null,
    }));
  return {
    item: meta,
    content: contentOf(meta, payload, reviews),
    retired: item.retiredAt !== null,
    timeZone: day.timeZone,
    state: state
      ? {
          status: state.status,
          intervalDays: state.intervalDays,
          ease: state.easePermille / 1000,
          lapses: state.lapses,
          repetitions: state.repetitions,
          dueAt: state.dueAt?.toISOString() ?? null,
        }
      : null,
    reviews,
    truncated,
  };
}
