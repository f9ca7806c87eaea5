/**
 * Markdown → HTML for cards and exercises, with KaTeX math (`$…$` inline,
 * `$$…$$` display) and highlight.js code blocks. Runs at content-sync time
 * and on the server, so the review page ships rendered HTML only.
 */
import hljs from "highlight.js/lib/common";
import katex from "katex";
import { Marked, type TokenizerAndRendererExtension, type Tokens } from "marked";

export class MathRenderError extends Error {
  constructor(
    readonly tex: string,
    message: string,
  ) {
    super(message);
    this.name = "MathRenderError";
  }
}

function renderMath(tex: string, displayMode: boolean): string {
  try {
    return katex.renderToString(tex, { displayMode, throwOnError: true, strict: "ignore", output: "htmlAndMathml" });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new MathRenderError(tex, `KaTeX cannot render "${tex}": ${reason}`);
  }
}

interface MathToken extends Tokens.Generic {
  type: "math";
  raw: string;
  tex: string;
  display: boolean;
}

/**
 * The math delimiters of every Markdown field: `$$…$$` on its own line (a
 * block), `$…$` inline (not before a digit, so "$5 and $6" stays text) and
 * `$$…$$` within a line. `block` renders a display formula standing alone,
 * `inline` any other; the app renders with KaTeX, the Anki export writes TeX.
 */
export function mathExtensions(render: {
  block: (tex: string) => string;
  inline: (tex: string, display: boolean) => string;
}): TokenizerAndRendererExtension[] {
  const blockMath: TokenizerAndRendererExtension = {
    name: "blockMath",
    level: "block",
    start: (src) => src.indexOf("$$"),
    tokenizer(src) {
      const match = /^\$\$([\s\S]+?)\$\$[ \t]*(?:\n|$)/.exec(src);
      if (!match) return undefined;
      return { type: "blockMath", raw: match[0], tex: (match[1] ?? "").trim(), display: true };
    },
    renderer: (token) => render.block((token as MathToken).tex),
  };
  const inlineMath: TokenizerAndRendererExtension = {
    name: "inlineMath",
    level: "inline",
    start: (src) => src.indexOf("$"),
    tokenizer(src) {
      const display = /^\$\$([\s\S]+?)\$\$/.exec(src);
      if (display) return { type: "inlineMath", raw: display[0], tex: (display[1] ?? "").trim(), display: true };
      const match = /^\$((?:\\\$|[^$\n])+?)\$(?!\d)/.exec(src);
      if (!match) return undefined;
      return { type: "inlineMath", raw: match[0], tex: match[1] ?? "", display: false };
    },
    renderer: (token) => render.inline((token as MathToken).tex, (token as MathToken).display),
  };
  return [blockMath, inlineMath];
}

const KATEX_MATH = mathExtensions({
  block: (tex) => `<div class="math-display">${renderMath(tex, true)}</div>\n`,
  inline: renderMath,
});

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function renderCode({ text, lang }: Tokens.Code): string {
  const language = (lang ?? "").trim().split(/\s+/)[0] ?? "";
  const known = language !== "" && hljs.getLanguage(language) !== undefined;
  const body = known ? hljs.highlight(text, { language, ignoreIllegals: true }).value : escapeHtml(text);
  const label = language ? ` data-lang="${escapeHtml(language)}"` : "";
  return `<pre class="code"${label}><code class="hljs${known ? ` language-${language}` : ""}">${body}</code></pre>\n`;
}

const marked = new Marked({
  gfm: true,
  breaks: false,
  extensions: KATEX_MATH,
  renderer: { code: renderCode },
});

/** Renders Markdown with math and code to HTML. Throws MathRenderError on bad TeX. */
export function renderMarkdown(source: string): string {
  return marked.parse(source, { async: false });
}

/** The only HTML a learner's note may carry: the cloze markers lib/content/cloze.ts writes. */
export const CLOZE_TAG = /^(?:<span class="cloze-(?:gap|answer)">|<\/span>)$/;
/** Links a learner's note may make: the web, mail, and the app's own pages. */
export const SAFE_HREF = /^(?:https?:\/\/|mailto:|\/(?!\/)|#)/i;
/** Images a learner's note may show: their own uploads, served from the app's origin. */
export const MEDIA_SRC = /^\/media\/[A-Za-z0-9_-]{16,64}$/;

/**
 * The same renderer for a learner's own notes, whose text is theirs to
 * type: raw HTML is shown as text (but for the cloze markers), a link goes
 * only to the web, mail or the app, an image only to one of their uploads
 * (/media/…), and a line break in the text is one on the card, as typed.
 */
const learnerMarked = new Marked({
  gfm: true,
  breaks: true,
  extensions: KATEX_MATH,
  renderer: {
    code: renderCode,
    html({ text }) {
      return CLOZE_TAG.test(text.trim()) ? text : escapeHtml(text);
    },
    link({ href, title, tokens }) {
      const label = this.parser.parseInline(tokens);
      if (!SAFE_HREF.test(href)) return label;
      const titled = title ? ` title="${escapeHtml(title)}"` : "";
      return `<a href="${escapeHtml(href)}"${titled} rel="nofollow noopener noreferrer">${label}</a>`;
    },
    image({ href, text }) {
      if (!MEDIA_SRC.test(href)) return escapeHtml(text);
      return `<img src="${href}" alt="${escapeHtml(text)}" loading="lazy">`;
    },
  },
});

/** Renders a learner's own Markdown (see learnerMarked). Throws MathRenderError on bad TeX. */
export function renderLearnerMarkdown(source: string): string {
  return learnerMarked.parse(source, { async: false });
}

/** Every TeX fragment in a Markdown source, for validation. */
export function extractMath(source: string): string[] {
  const found: string[] = [];
  const withoutCode = source.replace(/```[\s\S]*?```/g, "").replace(/`[^`\n]*`/g, "");
  for (const m of withoutCode.matchAll(/\$\$([\s\S]+?)\$\$|\$((?:\\\$|[^$\n])+?)\$(?!\d)/g)) {
    found.push((m[1] ?? m[2] ?? "").trim());
  }
  return found;
}
