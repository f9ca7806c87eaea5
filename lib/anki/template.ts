/**
 * The safe subset of Anki's card template language, after Anki's own
 * renderer (rslib/src/template.rs, template_filters.rs and cloze.rs in
 * https://github.com/ankitects/anki):
 *
 * - `{{Field}}` inserts the field's HTML; `{{text:Field}}` its text;
 * - `{{cloze:Field}}` the field with the card's deletion hidden (question)
 *   or revealed (answer), other deletions as their text, and nothing when
 *   the field holds no deletion for the card, as in Anki;
 * - `{{type:Field}}` shows the field's value on the answer; on the question,
 *   where Anki shows an empty answer box, it shows nothing, so that the
 *   answer is not given away;
 * - `{{#Field}}…{{/Field}}` and `{{^Field}}…{{/Field}}` test whether a field
 *   is non-empty (`{{#c2}}` whether the card is cloze 2);
 * - `{{FrontSide}}` is the rendered question, on the answer side.
 *
 * Field names are case-sensitive; spaces at the ends inside the braces are
 * trimmed. Anything else (hint, furigana, tts, an unknown field) renders as
 * nothing and is reported. Where Anki refuses a template with unbalanced
 * conditionals, this renders what it can and reports the mismatch, so an
 * imported card is never lost to a template typo. The output is raw HTML
 * for sanitizeAnkiHtml.
 */
import { escapeHtmlText, parseHtmlTree, textOfNodes } from "./html-tree";

export type TemplateProblemCode = "unknown-field" | "unknown-filter" | "template-syntax";

export interface TemplateProblem {
  code: TemplateProblemCode;
  /** The handlebar as written (`{{hint:Front}}`), or what is unbalanced. */
  detail: string;
}

export type TemplateNode =
  | { kind: "text"; text: string }
  | {
      kind: "replacement";
      key: string;
      /** In the order they apply: the one next to the field first. */
      filters: string[];
    }
  | { kind: "conditional"; key: string; negated: boolean; children: TemplateNode[] };

export interface RenderTemplateOptions {
  /** The cloze number the card shows (Anki's card ordinal + 1), for `{{cloze:…}}` and `{{#cN}}`. */
  cloze?: number;
  /** The rendered question. Given means the answer side is being rendered. */
  frontSide?: string;
}

/** `{{=<% %>=}}` at the very start switches a legacy template to `<% %>` delimiters (template.rs). */
const ALT_HANDLEBAR_DIRECTIVE = "{{=<% %>=}}";
/**
 * A Mustache delimiter change (`{{=<% %>=}}`) further in: Anki 2.0 and
 * AnkiDroid honoured it there too, and cards made then exist in packages.
 */
const SET_DELIMITERS = /^=\s*(\S+)\s+(\S+)\s*=$/;
const COMMENT_START = "<!--";
const COMMENT_END = "-->";

type Token =
  | { kind: "text"; text: string }
  | { kind: "replacement"; body: string }
  | { kind: "open"; key: string; negated: boolean; raw: string }
  | { kind: "close"; key: string; raw: string };

