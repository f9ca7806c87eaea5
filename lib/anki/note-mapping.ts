/**
 * Which of the app's note types an Anki note becomes, decided by the
 * structure of its note type, never by its name (Anki localizes the stock
 * names: "Basic", "基础", "Einfach"…).
 *
 * Decisions:
 * - Basic, Basic (and reversed card) → the app's "basic" / "basic-reverse".
 * - Basic (optional reversed card) → "basic-reverse" when the note's
 *   "Add Reverse" field is non-empty, else "basic": the card Anki makes.
 * - Basic (type in the answer) → "basic": the app shows the answer instead
 *   of comparing a typed one.
 * - Cloze → the app's "cloze", unless a note uses what the app's cloze
 *   cannot hold (nested or shared deletions, deletions outside the text
 *   field, numbers above MAX_CLOZE_NUMBER); that note is kept as an Anki note type.
 * - Image Occlusion is refused with a message: the app has no card that
 *   masks parts of an image.
 * - Any other note type is kept as an Anki note type ("anki"): its fields
 *   as sanitized HTML, its cards rendered through lib/anki/template.ts.
 *
 * Card ordinals: an Anki card's `ord` is its template's ordinal (standard)
 * or its cloze number − 1 (cloze). The app numbers cards from 1: basic 1 is
 * front → back, 2 back → front; cloze n is deletion n. See appOrdOf.
 */
import { clozeNumbers, clozeProblems, strayClozeMarkers } from "@/lib/content/cloze";
import { MAX_CLOZE_NUMBER } from "@/lib/notes/note-types";

import { ankiHtmlToMarkdown, type FieldProblemCode, type MediaSrcOf, sanitizeAnkiHtml } from "./field-html";
import { escapeHtmlText } from "./html-tree";
import {
  ankiCardIsEmpty,
  ankiClozeNumbers,
  ankiFieldIsEmpty,
  parseAnkiTemplate,
  renderAnkiTemplate,
  type TemplateNode,
  type TemplateProblemCode,
  usesAnkiOnlyClozeSyntax,
} from "./template";
import type { AnkiNote, AnkiNoteType, AnkiTemplate } from "./types";

export type AnkiNoteKind =
  "basic" | "basic-reverse" | "basic-optional-reverse" | "basic-type-in" | "cloze" | "image-occlusion" | "template";

export type AnkiNoteProblemCode =
  | FieldProblemCode
  | TemplateProblemCode
  /** The note has more or fewer fields than its note type. */
  | "field-count"
  /** A cloze note kept as an Anki note type; `detail` says why. */
  | "cloze-kept-as-anki"
  /** No card's question shows anything; Anki still makes the first card. */
  | "empty-card";

export interface AnkiNoteProblem {
  code: AnkiNoteProblemCode;
  /** The field (`field "Back"`) or card template (`template "Card 1"`) the problem is in. */
  where: string;
  detail: string;
}

/** What an "anki" note keeps of its note type, so its cards can be rendered again and exported back. */
export interface AnkiNoteTypeSnapshot {
  name: string;
  kind: AnkiNoteType["kind"];
  fieldNames: string[];
  templates: AnkiTemplate[];
}

export interface AnkiRenderedCard {
  /** Anki's card ordinal: the template's for standard note types, the cloze number − 1 for cloze. */
  ord: number;
  frontHtml: string;
  backHtml: string;
}

export type MappedAnkiNote =
  | { type: "basic" | "basic-reverse"; fields: { front: string; back: string }; problems: AnkiNoteProblem[] }
  | { type: "cloze"; fields: { text: string; extra: string }; problems: AnkiNoteProblem[] }
  | {
      type: "anki";
      /** Field name → sanitized HTML, math left as `\(…\)` for the templates to place. */
      fields: Record<string, string>;
      ankiNoteType: AnkiNoteTypeSnapshot;
      cards: AnkiRenderedCard[];
      problems: AnkiNoteProblem[];
    }
  | { type: "refused"; reason: "image-occlusion"; message: string };

// Structure
//----------------------------------------

/** Roles of the fields in a note type the app has an equivalent of. */
type NoteTypeShape =
  | { kind: "basic" | "basic-reverse" | "basic-type-in"; front: string; back: string }
  | { kind: "basic-optional-reverse"; front: string; back: string; addReverse: string }
  | { kind: "cloze"; text: string; extra: string | null }
  | { kind: "image-occlusion" }
  | { kind: "template" };

