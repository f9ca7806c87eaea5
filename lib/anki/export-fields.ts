/**
 * The app's cards as Anki notes: fields in the HTML Anki shows, note types
 * Anki knows, guids that stay the same from one export to the next.
 *
 * Fields follow the learner Markdown of lib/content/markdown.ts (raw HTML is
 * shown as text, links only to the web, mail or the app, images only
 * `/media/<id>`), with three differences for Anki:
 * - math is left as TeX for Anki's MathJax, `$…$` → `\(…\)` and
 *   `$$…$$` → `\[…\]` (docs-site/manual/math.md in ankitects/anki), with `}}`
 *   written `} }` so a formula inside a cloze deletion does not end it
 *   (Anki's manual: "Cloze and math");
 * - code blocks are plain `<pre><code>` (no highlight.js classes, which
 *   need the app's stylesheet);
 * - an image `/media/<id>` becomes the file name the export gives it.
 *
 * Export shape of the built-in deck (bilingual zh/en): one note per card
 * source, both languages in each field, Chinese first (the app's default
 * locale), separated by a rule. Basic cards use the note type
 * "Deep learning (zh/en)" (fields 正面 Front, 背面 Back, 来源 Source); cloze
 * cards use "Deep learning cloze (zh/en)" (文本 Text, 补充 Extra,
 * 来源 Source), where both languages share the cloze numbers (lib/content
 * checks they do), so card n hides deletion n in both.
 */
import { createHash } from "node:crypto";
import { Marked, type Tokens } from "marked";

import { CLOZE_TAG, MEDIA_SRC, SAFE_HREF, escapeHtml, mathExtensions } from "@/lib/content/markdown";
import type { AnkiNoteType } from "./types";

/** The exported file name of one of the learner's images, or null if it is not exported. */
export type MediaFileName = (mediaId: string) => string | null;

/** "learner": a line break is one on the card (own notes); "content": Markdown's own rule (the built-in decks). */
export type MarkdownFlavour = "learner" | "content";

const MEDIA_PATH_PREFIX = "/media/";

/** TeX as Anki's MathJax reads it from the field's text; `}}` split so a cloze deletion ends where it should. */
function ankiMath(tex: string, display: boolean): string {
  const body = escapeHtml(tex).replace(/\}(?=\})/g, "} ");
  return display ? `\\[${body}\\]` : `\\(${body}\\)`;
}

// The same delimiters as the app's renderer (mathExtensions), so a field means the same math in both.
const ANKI_MATH = mathExtensions({ block: (tex) => `<div>${ankiMath(tex, true)}</div>\n`, inline: ankiMath });

function markedFor(breaks: boolean, mediaFileName: MediaFileName): Marked {
  return new Marked({
    gfm: true,
    breaks,
    extensions: ANKI_MATH,
    renderer: {
      code({ text, lang }: Tokens.Code) {
        const language = (lang ?? "").trim().split(/\s+/)[0] ?? "";
        const label = /^[A-Za-z0-9_+-]+$/.test(language) ? ` class="language-${language}"` : "";
        return `<pre><code${label}>${escapeHtml(text)}</code></pre>\n`;
      },
      html({ text }) {
        return CLOZE_TAG.test(text.trim()) ? text : escapeHtml(text);
      },
      link({ href, title, tokens }) {
        const label = this.parser.parseInline(tokens);
        if (!SAFE_HREF.test(href)) return label;
        const titled = title ? ` title="${escapeHtml(title)}"` : "";
        return `<a href="${escapeHtml(href)}"${titled}>${label}</a>`;
      },
      image({ href, text }) {
        const name = MEDIA_SRC.test(href) ? mediaFileName(href.slice(MEDIA_PATH_PREFIX.length)) : null;
        if (name === null) return escapeHtml(text);
        return `<img src="${escapeHtml(name)}" alt="${escapeHtml(text)}">`;
      },
    },
  });
}

/**
 * A learner's Markdown field as the HTML Anki shows (see the module's
 * comment): math for MathJax, plain code blocks, images by their exported
 * file name (an image not exported is shown by its alt text).
 */
export function markdownToAnkiHtml(
  markdown: string,
  mediaFileName: MediaFileName = () => null,
  flavour: MarkdownFlavour = "learner",
): string {
  if (markdown.trim() === "") return "";
  return markedFor(flavour === "learner", mediaFileName)
    .parse(markdown, { async: false })
    .trim();
}

/** The image ids `/media/<id>` a Markdown or HTML field refers to, in order of first use. */
export function mediaIdsIn(text: string): string[] {
  const ids = new Set<string>();
  for (const m of text.matchAll(/\/media\/([A-Za-z0-9_-]{16,64})/g)) if (m[1]) ids.add(m[1]);
  return [...ids];
}