function classifyHandle(body: string, raw: string): Token {
  const start = body.replace(/^\{+/, "").trim();
  if (start.length < 2) return { kind: "replacement", body: start };
  if (start.startsWith("#")) return { kind: "open", key: start.slice(1).trimStart(), negated: false, raw };
  if (start.startsWith("^")) return { kind: "open", key: start.slice(1).trimStart(), negated: true, raw };
  if (start.startsWith("/")) return { kind: "close", key: start.slice(1).trimStart(), raw };
  return { kind: "replacement", body: start };
}

function tokenize(format: string): Token[] {
  let template = format;
  let [open, close] = ["{{", "}}"];
  if (template.trimStart().startsWith(ALT_HANDLEBAR_DIRECTIVE)) {
    template = template.trimStart().slice(ALT_HANDLEBAR_DIRECTIVE.length);
    [open, close] = ["<%", "%>"];
  }
  const tokens: Token[] = [];
  let text = "";
  let i = 0;
  while (i < template.length) {
    if (template.startsWith(open, i)) {
      const end = template.indexOf(close, i + open.length);
      if (end !== -1) {
        if (text !== "") tokens.push({ kind: "text", text });
        text = "";
        const body = template.slice(i + open.length, end);
        i = end + close.length;
        const delimiters = SET_DELIMITERS.exec(body);
        if (delimiters?.[1] !== undefined && delimiters[2] !== undefined)
          [open, close] = [delimiters[1], delimiters[2]];
        else tokens.push(classifyHandle(body, template.slice(i - body.length - open.length - close.length, i)));
        continue;
      }
    }
    if (template.startsWith(COMMENT_START, i)) {
      // Handlebars inside an HTML comment are not expanded; the comment stays as written.
      const end = template.indexOf(COMMENT_END, i + COMMENT_START.length);
      if (end !== -1) {
        text += template.slice(i, end + COMMENT_END.length);
        i = end + COMMENT_END.length;
        continue;
      }
    }
    text += template[i];
    i += 1;
  }
  if (text !== "") tokens.push({ kind: "text", text });
  return tokens;
}

/** Parses a template; unbalanced conditionals are reported and closed where they best fit. */
export function parseAnkiTemplate(format: string): { nodes: TemplateNode[]; problems: TemplateProblem[] } {
  const problems: TemplateProblem[] = [];
  const root: TemplateNode[] = [];
  const stack: { key: string; raw: string; children: TemplateNode[] }[] = [];
  const top = () => stack.at(-1)?.children ?? root;
  for (const token of tokenize(format)) {
    if (token.kind === "text") top().push({ kind: "text", text: token.text });
    else if (token.kind === "replacement") {
      const parts = token.body.split(":");
      const key = parts.pop() ?? "";
      top().push({ kind: "replacement", key, filters: parts.reverse() });
    } else if (token.kind === "open") {
      const node: TemplateNode = { kind: "conditional", key: token.key, negated: token.negated, children: [] };
      top().push(node);
      stack.push({ key: token.key, raw: token.raw, children: node.children });
    } else {
      const at = stack.map((s) => s.key).lastIndexOf(token.key);
      if (at === -1) {
        problems.push({ code: "template-syntax", detail: `${token.raw} closes no open {{#${token.key}}}` });
        if (stack.length > 0) stack.pop();
        continue;
      }
      if (at !== stack.length - 1) {
        const open = stack.at(-1);
        problems.push({
          code: "template-syntax",
          detail: `${token.raw} found where {{/${open?.key ?? ""}}} was expected`,
        });
      }
      stack.length = at;
    }
  }
  for (const open of stack.reverse()) problems.push({ code: "template-syntax", detail: `${open.raw} is never closed` });
  return { nodes: root, problems };
}

/** Anki's field_is_empty: only whitespace and empty `<br>`/`<div>` tags (template.rs). */
export function ankiFieldIsEmpty(html: string): boolean {
  return /^(?:\s|<\/?(?:br|div) ?\/?>)*$/i.test(html);
}

function templateIsEmpty(nodes: TemplateNode[], nonEmpty: ReadonlySet<string>): boolean {
  for (const node of nodes) {
    if (node.kind === "replacement" && nonEmpty.has(node.key)) return false;
    if (
      node.kind === "conditional" &&
      nonEmpty.has(node.key) !== node.negated &&
      !templateIsEmpty(node.children, nonEmpty)
    )
      return false;
  }
  return true;
}

/**
 * Anki's rule for a standard card (template.rs `renders_with_fields`):
 * the card exists only if its question reaches a non-empty field through
 * the conditionals; plain text alone does not count. So the optional
 * reverse card of a note with an empty "Add Reverse" is never made.
 */
export function ankiCardIsEmpty(questionFormat: string, nonEmptyFields: ReadonlySet<string>): boolean {
  return templateIsEmpty(parseAnkiTemplate(questionFormat).nodes, nonEmptyFields);
}

// Cloze deletions as Anki writes them in HTML (cloze.rs): `{{c1::answer}}`,
// `{{c1::answer::hint}}`, `{{c1,2::shared}}`, nested up to 10 deep.
//----------------------------------------

const CLOZE_OPEN = /\{\{c([\d,]+)::/y;
const MAX_CLOZE_NESTING = 10;

interface AnkiCloze {
  /** Where its `{{c…::` starts in the field. */
  start: number;
  ordinals: number[];
  nodes: AnkiClozeNode[];
  hint: string | null;
}
type AnkiClozeNode = string | AnkiCloze;

function parseAnkiCloze(text: string): AnkiClozeNode[] {
  const output: AnkiClozeNode[] = [];
  const open: AnkiCloze[] = [];
  const pushText = (chunk: string) => {
    if (chunk === "") return;
    const cloze = open.at(-1);
    if (cloze === undefined) return void output.push(chunk);
    const split = chunk.startsWith("image-occlusion:") ? -1 : chunk.indexOf("::");
    if (split !== -1) cloze.hint = chunk.slice(split + 2);
    cloze.nodes.push(split === -1 ? chunk : chunk.slice(0, split));
  };
  let plain = "";
  let i = 0;
  while (i < text.length) {
    CLOZE_OPEN.lastIndex = i;
    const opening = CLOZE_OPEN.exec(text);
    const ordinals = opening
      ? [
          ...new Set(
            (opening[1] ?? "")
              .split(",")
              .filter((s) => s !== "")
              .map(Number),
          ),
        ].sort((a, b) => a - b)
      : [];
    if (opening && ordinals.length > 0) {
      pushText(plain);
      plain = "";
      if (open.length < MAX_CLOZE_NESTING) open.push({ start: i, ordinals, nodes: [], hint: null });
      i += opening[0].length;
    } else if (text.startsWith("}}", i)) {
      pushText(plain);
      plain = "";
      const cloze = open.pop();
      if (cloze === undefined) output.push("}}");
      else (open.at(-1)?.nodes ?? output).push(cloze);
      i += 2;
    } else {
      plain += text[i];
      i += 1;
    }
  }
  pushText(plain);
  // A deletion that never closes reads as the text it is (Anki drops it from the card).
  const unclosed = open[0];
  if (unclosed !== undefined) output.push(text.slice(unclosed.start));
  return output;
}

function clozedText(cloze: AnkiCloze): string {
  return cloze.nodes.map((n) => (typeof n === "string" ? n : clozedText(n))).join("");
}

function revealCloze(node: AnkiClozeNode, ordinal: number, question: boolean, found: { active: boolean }): string {
  if (typeof node === "string") return node;
  const active = node.ordinals.includes(ordinal);
  found.active ||= active;
  const inner = () => node.nodes.map((n) => revealCloze(n, ordinal, question, found)).join("");
  if (active && question) {
    inner();
    return `<span class="cloze-gap">[${node.hint ?? "…"}]</span>`;
  }
  if (active) return `<span class="cloze-answer">${inner()}</span>`;
  return inner();
}

/** A field with cloze `ordinal` hidden (question) or revealed (answer); empty when the field has no such deletion. */
export function renderAnkiCloze(html: string, ordinal: number, question: boolean): string {
  const found = { active: false };
  const out = parseAnkiCloze(html)
    .map((n) => revealCloze(n, ordinal, question, found))
    .join("");
  return found.active ? out : "";
}

function collectOrdinals(nodes: AnkiClozeNode[], into: Set<number>): void {
  for (const node of nodes) {
    if (typeof node === "string") continue;
    for (const o of node.ordinals) if (o !== 0) into.add(o);
    collectOrdinals(node.nodes, into);
  }
}

/** The cloze numbers in fields, as Anki counts them to make a cloze note's cards (cloze.rs `cloze_number_in_fields`). */
export function ankiClozeNumbers(fields: Iterable<string>): number[] {
  const numbers = new Set<number>();
  for (const field of fields) collectOrdinals(parseAnkiCloze(field), numbers);
  return [...numbers].sort((a, b) => a - b);
}

/** Whether a field uses cloze syntax the app's own cloze notes lack: nested deletions or `{{c1,2::…}}`. */
export function usesAnkiOnlyClozeSyntax(html: string): boolean {
  const nested = (nodes: AnkiClozeNode[], depth: number): boolean =>
    nodes.some((n) => typeof n !== "string" && (depth > 0 || n.ordinals.length > 1 || nested(n.nodes, depth + 1)));
  return nested(parseAnkiCloze(html), 0);
}

/** The text Anki compares a typed cloze answer with: the card's deletions, joined (cloze.rs `extract_cloze_for_typing`). */
function clozeAnswersForTyping(html: string, ordinal: number): string {
  const answers: string[] = [];
  const walk = (nodes: AnkiClozeNode[]) => {
    for (const node of nodes) {
      if (typeof node === "string") continue;
      if (node.ordinals.includes(ordinal)) answers.push(clozedText(node));
      walk(node.nodes);
    }
  };
  walk(parseAnkiCloze(html));
  return new Set(answers).size === 1 ? (answers[0] ?? "") : answers.join(", ");
}

// Rendering
//----------------------------------------

function isClozeConditional(key: string): boolean {
  return /^c\d+$/.test(key);
}

function handlebar(node: Extract<TemplateNode, { kind: "replacement" }>): string {
  return `{{${[...node.filters].reverse().concat(node.key).join(":")}}}`;
}

interface RenderContext {
  fields: Record<string, string>;
  nonEmpty: Set<string>;
  options: RenderTemplateOptions;
  problems: TemplateProblem[];
}

function applyFilters(node: Extract<TemplateNode, { kind: "replacement" }>, value: string, ctx: RenderContext): string {
  const question = ctx.options.frontSide === undefined;
  const ordinal = ctx.options.cloze ?? 0;
  // Anki: a trailing `type` replaces the filter chain; `type:cloze` types the cloze's answer (template_filters.rs).
  const last = node.filters.at(-1);
  if (last === "type") {
    if (question) return "";
    return node.filters.length === 2 && node.filters[0] === "cloze" ? clozeAnswersForTyping(value, ordinal) : value;
  }
  let text = value;
  for (const filter of node.filters) {
    if (filter === "") continue;
    else if (filter === "text") text = escapeHtmlText(textOfNodes(parseHtmlTree(text), false));
    else if (filter === "cloze") text = renderAnkiCloze(text, ordinal, question);
    else {
      ctx.problems.push({ code: "unknown-filter", detail: handlebar(node) });
      return "";
    }
  }
  return text;
}

function renderNodes(nodes: TemplateNode[], ctx: RenderContext): string {
  let out = "";
  for (const node of nodes) {
    if (node.kind === "text") out += node.text;
    else if (node.kind === "replacement") {
      if (node.key === "FrontSide") out += ctx.options.frontSide ?? "";
      else if (node.key === "" && node.filters.length > 0) continue;
      else if (!Object.hasOwn(ctx.fields, node.key))
        ctx.problems.push({ code: "unknown-field", detail: handlebar(node) });
      else out += applyFilters(node, ctx.fields[node.key] ?? "", ctx);
    } else {
      const known = Object.hasOwn(ctx.fields, node.key) || isClozeConditional(node.key);
      if (!known) ctx.problems.push({ code: "unknown-field", detail: `{{${node.negated ? "^" : "#"}${node.key}}}` });
      const shown = ctx.nonEmpty.has(node.key) !== node.negated;
      // Both branches are walked so that a problem inside a hidden section is still reported.
      const inner = renderNodes(node.children, ctx);
      if (shown) out += inner;
    }
  }
  return out;
}

/** Renders one side of a card; `{ html, problems }`, the HTML still to be sanitized. */
export function renderAnkiTemplate(
  format: string,
  fields: Record<string, string>,
  opts: RenderTemplateOptions = {},
): { html: string; problems: TemplateProblem[] } {
  const { nodes, problems } = parseAnkiTemplate(format);
  const withCard: Record<string, string> = { ...fields };
  if (opts.cloze !== undefined && !Object.hasOwn(withCard, `c${opts.cloze}`)) withCard[`c${opts.cloze}`] = "1";
  const nonEmpty = new Set(Object.keys(withCard).filter((name) => !ankiFieldIsEmpty(withCard[name] ?? "")));
  const html = renderNodes(nodes, { fields: withCard, nonEmpty, options: opts, problems });
  return { html, problems: dedupeProblems(problems) };
}

function dedupeProblems(problems: TemplateProblem[]): TemplateProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.code}\u0000${p.detail}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