const SPECIAL_FIELD_NAMES = ["FrontSide", "Card", "CardFlag", "Deck", "Subdeck", "Tags", "Type", "CardID"];

/** Template nodes that matter for structure: whitespace-only text dropped, text trimmed. */
function significant(nodes: TemplateNode[]): TemplateNode[] {
  return nodes.flatMap((node): TemplateNode[] => {
    if (node.kind !== "text") return [node];
    const text = node.text.trim();
    return text === "" ? [] : [{ kind: "text", text }];
  });
}

function parsedStrictly(format: string): TemplateNode[] | null {
  const { nodes, problems } = parseAnkiTemplate(format);
  return problems.length === 0 ? significant(nodes) : null;
}

function plainField(node: TemplateNode | undefined): string | null {
  if (node?.kind !== "replacement" || node.filters.length > 0 || SPECIAL_FIELD_NAMES.includes(node.key)) return null;
  return node.key;
}

function filteredField(node: TemplateNode | undefined, filter: string): string | null {
  if (node?.kind !== "replacement" || node.filters.length !== 1 || node.filters[0] !== filter) return null;
  return node.key;
}

const isFrontSide = (node: TemplateNode | undefined) =>
  node?.kind === "replacement" && node.key === "FrontSide" && node.filters.length === 0;
const isAnswerRule = (node: TemplateNode | undefined) => node?.kind === "text" && /^<hr\b[^>]*>$/i.test(node.text);
const isLineBreak = (node: TemplateNode | undefined) =>
  node?.kind === "text" && /^(?:<br\s*\/?>\s*)+$/i.test(node.text);

/** `{{FrontSide}}<hr id=answer>{{Back}}` (or the front field instead of FrontSide): the answer field. */
function answerField(
  nodes: TemplateNode[] | null,
  front: string,
  answer: (n: TemplateNode | undefined) => string | null,
) {
  if (nodes === null || nodes.length !== 3) return null;
  const [first, rule, last] = nodes;
  if (!(isFrontSide(first) || plainField(first) === front) || !isAnswerRule(rule)) return null;
  return answer(last);
}

function sameFieldSet(names: string[], used: string[]): boolean {
  return names.length === used.length && new Set(used).size === used.length && used.every((n) => names.includes(n));
}

function usesImageOcclusion(nt: AnkiNoteType): boolean {
  return nt.templates.some(
    (t) =>
      /image-occlusion|imageOcclusion/i.test(t.questionFormat + t.answerFormat) ||
      /\{\{\s*cloze:Image Occlusion\s*\}\}/.test(t.questionFormat),
  );
}

function describeCloze(nt: AnkiNoteType): NoteTypeShape {
  const [template, ...others] = nt.templates;
  if (template === undefined || others.length > 0) return { kind: "template" };
  const question = parsedStrictly(template.questionFormat);
  const answer = parsedStrictly(template.answerFormat);
  const text = question?.length === 1 ? filteredField(question[0], "cloze") : null;
  if (text === null || answer === null || filteredField(answer[0], "cloze") !== text) return { kind: "template" };
  const rest = answer.slice(1).filter((n) => !isLineBreak(n));
  if (rest.length === 0 && sameFieldSet(nt.fieldNames, [text])) return { kind: "cloze", text, extra: null };
  const extra = rest.length === 1 ? plainField(rest[0]) : null;
  if (extra !== null && sameFieldSet(nt.fieldNames, [text, extra])) return { kind: "cloze", text, extra };
  return { kind: "template" };
}

