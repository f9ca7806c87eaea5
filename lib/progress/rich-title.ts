/**
 * Short titles cut from an item's rendered HTML (a card's front, as content
 * sync stored it). The markup is dropped, but a formula is kept whole: in the
 * rich title as the KaTeX HTML the renderer produced, in the plain title as
 * the TeX it came from (what the author wrote, and what a reader of `<title>`
 * can follow). Neither ever ends inside a formula or an entity.
 */

export const TITLE_MAX_CHARS = 80;

const ELLIPSIS = "…";

type Piece = { kind: "text"; html: string } | { kind: "math"; html: string; tex: string; width: number };

const ENTITIES: Readonly<Record<string, string>> = { lt: "<", gt: ">", quot: '"', "#39": "'", amp: "&", nbsp: " " };

export function decodeEntities(html: string): string {
  return html.replace(/&(lt|gt|quot|#39|amp|nbsp);/g, (_, name: string) => ENTITIES[name] ?? "");
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Tags after which the text reads as a new word (block ends, line breaks). */
const BREAKING_TAG = /^<\/?(?:p|div|br|li|ul|ol|pre|h[1-6]|tr|td|th|table|hr)\b/i;
const KATEX_OPEN = '<span class="katex">';

/** The end (exclusive) of the <span> element opening at `start`, by counting nested spans. */
function spanEnd(html: string, start: number): number {
  const tags = /<(\/?)span\b[^>]*>/g;
  tags.lastIndex = start;
  let depth = 0;
  for (let m = tags.exec(html); m; m = tags.exec(html)) {
    depth += m[1] === "/" ? -1 : 1;
    if (depth === 0) return tags.lastIndex;
  }
  return html.length;
}

const ANNOTATION = /<annotation encoding="application\/x-tex">([\s\S]*?)<\/annotation>/;

function texOf(katexHtml: string): string {
  return decodeEntities(ANNOTATION.exec(katexHtml)?.[1] ?? "").trim();
}

/** About how many characters wide a formula reads: the symbols of its MathML, without the TeX annotation. */
function widthOf(katexHtml: string): number {
  const mathml = /<math[\s\S]*?<\/math>/.exec(katexHtml)?.[0] ?? "";
  return decodeEntities(mathml.replace(ANNOTATION, "").replace(/<[^>]*>/g, "")).replace(/\s+/g, "").length;
}

/** The visible pieces of rendered HTML: runs of text (still escaped) and whole formulas. */
function piecesOf(html: string): Piece[] {
  const pieces: Piece[] = [];
  let text = "";
  const flush = () => {
    if (text !== "") pieces.push({ kind: "text", html: text });
    text = "";
  };
  let i = 0;
  while (i < html.length) {
    if (html.startsWith(KATEX_OPEN, i)) {
      const end = spanEnd(html, i);
      const math = html.slice(i, end);
      flush();
      pieces.push({ kind: "math", html: math, tex: texOf(math), width: widthOf(math) });
      i = end;
    } else if (html[i] === "<") {
      const close = html.indexOf(">", i);
      const tag = close < 0 ? html.slice(i) : html.slice(i, close + 1);
      if (BREAKING_TAG.test(tag)) text += " ";
      i = close < 0 ? html.length : close + 1;
    } else {
      const next = html.indexOf("<", i);
      text += next < 0 ? html.slice(i) : html.slice(i, next);
      i = next < 0 ? html.length : next;
    }
  }
  flush();
  return pieces;
}

/** Collapses white space across pieces: one space between words, none at either end. */
function normalized(pieces: Piece[]): Piece[] {
  const out: Piece[] = [];
  for (const p of pieces) {
    if (p.kind === "math") {
      out.push(p);
      continue;
    }
    const html = p.html.replace(/\s+/g, " ");
    if (html !== "" && html !== " ") out.push({ kind: "text", html });
    else if (html === " ") out.push({ kind: "text", html: " " });
  }
  const first = out[0];
  if (first?.kind === "text") first.html = first.html.trimStart();
  const last = out[out.length - 1];
  if (last?.kind === "text") last.html = last.html.trimEnd();
  return out.filter((p) => p.kind === "math" || p.html !== "");
}

interface Cut {
  html: string;
  plain: string;
}

function cut(html: string, max: number): Cut {
  let budget = max;
  let rich = "";
  let plain = "";
  const pieces = normalized(piecesOf(html));
  for (const [i, p] of pieces.entries()) {
    const rest = i < pieces.length - 1;
    if (p.kind === "math") {
      // A formula counts as wide as its symbols; if it does not fit, the title ends before it.
      if (p.width > budget - (rest ? 1 : 0) && rich !== "")
        return { html: rich.trimEnd() + ELLIPSIS, plain: plain.trimEnd() + ELLIPSIS };
      rich += p.html;
      plain += p.tex;
      budget -= p.width;
      continue;
    }
    const text = decodeEntities(p.html);
    if (text.length > budget || (text.length === budget && rest)) {
      const kept = text.slice(0, Math.max(0, budget - 1)).trimEnd();
      return { html: rich + escapeHtml(kept) + ELLIPSIS, plain: plain + kept + ELLIPSIS };
    }
    rich += p.html;
    plain += text;
    budget -= text.length;
  }
  return { html: rich, plain };
}

/** The title as HTML: text and KaTeX formulas of `html`, at most about `max` visible characters. */
export function richTitle(html: string, max = TITLE_MAX_CHARS): string {
  return cut(html, max).html;
}

/** The title as plain text: formulas as their TeX, at most `max` characters. */
export function plainTitle(html: string, max = TITLE_MAX_CHARS): string {
  return cut(html, max).plain;
}
