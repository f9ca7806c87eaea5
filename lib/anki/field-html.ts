/**
 * Anki field HTML → the app's content: Markdown for notes that become the
 * app's own types (rendered by renderLearnerMarkdown, `breaks: true`), and
 * sanitized HTML for notes kept as Anki note types.
 *
 * Anki stores a field as the HTML its editor wrote: `<div>` or `<br>` per
 * line, `&nbsp;` for repeated spaces, MathJax as `\(…\)` / `\[…\]`, LaTeX as
 * `[$]…[/$]`, media by file name (`<img src="x.png">`, `[sound:x.mp3]`).
 * See https://docs.ankiweb.net/math.html and https://docs.ankiweb.net/media.html.
 */
import katex from "katex";
import sanitizeHtml from "sanitize-html";
import { Parser } from "htmlparser2";

import { MEDIA_SRC, renderLearnerMarkdown } from "@/lib/content/markdown";

import { escapeHtmlText, type HtmlNode, parseHtmlTree, textOfNodes } from "./html-tree";

export type FieldProblemCode =
  /** An image whose file is not in the package's media. */
  | "media-missing"
  /** An image from the web: the app loads nothing from other sites. */
  | "remote-image"
  /** A `[sound:…]` tag: the app plays no audio, so it stays as text. */
  | "sound"
  /** A `<script>` or `<style>` element, kept as visible text. */
  | "script"
  /** A link to anything but http, https or mail, kept as its text. */
  | "unsafe-link"
  /** TeX that KaTeX cannot render, kept as text. */
  | "math";

export interface FieldProblem {
  code: FieldProblemCode;
  /** The file name, URL, tag name or KaTeX message the problem is about. */
  detail: string;
}

/** Resolves a media file name as a field writes it to the app's `/media/<id>`, or null when the package lacks it. */
export type MediaSrcOf = (name: string) => string | null;

const SAFE_LINK = /^(?:https?:\/\/|mailto:)/i;
/** A URL with a scheme (`https:`, `data:`, `file:`) or protocol-relative (`//host`): not a media file name. */
const REMOTE_SRC = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;

/**
 * MathJax and LaTeX delimiters Anki recognises, and sound tags, in one
 * pass so that the first to open wins (https://docs.ankiweb.net/math.html).
 */
const TEXT_TOKEN =
  /\\\(([\s\S]*?)\\\)|\\\[([\s\S]*?)\\\]|\[\$\]([\s\S]*?)\[\/\$\]|\[\$\$\]([\s\S]*?)\[\/\$\$\]|\[sound:(?!\s)([^\]]*)\]/g;

type TextToken =
  | { kind: "text"; text: string }
  | { kind: "math"; tex: string; display: boolean; source: string }
  | { kind: "sound"; name: string };

function tokenizeText(text: string): TextToken[] {
  const tokens: TextToken[] = [];
  let from = 0;
  for (const match of text.matchAll(TEXT_TOKEN)) {
    if (match.index > from) tokens.push({ kind: "text", text: text.slice(from, match.index) });
    const [source, inline, display, latex, latexDisplay, sound] = match;
    if (sound !== undefined) tokens.push({ kind: "sound", name: sound.trim() });
    else {
      const tex = inline ?? latex ?? display ?? latexDisplay ?? "";
      tokens.push({ kind: "math", tex, display: display !== undefined || latexDisplay !== undefined, source });
    }
    from = match.index + source.length;
  }
  if (from < text.length) tokens.push({ kind: "text", text: text.slice(from) });
  return tokens;
}

/** The text a sound tag leaves: no longer a tag, so an export does not turn it back into one. */
function soundText(name: string): string {
  return `[sound: ${name}]`;
}