function describeStandard(nt: AnkiNoteType): NoteTypeShape {
  const templates = [...nt.templates].sort((a, b) => a.ordinal - b.ordinal);
  const [first, second, ...others] = templates;
  if (first === undefined || others.length > 0) return { kind: "template" };
  const question = parsedStrictly(first.questionFormat);
  const answer = parsedStrictly(first.answerFormat);
  const front = question?.length === 1 || question?.length === 2 ? plainField(question[0]) : null;
  if (front === null || question === null) return { kind: "template" };

  if (question.length === 2) {
    const typed = filteredField(question[1], "type");
    if (second !== undefined || typed === null) return { kind: "template" };
    const back = answerField(answer, front, (n) => filteredField(n, "type"));
    return back === typed && sameFieldSet(nt.fieldNames, [front, back])
      ? { kind: "basic-type-in", front, back }
      : { kind: "template" };
  }

  const back = answerField(answer, front, plainField);
  if (back === null) return { kind: "template" };
  if (second === undefined)
    return sameFieldSet(nt.fieldNames, [front, back]) ? { kind: "basic", front, back } : { kind: "template" };

  const reverseQuestion = parsedStrictly(second.questionFormat);
  const reverseAnswer = parsedStrictly(second.answerFormat);
  const [only] = reverseQuestion ?? [];
  if (reverseQuestion?.length !== 1 || only === undefined) return { kind: "template" };
  const reversedBack = (asked: string | null) =>
    asked === back && answerField(reverseAnswer, back, plainField) === front;

  if (reversedBack(plainField(only)) && sameFieldSet(nt.fieldNames, [front, back]))
    return { kind: "basic-reverse", front, back };
  if (only.kind === "conditional" && !only.negated) {
    const inner = significant(only.children);
    if (
      inner.length === 1 &&
      reversedBack(plainField(inner[0])) &&
      sameFieldSet(nt.fieldNames, [front, back, only.key])
    )
      return { kind: "basic-optional-reverse", front, back, addReverse: only.key };
  }
  return { kind: "template" };
}

function describeNoteType(nt: AnkiNoteType): NoteTypeShape {
  if (nt.kind === "cloze") return usesImageOcclusion(nt) ? { kind: "image-occlusion" } : describeCloze(nt);
  return describeStandard(nt);
}

/**
 * Classifies a note type by its fields and templates: e.g. 2 fields and one
 * template `{{F1}}` / `{{FrontSide}}<hr id=answer>{{F2}}` is "basic"
 * whatever it is called; whitespace between the parts does not matter.
 * Every field must be one the templates use, so that nothing is dropped.
 */
export function classifyNoteType(nt: AnkiNoteType): AnkiNoteKind {
  return describeNoteType(nt).kind;
}

/**
 * The app's card `ord` for an Anki card of a note type of `kind`, or null
 * when the app makes no such card: basic 0 → 1; reversed 0 → 1 (front →
 * back) and 1 → 2 (back → front); cloze ord n → deletion n + 1; a note kept
 * as an Anki note type numbers its cards from 1 the same way (template
 * ordinal + 1). Image Occlusion is not imported.
 */
export function appOrdOf(kind: AnkiNoteKind, ankiOrd: number): number | null {
  if (!Number.isInteger(ankiOrd) || ankiOrd < 0) return null;
  switch (kind) {
    case "basic":
    case "basic-type-in":
      return ankiOrd === 0 ? 1 : null;
    case "basic-reverse":
    case "basic-optional-reverse":
      return ankiOrd <= 1 ? ankiOrd + 1 : null;
    case "cloze":
    case "template":
      return ankiOrd + 1;
    case "image-occlusion":
      return null;
  }
}

// Mapping
//----------------------------------------

/** Anki's highest card ordinal for cloze notes (cardgen.rs caps the cloze number at 500). */
const MAX_ANKI_CLOZE_ORD = 499;

function fieldMapOf(nt: AnkiNoteType, note: AnkiNote, problems: AnkiNoteProblem[]): Record<string, string> {
  if (note.fields.length !== nt.fieldNames.length)
    problems.push({
      code: "field-count",
      where: `note ${note.guid}`,
      detail: `has ${note.fields.length} fields, note type "${nt.name}" has ${nt.fieldNames.length}`,
    });
  return Object.fromEntries(nt.fieldNames.map((name, i) => [name, note.fields[i] ?? ""]));
}

function markdownOf(name: string, html: string, mediaSrcOf: MediaSrcOf, problems: AnkiNoteProblem[]): string {
  const converted = ankiHtmlToMarkdown(html, mediaSrcOf);
  for (const p of converted.problems) problems.push({ code: p.code, where: `field "${name}"`, detail: p.detail });
  return converted.markdown;
}

function dedupe(problems: AnkiNoteProblem[]): AnkiNoteProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.code}\u0000${p.where}\u0000${p.detail}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Template code that would run in Anki's webview; the app runs none, and a card should not show it. */
function withoutScripts(format: string): string {
  return format.replace(/<(script|style)\b[\s\S]*?(?:<\/\1\s*>|$)/gi, "");
}

