/**
 * Parses and validates deck files into renderable items. Pure: file contents
 * come in as strings; every problem is reported with the file, the field path
 * and what was expected, and nothing is returned unless every file is valid.
 */
import { createHash } from "node:crypto";
import { parseDocument } from "yaml";
import type { z } from "zod";
import { clozeBack, clozeFront, clozeGiveaways, clozeNumbers, clozeProblems } from "./cloze";
import { MathRenderError, renderMarkdown } from "./markdown";
import { POSITION_STRIDE } from "./schedulable";
import { type SearchFields, searchTextOf } from "./search-fields";
import { type Bilingual, type CardSource, type DeckFile, LOCALES, deckSchema } from "./schema";

export interface ContentProblem {
  file: string;
  field: string;
  message: string;
}

export class ContentError extends Error {
  constructor(readonly problems: ContentProblem[]) {
    super(
      `Invalid content (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
        problems.map((p) => `  ${p.file}: ${p.field}: ${p.message}`).join("\n"),
    );
    this.name = "ContentError";
  }
}

export type BilingualHtml = Record<(typeof LOCALES)[number], string>;

/** What the review page needs to show one card, already rendered. */
export interface CardPayload {
  kind: "card";
  deck: string;
  deckTitle: Bilingual;
  chapter: string;
  tags: string[];
  source: string;
  cardType: "basic" | "cloze";
  front: BilingualHtml;
  back: BilingualHtml;
}

export interface ContentItem {
  /** "<kind>:<contentId>" */
  id: string;
  kind: "card";
  contentId: string;
  deck: string;
  position: number;
  payload: CardPayload;
  contentHash: string;
  search: SearchFields;
}

export interface DeckInput {
  file: string;
  text: string;
}

function fieldPath(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("").replace(/^\./, "") || "(file)";
}

function zodProblems(file: string, error: z.ZodError): ContentProblem[] {
  return error.issues.map((issue) => ({ file, field: fieldPath(issue.path), message: issue.message }));
}

function renderField(file: string, field: string, markdown: string, problems: ContentProblem[]): string {
  try {
    return renderMarkdown(markdown);
  } catch (error) {
    const message = error instanceof MathRenderError ? error.message : `cannot render Markdown: ${String(error)}`;
    problems.push({ file, field, message });
    return "";
  }
}

function renderBilingual(
  file: string,
  field: string,
  value: Bilingual,
  problems: ContentProblem[],
  transform: (text: string) => string = (t) => t,
): BilingualHtml {
  return {
    zh: renderField(file, `${field}.zh`, transform(value.zh), problems),
    en: renderField(file, `${field}.en`, transform(value.en), problems),
  };
}

function hashOf(value: unknown): string {
  return createHash("sha256").update(JSON.stringify(value)).digest("hex").slice(0, 16);
}

function cardItems(file: string, deck: DeckFile, card: CardSource, index: number, problems: ContentProblem[]) {
  const searchOf = (type: "basic" | "cloze", text: string): SearchFields => ({
    cardType: type,
    noteType: type,
    tags: card.tags,
    text,
  });
  const at = `cards[${index}]`;
  const base = {
    kind: "card" as const,
    deck: deck.deck,
    deckTitle: deck.title,
    chapter: deck.chapter,
    tags: card.tags,
    source: card.source,
  };
  if (card.type === "basic") {
    const payload: CardPayload = {
      ...base,
      cardType: "basic",
      front: renderBilingual(file, `${at}.front`, card.front, problems),
      back: renderBilingual(file, `${at}.back`, card.back, problems),
    };
    const text = searchTextOf([card.front.zh, card.front.en, card.back.zh, card.back.en]);
    return [{ contentId: card.id, payload, search: searchOf("basic", text) }];
  }
  const numbersZh = clozeNumbers(card.text.zh);
  const numbersEn = clozeNumbers(card.text.en);
  for (const locale of LOCALES) {
    for (const message of [...clozeProblems(card.text[locale]), ...clozeGiveaways(card.text[locale])]) {
      problems.push({ file, field: `${at}.text.${locale}`, message });
    }
  }
  if (numbersZh.length === 0) {
    problems.push({ file, field: `${at}.text`, message: "a cloze card needs at least one {{c1::…}} deletion" });
    return [];
  }
  if (numbersZh.join(",") !== numbersEn.join(",")) {
    problems.push({
      file,
      field: `${at}.text`,
      message: `zh has deletions c${numbersZh.join(",c")} but en has c${numbersEn.join(",c") || "(none)"}; both languages need the same`,
    });
    return [];
  }
  const text = searchTextOf([card.text.zh, card.text.en, card.extra?.zh ?? "", card.extra?.en ?? ""]);
  return numbersZh.map((n) => {
    const extra = card.extra;
    const back = (t: string, locale: "zh" | "en") => clozeBack(t, n) + (extra ? `\n\n${extra[locale]}` : "");
    const payload: CardPayload = {
      ...base,
      cardType: "cloze",
      front: renderBilingual(file, `${at}.text`, card.text, problems, (t) => clozeFront(t, n)),
      back: {
        zh: renderField(file, `${at}.text.zh`, back(card.text.zh, "zh"), problems),
        en: renderField(file, `${at}.text.en`, back(card.text.en, "en"), problems),
      },
    };
    return {
      contentId: numbersZh.length === 1 ? card.id : `${card.id}-c${n}`,
      payload,
      search: searchOf("cloze", text),
    };
  });
}

/** Parses one deck file; problems are appended, never thrown. */
function parseDeck(input: DeckInput, problems: ContentProblem[]): { deck: DeckFile; items: Omit<ContentItem, "position">[] } | null {
  const doc = parseDocument(input.text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    for (const e of doc.errors) problems.push({ file: input.file, field: "(yaml)", message: e.message.split("\n")[0] ?? e.message });
    return null;
  }
  const parsed = deckSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    problems.push(...zodProblems(input.file, parsed.error));
    return null;
  }
  const deck = parsed.data;
  const items = deck.cards.flatMap((card, index) =>
    cardItems(input.file, deck, card, index, problems).map(({ contentId, payload, search }) => ({
      id: `card:${contentId}`,
      kind: "card" as const,
      contentId,
      deck: deck.deck,
      payload,
      contentHash: hashOf(payload),
      search,
    })),
  );
  return { deck, items };
}

/**
 * Validates every deck and returns all items in introduction order (decks by
 * `order`, then file name; cards in file order). Throws ContentError listing
 * every problem if anything is invalid.
 */
export function loadDecks(inputs: readonly DeckInput[]): ContentItem[] {
  const problems: ContentProblem[] = [];
  const decks = inputs
    .map((input) => ({ input, parsed: parseDeck(input, problems) }))
    .filter((d): d is { input: DeckInput; parsed: NonNullable<ReturnType<typeof parseDeck>> } => d.parsed !== null);
  const seenDecks = new Map<string, string>();
  const seenIds = new Map<string, string>();
  for (const { input, parsed } of decks) {
    const other = seenDecks.get(parsed.deck.deck);
    if (other) problems.push({ file: input.file, field: "deck", message: `deck id "${parsed.deck.deck}" is already used by ${other}` });
    seenDecks.set(parsed.deck.deck, input.file);
    for (const item of parsed.items) {
      const where = seenIds.get(item.id);
      if (where) problems.push({ file: input.file, field: "cards", message: `duplicate card id "${item.contentId}" (also in ${where})` });
      seenIds.set(item.id, input.file);
    }
  }
  if (problems.length > 0) throw new ContentError(problems);
  decks.sort((a, b) => a.parsed.deck.order - b.parsed.deck.order || a.input.file.localeCompare(b.input.file));
  return decks
    .flatMap(({ parsed }) => parsed.items)
    .map((item, index) => ({ ...item, position: index * POSITION_STRIDE }));
}