/** An imported note's HTML field with its `/media/<id>` sources replaced by exported file names. */
export function rewriteMediaSources(html: string, mediaFileName: MediaFileName): string {
  return html.replace(/(\bsrc\s*=\s*["']?)\/media\/([A-Za-z0-9_-]{16,64})/gi, (whole, head: string, id: string) => {
    const name = mediaFileName(id);
    return name === null ? whole : `${head}${escapeHtml(name)}`;
  });
}

/** Plain text (a card's source line) as an HTML field. */
export function textToAnkiHtml(text: string): string {
  return escapeHtml(text);
}

/** Both languages of a built-in field, Chinese first, in one Anki field. */
export function bilingualAnkiHtml(zhHtml: string, enHtml: string): string {
  return `<div lang="zh">${zhHtml}</div>\n<hr>\n<div lang="en">${enHtml}</div>`;
}

const BASIC_ANSWER = (back: string) => `{{FrontSide}}\n\n<hr id=answer>\n\n{{${back}}}`;

/**
 * An Anki note type id from its name: fixed, so every export names the same
 * type and Anki's importer (which matches note types by id) reuses it.
 * Anki's ids are millisecond timestamps; these sit in the same range.
 */
export function stableNoteTypeId(name: string): number {
  const digest = createHash("sha256").update(`note type:${name}`).digest();
  return 1_000_000_000_000 + (digest.readUInt32BE(0) % 1_000_000_000) * 1000 + (digest.readUInt16BE(4) % 1000);
}

function noteType(
  name: string,
  kind: AnkiNoteType["kind"],
  fieldNames: string[],
  templates: [string, string, string][],
) {
  return {
    id: stableNoteTypeId(name),
    name,
    kind,
    fieldNames,
    templates: templates.map(([templateName, questionFormat, answerFormat], ordinal) => ({
      ordinal,
      name: templateName,
      questionFormat,
      answerFormat,
    })),
  } satisfies AnkiNoteType;
}

/** The note types an export uses for the app's own note types and the built-in deck. */
export const EXPORT_NOTE_TYPES = {
  basic: noteType("Basic (dl-study)", "standard", ["Front", "Back"], [["Card 1", "{{Front}}", BASIC_ANSWER("Back")]]),
  "basic-reverse": noteType(
    "Basic (and reversed card) (dl-study)",
    "standard",
    ["Front", "Back"],
    [
      ["Card 1", "{{Front}}", BASIC_ANSWER("Back")],
      ["Card 2", "{{Back}}", BASIC_ANSWER("Front")],
    ],
  ),
  cloze: noteType(
    "Cloze (dl-study)",
    "cloze",
    ["Text", "Extra"],
    [["Cloze", "{{cloze:Text}}", "{{cloze:Text}}<br>\n{{Extra}}"]],
  ),
  builtInBasic: noteType(
    "Deep learning (zh/en)",
    "standard",
    ["正面 Front", "背面 Back", "来源 Source"],
    [["Card 1", "{{正面 Front}}", `${BASIC_ANSWER("背面 Back")}\n\n<div class="source">{{来源 Source}}</div>`]],
  ),
  builtInCloze: noteType(
    "Deep learning cloze (zh/en)",
    "cloze",
    ["文本 Text", "补充 Extra", "来源 Source"],
    [
      [
        "Cloze",
        "{{cloze:文本 Text}}",
        '{{cloze:文本 Text}}<br>\n{{补充 Extra}}\n\n<div class="source">{{来源 Source}}</div>',
      ],
    ],
  ),
} as const;

const BASE91 = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&()*+,-./:;<=>?@[]^_`{|}~";

/**
 * A guid for a note that has none, the same on every export of it: the first
 * 64 bits of SHA-256 of its key, in Anki's base-91 alphabet
 * (rslib/src/notes/mod.rs anki_base91, which does the same with random bits).
 */
export function stableAnkiGuid(key: string): string {
  let n = createHash("sha256").update(`guid:${key}`).digest().readBigUInt64BE(0);
  const base = BigInt(BASE91.length);
  let out = "";
  while (n > 0n) {
    out = BASE91[Number(n % base)] + out;
    n /= base;
  }
  return out === "" ? "a" : out;
}

/** A positive id in Anki's millisecond range for a note or card, stable for its key. */
export function stableAnkiId(key: string, kind: "note" | "card" | "deck"): number {
  const digest = createHash("sha256").update(`${kind}:${key}`).digest();
  // 2001-09-09 .. 2033-05-18 in Unix ms: 10^12 + a 45-bit slice stays a safe integer.
  return 1_000_000_000_000 + Number(digest.readBigUInt64BE(0) % 1_000_000_000_000n);
}

/**
 * A note in the stock note types every Anki collection has ("Basic",
 * "Basic (and reversed card)", "Cloze" with Text and Back Extra), for the
 * text export: Anki's text importer needs the note type to exist by name.
 * The built-in deck's source line joins the back (or Back Extra). A note of
 * an imported type keeps its type, which came from Anki.
 */
export function stockAnkiNote(
  type: AnkiNoteType,
  fields: readonly string[],
): { noteTypeName: string; fields: string[] } {
  const [first = "", second = "", third = ""] = fields;
  const withSource = (html: string) =>
    third === "" ? html : `${html}${html === "" ? "" : "\n"}<div class="source">${third}</div>`;
  switch (type.id) {
    case EXPORT_NOTE_TYPES.basic.id:
      return { noteTypeName: "Basic", fields: [first, second] };
    case EXPORT_NOTE_TYPES["basic-reverse"].id:
      return { noteTypeName: "Basic (and reversed card)", fields: [first, second] };
    case EXPORT_NOTE_TYPES.cloze.id:
      return { noteTypeName: "Cloze", fields: [first, second] };
    case EXPORT_NOTE_TYPES.builtInBasic.id:
      return { noteTypeName: "Basic", fields: [first, withSource(second)] };
    case EXPORT_NOTE_TYPES.builtInCloze.id:
      return { noteTypeName: "Cloze", fields: [first, withSource(second)] };
    default:
      return { noteTypeName: type.name, fields: [...fields] };
  }
}