/** Anki's special fields the app can fill (rslib/src/notetype/render.rs `add_special_fields`). */
function specialFields(nt: AnkiNoteTypeSnapshot, template: AnkiTemplate, tags: string[]): Record<string, string> {
  const special: Record<string, string> = {
    Tags: escapeHtmlText(tags.join(" ")),
    Type: escapeHtmlText(nt.name),
    Card: escapeHtmlText(template.name),
  };
  for (const name of nt.fieldNames) delete special[name];
  return special;
}

/**
 * Renders card `ord` of a note kept as an Anki note type from its stored
 * (sanitized) fields: the question, then the answer with it as FrontSide,
 * each sanitized. Scripts in the templates are left out.
 */
export function renderAnkiCard(
  nt: AnkiNoteTypeSnapshot,
  fields: Record<string, string>,
  tags: string[],
  ord: number,
  mediaSrcOf: MediaSrcOf,
): { card: AnkiRenderedCard; problems: AnkiNoteProblem[] } {
  const problems: AnkiNoteProblem[] = [];
  const template = nt.kind === "cloze" ? nt.templates[0] : nt.templates.find((t) => t.ordinal === ord);
  if (template === undefined) {
    problems.push({
      code: "template-syntax",
      where: `card ${ord + 1}`,
      detail: `note type "${nt.name}" has no such template`,
    });
    return { card: { ord, frontHtml: "", backHtml: "" }, problems };
  }
  const where = `template "${template.name}"`;
  if (
    withoutScripts(template.questionFormat + template.answerFormat) !==
    template.questionFormat + template.answerFormat
  )
    problems.push({ code: "script", where, detail: "the template's scripts and styles are left out" });
  const context = { ...specialFields(nt, template, tags), ...fields };
  const cloze = nt.kind === "cloze" ? ord + 1 : undefined;
  if (cloze === undefined && !Object.hasOwn(context, `c${ord + 1}`)) context[`c${ord + 1}`] = "1";
  const question = renderAnkiTemplate(withoutScripts(template.questionFormat), context, cloze ? { cloze } : {});
  const answer = renderAnkiTemplate(withoutScripts(template.answerFormat), context, {
    ...(cloze ? { cloze } : {}),
    frontSide: question.html,
  });
  const front = sanitizeAnkiHtml(question.html, mediaSrcOf);
  const back = sanitizeAnkiHtml(answer.html, mediaSrcOf);
  for (const p of [...question.problems, ...answer.problems, ...front.problems, ...back.problems])
    problems.push({ code: p.code, where, detail: p.detail });
  return { card: { ord, frontHtml: front.html, backHtml: back.html }, problems };
}

/** The Anki ordinals of the cards a note makes, by Anki's rules (rslib/src/notetype/cardgen.rs). */
function ankiCardOrds(nt: AnkiNoteType, note: AnkiNote, rawFields: Record<string, string>): number[] {
  if (nt.kind === "cloze") {
    const ords = ankiClozeNumbers(Object.values(rawFields)).map((n) => Math.min(n - 1, MAX_ANKI_CLOZE_ORD));
    return [...new Set(ords)];
  }
  const nonEmpty = new Set(Object.keys(rawFields).filter((name) => !ankiFieldIsEmpty(rawFields[name] ?? "")));
  for (const special of SPECIAL_FIELD_NAMES)
    if (!nt.fieldNames.includes(special) && special !== "FrontSide" && (special !== "Tags" || note.tags.length > 0))
      nonEmpty.add(special);
  return [...nt.templates]
    .sort((a, b) => a.ordinal - b.ordinal)
    .filter((t) => !ankiCardIsEmpty(t.questionFormat, nonEmpty))
    .map((t) => t.ordinal);
}

function mapAsAnki(
  nt: AnkiNoteType,
  note: AnkiNote,
  rawFields: Record<string, string>,
  mediaSrcOf: MediaSrcOf,
  problems: AnkiNoteProblem[],
): MappedAnkiNote {
  const fields: Record<string, string> = {};
  for (const [name, html] of Object.entries(rawFields)) {
    const sanitized = sanitizeAnkiHtml(html, mediaSrcOf, { renderMath: false });
    fields[name] = sanitized.html;
    for (const p of sanitized.problems) problems.push({ code: p.code, where: `field "${name}"`, detail: p.detail });
  }
  const snapshot: AnkiNoteTypeSnapshot = {
    name: nt.name,
    kind: nt.kind,
    fieldNames: [...nt.fieldNames],
    templates: nt.templates.map((t) => ({ ...t })),
  };
  let ords = ankiCardOrds(nt, note, rawFields);
  if (ords.length === 0) {
    // Anki gives every note at least its first card, blank or not (cardgen.rs `new_cards_required`).
    problems.push({ code: "empty-card", where: `note ${note.guid}`, detail: "no card's question shows a field" });
    ords = [0];
  }
  const cards = ords.map((ord) => {
    const rendered = renderAnkiCard(snapshot, fields, note.tags, ord, mediaSrcOf);
    problems.push(...rendered.problems);
    return rendered.card;
  });
  return { type: "anki", fields, ankiNoteType: snapshot, cards, problems: dedupe(problems) };
}