/** KaTeX's verdict on a formula, with the options lib/content/markdown.ts renders with. */
function renderTex(tex: string, display: boolean): { html: string } | { error: string } {
  try {
    return {
      html: katex.renderToString(tex, {
        displayMode: display,
        throwOnError: true,
        strict: "ignore",
        output: "htmlAndMathml",
      }),
    };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

// Markdown
//----------------------------------------

/** Characters that are Markdown (or the app's math) wherever they stand. */
const INLINE_SPECIAL = /[\\`*_[\]<>$~|]/g;
/** `&` that would start a character reference (CommonMark §6.2). */
const ENTITY_START = /&(?=#[0-9]|#[xX][0-9a-fA-F]|[A-Za-z][A-Za-z0-9]*;)/g;

/**
 * What GFM would turn into a link by itself (https://github.github.com/gfm/#autolinks-extension-),
 * which marked does even mid-word: Anki showed plain text.
 */
const AUTOLINK_START = /((?:https?|ftp)(?=:\/\/)|www(?=\.))/gi;

function escapeMarkdownText(text: string): string {
  return text.replace(INLINE_SPECIAL, "\\$&").replace(ENTITY_START, "\\&").replace(AUTOLINK_START, "$1\\");
}

/**
 * Characters that are Markdown only at the start of a line: headings, list
 * items, setext underlines. Looked for after any emphasis placeholders, so
 * the line is safe whether its emphasis is kept or dropped.
 */
function escapeLineStart(line: string): string {
  const positions: number[] = [];
  for (let i = 0; i < line.length; i += 1) if (!isPlaceholder(line[i])) positions.push(i);
  const text = line.replace(PLACEHOLDERS, "");
  const ordered = /^(\d{1,9})[.)]/.exec(text);
  const at = ordered ? ordered[1]?.length : /^[#+=-]/.test(text) ? 0 : undefined;
  const index = at === undefined ? undefined : positions[at];
  return index === undefined ? line : `${line.slice(0, index)}\\${line.slice(index)}`;
}

/**
 * Emphasis is written as placeholders and resolved once the whole line is
 * known: CommonMark only reads `**`/`*` as emphasis when they are
 * left-/right-flanking (§6.2), which depends on the characters around them.
 */
const EMPHASIS = {
  bold: { open: "\uE000", close: "\uE001", marker: "**" },
  italic: { open: "\uE002", close: "\uE003", marker: "*" },
} as const;
const PLACEHOLDERS = /[\uE000-\uE003]/g;
const PUNCTUATION = /[\p{P}\p{S}]/u;

function isPlaceholder(char: string | undefined): boolean {
  return char !== undefined && char >= "\uE000" && char <= "\uE003";
}

/** The nearest character that is not a placeholder, looking from `index` in direction `step`. */
function neighbour(chars: string[], index: number, step: 1 | -1): string | undefined {
  let i = index;
  while (isPlaceholder(chars[i])) i += step;
  return chars[i];
}

const isOpen = (c: string | undefined) => c === EMPHASIS.bold.open || c === EMPHASIS.italic.open;
const isClose = (c: string | undefined) => c === EMPHASIS.bold.close || c === EMPHASIS.italic.close;
const isSpace = (c: string | undefined) => c === undefined || /\s/.test(c);
const isPunct = (c: string | undefined) => c !== undefined && PUNCTUATION.test(c);

/** Turns one line's placeholders into `**`/`*` where CommonMark will read them so, and drops the rest. */
function resolveEmphasisLine(line: string, keep: boolean): string {
  if (!keep) return line.replace(PLACEHOLDERS, "");
  const chars = [...line];
  const drop = new Set<number>();
  const pairs: [number, number][] = [];
  const open: number[] = [];
  chars.forEach((char, i) => {
    if (isOpen(char)) open.push(i);
    else if (isClose(char)) {
      const start = open.pop();
      if (start === undefined) drop.add(i);
      else pairs.push([start, i]);
    }
  });
  for (const start of open) drop.add(start);
  /** The character next to `index`, past placeholders already dropped. */
  const adjacent = (index: number, step: 1 | -1): string | undefined => {
    let j = index + step;
    while (isPlaceholder(chars[j]) && drop.has(j)) j += step;
    return chars[j];
  };
  const fits = ([start, end]: [number, number]): boolean => {
    const before = neighbour(chars, start - 1, -1);
    const first = neighbour(chars, start + 1, 1);
    const last = neighbour(chars, end - 1, -1);
    const after = neighbour(chars, end + 1, 1);
    const leftFlanking = !isSpace(first) && (!isPunct(first) || isSpace(before) || isPunct(before));
    const rightFlanking = !isSpace(last) && (!isPunct(last) || isSpace(after) || isPunct(after));
    // Runs of `*` that touch merge into one run: a literal `*`, or a sibling's marker (`**a****b**`),
    // would pair in ways (§6.2 rule of 3) not ours to predict. Nested ends (`***x***`) pair as meant.
    const touchesLiteral = [adjacent(start, -1), adjacent(start, 1), adjacent(end, -1), adjacent(end, 1)].includes("*");
    const touchesSibling = isClose(adjacent(start, -1)) || isOpen(adjacent(end, 1));
    return leftFlanking && rightFlanking && !touchesLiteral && !touchesSibling;
  };
  // Dropping a pair can bring two others together, so settle until nothing changes.
  for (let changed = true; changed;) {
    changed = false;
    for (const pair of pairs) {
      if (drop.has(pair[0]) || fits(pair)) continue;
      drop.add(pair[0]).add(pair[1]);
      changed = true;
    }
  }
  return chars
    .map((char, i) => {
      if (drop.has(i)) return "";
      if (char === EMPHASIS.bold.open || char === EMPHASIS.bold.close) return EMPHASIS.bold.marker;
      if (char === EMPHASIS.italic.open || char === EMPHASIS.italic.close) return EMPHASIS.italic.marker;
      return char;
    })
    .join("");
}

function resolveEmphasis(markdown: string, keep: boolean): string {
  return markdown
    .split("\n")
    .map((line) => resolveEmphasisLine(line, keep))
    .join("\n");
}

/** HTML collapses runs of spaces, tabs and newlines; `&nbsp;` reads as a space too. */
function collapseWhitespace(text: string): string {
  return text.replace(/[\t\n\f\r \u00a0]+/g, " ");
}

const BLOCK_ELEMENTS = new Set([
  "address",
  "article",
  "aside",
  "blockquote",
  "center",
  "dd",
  "details",
  "dialog",
  "div",
  "dl",
  "dt",
  "fieldset",
  "figcaption",
  "figure",
  "footer",
  "form",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "header",
  "hgroup",
  "hr",
  "li",
  "main",
  "nav",
  "section",
  "summary",
  "table",
  "tbody",
  "tfoot",
  "thead",
  "tr",
]);
const BOLD = new Set(["b", "strong"]);
const ZERO_WIDTH_SPACE = "\u200b";
const ITALIC = new Set(["i", "em"]);

interface InlineFrame {
  /** Markdown written before the frame opened, in its parent's buffer. */
  before: string;
  wrap: (inner: string) => string;
}

/** Wraps each line's content in emphasis placeholders, spaces outside, so that emphasis never spans a paragraph break. */
function wrapEachLine(inner: string, kind: keyof typeof EMPHASIS): string {
  const { open, close } = EMPHASIS[kind];
  return inner
    .split("\n")
    .map((line) => {
      const match = /^(\s*)(.*?)(\s*)$/.exec(line);
      const core = match?.[2] ?? "";
      return core.replace(PLACEHOLDERS, "") === ""
        ? line
        : `${match?.[1] ?? ""}${open}${core}${close}${match?.[3] ?? ""}`;
    })
    .join("\n");
}

/** A code span whose fence is longer than any run of backticks inside it (CommonMark §6.1). */
function codeSpan(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}

function codeBlock(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`{3,}/g)].map((m) => m[0].length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `${fence}\n${text.replace(/\n+$/, "")}\n${fence}`;
}

/** Link destinations in pointy brackets, which may hold anything but `<`, `>` and line breaks. */
function linkDestination(url: string): string {
  return `<${url.replace(/[<>\s\\]/g, (c) => encodeURIComponent(c))}>`;
}

class MarkdownWriter {
  private readonly blocks: string[] = [];
  private inline = "";
  private readonly frames: InlineFrame[] = [];
  private boldDepth = 0;
  private italicDepth = 0;
  private linkDepth = 0;
  private lastMath: "inline" | "display" | null = null;
  /** Set when a formula holds a `*`; shared with the writers of list items. */
  private readonly math: { withAsterisk: boolean };

  get wroteMathWithAsterisk(): boolean {
    return this.math.withAsterisk;
  }

  constructor(
    private readonly mediaSrcOf: MediaSrcOf,
    private readonly problems: FieldProblem[],
    math?: { withAsterisk: boolean },
  ) {
    this.math = math ?? { withAsterisk: false };
  }

  /** The current line's Markdown so far, across open frames. */
  private pendingLine(): string {
    const all = this.frames.map((f) => f.before).join("") + this.inline;
    return all.slice(all.lastIndexOf("\n") + 1);
  }

  private pendingIsEmpty(): boolean {
    return (this.frames.map((f) => f.before).join("") + this.inline).trim() === "";
  }

  /** Ends the current line (twice for a paragraph break) unless nothing is written or it already ended. */
  private breakLine(count: 1 | 2): void {
    if (this.pendingIsEmpty()) return;
    const all = this.frames.map((f) => f.before).join("") + this.inline;
    const trailing = /\n*$/.exec(all.replace(/[ \t]+$/, ""))?.[0].length ?? 0;
    this.inline += "\n".repeat(Math.max(0, count - trailing));
  }

  private write(markdown: string): void {
    // The app's `$…$` does not close before a digit (`$x$2` is text, as in Pandoc), and two formulas
    // side by side would read as `$$`: a zero-width space parts them.
    const touchesMath =
      (this.lastMath === "inline" && /^[\d$]/.test(markdown)) ||
      (this.lastMath === "display" && markdown.startsWith("$"));
    if (touchesMath) this.inline += ZERO_WIDTH_SPACE;
    this.lastMath = null;
    this.inline += markdown;
  }

  /** Closes every open frame into one block of lines, keeping the frames open for what follows. */
  private flushInline(): void {
    let text = this.inline;
    for (let i = this.frames.length - 1; i >= 0; i -= 1) {
      const frame = this.frames[i];
      if (frame === undefined) continue;
      text = frame.before + frame.wrap(text);
      frame.before = "";
    }
    this.inline = "";
    const lines = text
      .split("\n")
      .map((line) => line.trim())
      .map((line) => (line === "" ? "" : escapeLineStart(line)))
      .join("\n")
      .replace(/^\n+|\n+$/g, "")
      .replace(/\n{3,}/g, "\n\n");
    if (lines !== "") this.blocks.push(lines);
  }

  private withFrame(wrap: (inner: string) => string, body: () => void): void {
    this.frames.push({ before: this.inline, wrap });
    this.inline = "";
    body();
    const frame = this.frames.pop();
    if (frame === undefined) return;
    this.inline = frame.before + frame.wrap(this.inline);
  }

  writeNodes(nodes: HtmlNode[]): void {
    for (const node of nodes) this.writeNode(node);
  }

  private writeNode(node: HtmlNode): void {
    if (node.kind === "text") return this.writeText(node.text);
    if (node.kind === "raw") {
      this.problems.push({ code: "script", detail: node.name });
      return this.write(escapeMarkdownText(collapseWhitespace(node.source)));
    }
    const { name, children } = node;
    if (name === "br") return this.write("\n");
    if (name === "img") return this.writeImage(node.attribs);
    if (name === "ul" || name === "ol") return this.writeList(name === "ol", children);
    if (name === "pre") {
      this.flushInline();
      this.blocks.push(codeBlock(textOfNodes(children, true).replace(/\u00a0/g, " ")));
      return;
    }
    if (name === "code") {
      const code = collapseWhitespace(textOfNodes(children, false)).trim();
      if (code !== "") this.write(codeSpan(code));
      return;
    }
    if (BOLD.has(name) && this.boldDepth === 0) return this.writeEmphasis("bold", children);
    if (ITALIC.has(name) && this.italicDepth === 0) return this.writeEmphasis("italic", children);
    if (name === "a") return this.writeLink(node.attribs.href ?? "", children);
    if (name === "td" || name === "th") {
      if (!/\s$/.test(this.pendingLine()) && this.pendingLine() !== "") this.write(" ");
      this.writeNodes(children);
      return this.write(" ");
    }
    if (name === "p") {
      this.breakLine(2);
      this.writeNodes(children);
      return this.breakLine(2);
    }
    if (BLOCK_ELEMENTS.has(name)) {
      this.breakLine(1);
      this.writeNodes(children);
      return this.breakLine(1);
    }
    this.writeNodes(children);
  }

  private writeText(raw: string): void {
    for (const token of tokenizeText(raw)) {
      if (token.kind === "text") this.write(escapeMarkdownText(collapseWhitespace(token.text)));
      else if (token.kind === "sound") {
        this.problems.push({ code: "sound", detail: token.name });
        this.write(escapeMarkdownText(collapseWhitespace(soundText(token.name))));
      } else this.writeMath(token);
    }
  }

  private writeMath(token: Extract<TextToken, { kind: "math" }>): void {
    const tex = collapseWhitespace(token.tex).trim();
    if (tex === "") return;
    const verdict = renderTex(tex, token.display);
    // A `$` or a line break cannot sit inside the app's `$…$`; such TeX stays text, like TeX KaTeX rejects.
    const unfit = /(?<!\\)\$/.test(tex);
    if ("error" in verdict || unfit) {
      this.problems.push({ code: "math", detail: "error" in verdict ? verdict.error : `"${tex}" holds a $` });
      return this.write(escapeMarkdownText(collapseWhitespace(token.source)));
    }
    this.write(token.display ? `$$${tex}$$` : `$${tex}$`);
    this.lastMath = token.display ? "display" : "inline";
    if (tex.includes("*")) this.math.withAsterisk = true;
  }

  private writeEmphasis(kind: "bold" | "italic", children: HtmlNode[]): void {
    if (kind === "bold") this.boldDepth += 1;
    else this.italicDepth += 1;
    this.withFrame(
      (inner) => wrapEachLine(inner, kind),
      () => this.writeNodes(children),
    );
    if (kind === "bold") this.boldDepth -= 1;
    else this.italicDepth -= 1;
  }

  private writeLink(href: string, children: HtmlNode[]): void {
    const url = href.trim();
    if (this.linkDepth > 0 || !SAFE_LINK.test(url)) {
      if (url !== "" && !url.startsWith("#") && this.linkDepth === 0)
        this.problems.push({ code: "unsafe-link", detail: url });
      return this.writeNodes(children);
    }
    this.linkDepth += 1;
    this.withFrame(
      (inner) => {
        const label = inner.replace(/\s*\n\s*/g, " ").trim();
        return `[${label === "" ? escapeMarkdownText(url) : label}](${linkDestination(url)})`;
      },
      () => this.writeNodes(children),
    );
    this.linkDepth -= 1;
  }

  private writeImage(attribs: Record<string, string>): void {
    const name = (attribs.src ?? "").trim();
    const alt = collapseWhitespace(attribs.alt ?? "").trim();
    const src = REMOTE_SRC.test(name) ? null : resolveMedia(name, this.mediaSrcOf);
    if (src === null) {
      this.problems.push({ code: REMOTE_SRC.test(name) ? "remote-image" : "media-missing", detail: name });
      const shown = alt !== "" ? alt : name;
      if (shown !== "") this.write(escapeMarkdownText(shown));
      return;
    }
    this.write(`![${escapeMarkdownText(alt)}](${linkDestination(src)})`);
  }

  private writeList(ordered: boolean, children: HtmlNode[]): void {
    this.flushInline();
    const items: HtmlNode[][] = [];
    for (const child of children) {
      if (child.kind === "element" && child.name === "li") items.push(child.children);
      else if (child.kind === "text" && child.text.trim() === "") continue;
      else if (items.length === 0) items.push([child]);
      else items.at(-1)?.push(child);
    }
    const lines = items.map((item, index) => {
      const marker = ordered ? `${index + 1}. ` : "- ";
      const writer = new MarkdownWriter(this.mediaSrcOf, this.problems, this.math);
      writer.writeNodes(item);
      const body = writer.finish();
      const indent = " ".repeat(marker.length);
      return (
        marker +
        body
          .split("\n")
          .map((line, i) => (i === 0 || line === "" ? line : indent + line))
          .join("\n")
      ).trimEnd();
    });
    if (lines.length > 0) this.blocks.push(lines.join("\n"));
  }

  finish(): string {
    this.flushInline();
    return this.blocks.join("\n\n");
  }
}

function resolveMedia(name: string, mediaSrcOf: MediaSrcOf): string | null {
  if (name === "") return null;
  if (MEDIA_SRC.test(name)) return name;
  const direct = mediaSrcOf(name);
  if (direct !== null) return MEDIA_SRC.test(direct) ? direct : null;
  // Some editors percent-encode the file name in src; Anki's media table holds it decoded.
  let decoded: string;
  try {
    decoded = decodeURIComponent(name);
  } catch {
    return null;
  }
  const viaDecoded = decoded === name ? null : mediaSrcOf(decoded);
  return viaDecoded !== null && MEDIA_SRC.test(viaDecoded) ? viaDecoded : null;
}

/**
 * Anki field HTML → the app's learner Markdown (lib/content/markdown.ts).
 *
 * Kept: bold and italic (`**`/`*`; underline becomes plain text, Markdown
 * has none), lines (`<br>`, `<div>`, `<p>`), lists, code, http/https/mailto
 * links, images the package holds (`![](</media/<id>>)`), MathJax and LaTeX
 * math as `$…$` / `$$…$$`. Every other tag is dropped and its text kept. A
 * `<script>` or `<style>` element is shown as the text it was written as,
 * never run. Text that Markdown would read as syntax is backslash-escaped,
 * so the card shows what Anki showed.
 */
export function ankiHtmlToMarkdown(
  html: string,
  mediaSrcOf: MediaSrcOf,
): { markdown: string; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const writer = new MarkdownWriter(mediaSrcOf, problems);
  // The emphasis placeholders are private-use characters; a field's own would be taken for them.
  writer.writeNodes(parseHtmlTree(html.replace(PLACEHOLDERS, "")));
  const draft = writer.finish();
  const plain = resolveEmphasis(draft, false);
  const emphasized = resolveEmphasis(draft, true);
  const checked = !writer.wroteMathWithAsterisk || emphasisKeepsText(emphasized, plain);
  return { markdown: checked ? emphasized : plain, problems };
}

/**
 * Whether the emphasized Markdown reads as the same text as the plain one:
 * the guard for a `*` inside TeX, which marked may pair with an emphasis
 * marker around the formula.
 */
function emphasisKeepsText(emphasized: string, plain: string): boolean {
  if (emphasized === plain) return true;
  try {
    return visibleText(renderLearnerMarkdown(emphasized)) === visibleText(renderLearnerMarkdown(plain));
  } catch {
    return false;
  }
}

function visibleText(html: string): string {
  return textOfNodes(parseHtmlTree(html), true);
}

// Sanitized HTML
//----------------------------------------

/** Classes the app's own cloze markup uses (lib/content/cloze.ts); every other class gets a prefix. */
const APP_CLASSES = new Set(["cloze-gap", "cloze-answer"]);
/** Imported class names are prefixed so that they can never pick up the app's own styles (`hidden`, `fixed`…). */
export const IMPORTED_CLASS_PREFIX = "anki-";

const ALLOWED_TAGS = [
  "a",
  "b",
  "blockquote",
  "br",
  "caption",
  "center",
  "code",
  "col",
  "colgroup",
  "dd",
  "del",
  "div",
  "dl",
  "dt",
  "em",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "hr",
  "i",
  "img",
  "ins",
  "kbd",
  "li",
  "mark",
  "ol",
  "p",
  "pre",
  "rp",
  "rt",
  "ruby",
  "s",
  "small",
  "span",
  "strike",
  "strong",
  "sub",
  "sup",
  "table",
  "tbody",
  "td",
  "tfoot",
  "th",
  "thead",
  "tr",
  "u",
  "ul",
];

function prefixClasses(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const classes = value
    .split(/\s+/)
    .filter((c) => c !== "")
    .map((c) => (APP_CLASSES.has(c) ? c : `${IMPORTED_CLASS_PREFIX}${c}`));
  return classes.length === 0 ? undefined : classes.join(" ");
}

function classOnly(tagName: string, attribs: sanitizeHtml.Attributes): sanitizeHtml.Tag {
  const cls = prefixClasses(attribs.class);
  return { tagName, attribs: cls === undefined ? {} : { class: cls } };
}

/** Replaces each `<script>`/`<style>` element by its source as escaped text. */
function literalizeRawElements(html: string, problems: FieldProblem[]): string {
  if (!/<\s*(?:script|style)\b/i.test(html)) return html;
  let out = "";
  let from = 0;
  let open: { start: number; name: string } | null = null;
  const parser: Parser = new Parser(
    {
      onopentag(name) {
        if (open === null && (name === "script" || name === "style")) open = { start: parser.startIndex, name };
      },
      onclosetag(name, isImplied) {
        if (open === null || name !== open.name) return;
        const end = isImplied ? html.length : parser.endIndex + 1;
        out += html.slice(from, open.start) + escapeHtmlText(html.slice(open.start, end));
        problems.push({ code: "script", detail: name });
        from = end;
        open = null;
      },
    },
    { decodeEntities: false, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  return out + html.slice(from);
}

/** The sanitize-html 2.17.0 allow-list for a note kept as an Anki note type. */
function sanitizeOptions(mediaSrcOf: MediaSrcOf, problems: FieldProblem[]): sanitizeHtml.IOptions {
  return {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: {
      a: ["href", "title", "rel"],
      img: ["src", "alt", "title", "width", "height"],
      span: ["class"],
      div: ["class"],
      td: ["colspan", "rowspan"],
      th: ["colspan", "rowspan"],
      ol: ["start"],
    },
    allowedClasses: { span: [...APP_CLASSES, `${IMPORTED_CLASS_PREFIX}*`], div: [`${IMPORTED_CLASS_PREFIX}*`] },
    allowedSchemes: ["http", "https", "mailto"],
    allowedSchemesByTag: { img: [] },
    allowProtocolRelative: false,
    allowedStyles: {},
    disallowedTagsMode: "discard",
    transformTags: {
      span: classOnly,
      div: classOnly,
      a(tagName, attribs) {
        const href = (attribs.href ?? "").trim();
        const kept: sanitizeHtml.Attributes = attribs.title ? { title: attribs.title } : {};
        if (SAFE_LINK.test(href)) return { tagName, attribs: { ...kept, href, rel: "nofollow noopener noreferrer" } };
        if (href !== "" && !href.startsWith("#")) problems.push({ code: "unsafe-link", detail: href });
        return { tagName, attribs: kept };
      },
      img(tagName, attribs) {
        const name = (attribs.src ?? "").trim();
        const remote = REMOTE_SRC.test(name);
        const src = remote ? null : resolveMedia(name, mediaSrcOf);
        const { src: _dropped, ...rest } = attribs;
        if (src === null) {
          problems.push({ code: remote ? "remote-image" : "media-missing", detail: name });
          return { tagName, attribs: rest };
        }
        return { tagName, attribs: { src, ...rest } };
      },
    },
    exclusiveFilter: (frame) => frame.tag === "img" && !MEDIA_SRC.test(frame.attribs.src ?? ""),
  };
}

/**
 * Renders the math and rewrites the sound tags in sanitized HTML's text,
 * copying its (already safe) tags as they are. Math in `<code>`/`<pre>` and
 * in attributes is left alone; a formula KaTeX rejects stays as its text.
 */
function renderTextTokens(safeHtml: string, renderMath: boolean, problems: FieldProblem[]): string {
  let out = "";
  let text = "";
  let codeDepth = 0;
  const flush = () => {
    if (text === "") return;
    if (codeDepth > 0) out += escapeHtmlText(text);
    else
      for (const token of tokenizeText(text)) {
        if (token.kind === "text") out += escapeHtmlText(token.text);
        else if (token.kind === "sound") {
          problems.push({ code: "sound", detail: token.name });
          out += escapeHtmlText(soundText(token.name));
        } else if (!renderMath) out += escapeHtmlText(token.source);
        else {
          const verdict = renderTex(token.tex.trim(), token.display);
          if ("html" in verdict) out += verdict.html;
          else {
            problems.push({ code: "math", detail: verdict.error });
            out += escapeHtmlText(token.source);
          }
        }
      }
    text = "";
  };
  const parser: Parser = new Parser(
    {
      onopentag(name) {
        flush();
        if (name === "code" || name === "pre") codeDepth += 1;
        out += safeHtml.slice(parser.startIndex, parser.endIndex + 1);
      },
      ontext(chunk) {
        text += chunk;
      },
      onclosetag(name, isImplied) {
        flush();
        if (name === "code" || name === "pre") codeDepth = Math.max(0, codeDepth - 1);
        if (!isImplied) out += safeHtml.slice(parser.startIndex, parser.endIndex + 1);
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(safeHtml);
  parser.end();
  flush();
  return out;
}

/**
 * Sanitizes HTML of a note kept as an Anki note type: an allow-list of
 * formatting, lists and tables; `<span>`/`<div>` with (prefixed) classes
 * only; no style attributes, event handlers or scripts (a `<script>` or
 * `<style>` element shows as its text); links only to http, https and mail,
 * `rel="nofollow noopener noreferrer"`; images only from the package's media,
 * as `/media/<id>` (nothing is loaded from other sites). Then, outside code,
 * MathJax `\(…\)` / `\[…\]` is rendered with KaTeX (unless `renderMath` is
 * false, for stored fields that a template still has to place).
 */
export function sanitizeAnkiHtml(
  html: string,
  mediaSrcOf: MediaSrcOf,
  options: { renderMath?: boolean } = {},
): { html: string; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const literal = literalizeRawElements(html, problems);
  const safe = sanitizeHtml(literal, sanitizeOptions(mediaSrcOf, problems));
  return { html: renderTextTokens(safe, options.renderMath ?? true, problems), problems };
}