/** Why a cloze note cannot be the app's cloze note, or null when it can. */
function clozeMismatch(rawFields: Record<string, string>, textField: string, textMarkdown: string): string | null {
  const text = rawFields[textField] ?? "";
  if (usesAnkiOnlyClozeSyntax(text)) return "it nests deletions or shares one between cards";
  const anki = ankiClozeNumbers(Object.values(rawFields));
  if (anki.length === 0) return "it has no deletion";
  if (anki.some((n) => n > MAX_CLOZE_NUMBER)) return `it has a deletion numbered above ${MAX_CLOZE_NUMBER}`;
  if (clozeProblems(textMarkdown).length > 0 || strayClozeMarkers(textMarkdown).length > 0)
    return "its text has braces the app would read as a broken deletion";
  if (clozeNumbers(textMarkdown).join(",") !== anki.join(","))
    return `its deletions (${anki.join(", ")}) are not all in the "${textField}" field`;
  return null;
}

/**
 * Maps one Anki note of note type `nt` (classified as `kind`) to an app
 * note, its fields converted through `mediaSrcOf` (media file name → the
 * learner's `/media/<id>`). Never throws on content: what cannot be kept is
 * in `problems`, each naming its field or template. See the module comment
 * for the decisions.
 */
export function mapAnkiNote(
  nt: AnkiNoteType,
  note: AnkiNote,
  kind: AnkiNoteKind,
  mediaSrcOf: MediaSrcOf,
): MappedAnkiNote {
  const problems: AnkiNoteProblem[] = [];
  if (kind === "image-occlusion")
    return {
      type: "refused",
      reason: "image-occlusion",
      message: `Note type "${nt.name}" is Image Occlusion, which the app has no card for: its notes are not imported.`,
    };
  const rawFields = fieldMapOf(nt, note, problems);
  const shape = describeNoteType(nt);
  if (shape.kind === "template" || shape.kind === "image-occlusion" || shape.kind !== kind)
    return mapAsAnki(nt, note, rawFields, mediaSrcOf, problems);
  return mapAsOwnType(shape, note, rawFields, mediaSrcOf, problems, nt);
}

function mapAsOwnType(
  shape: Exclude<NoteTypeShape, { kind: "template" } | { kind: "image-occlusion" }>,
  note: AnkiNote,
  rawFields: Record<string, string>,
  mediaSrcOf: MediaSrcOf,
  problems: AnkiNoteProblem[],
  nt: AnkiNoteType,
): MappedAnkiNote {
  if (shape.kind === "cloze") {
    const text = markdownOf(shape.text, rawFields[shape.text] ?? "", mediaSrcOf, problems);
    const mismatch = clozeMismatch(rawFields, shape.text, text);
    if (mismatch !== null) {
      const kept: AnkiNoteProblem[] = [
        ...problems.filter((p) => p.code === "field-count"),
        { code: "cloze-kept-as-anki", where: `note ${note.guid}`, detail: mismatch },
      ];
      return mapAsAnki(nt, note, rawFields, mediaSrcOf, kept);
    }
    const extra =
      shape.extra === null ? "" : markdownOf(shape.extra, rawFields[shape.extra] ?? "", mediaSrcOf, problems);
    return { type: "cloze", fields: { text, extra }, problems: dedupe(problems) };
  }

  const fields = {
    front: markdownOf(shape.front, rawFields[shape.front] ?? "", mediaSrcOf, problems),
    back: markdownOf(shape.back, rawFields[shape.back] ?? "", mediaSrcOf, problems),
  };
  const reversed =
    shape.kind === "basic-reverse" ||
    (shape.kind === "basic-optional-reverse" && !ankiFieldIsEmpty(rawFields[shape.addReverse] ?? ""));
  return { type: reversed ? "basic-reverse" : "basic", fields, problems: dedupe(problems) };
}
