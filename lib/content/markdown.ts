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

const blockMath: TokenizerAndRendererExtension = {
  name: "blockMath",
  level: "block",
  start: (src) => src.indexOf("$$"),
  tokenizer(src) {
    const match = /^\$\$([\s\S]+?)\$\$[ \t]*(?:\n|$)/.exec(src);
    if (!match) return undefined;
    return { type: "blockMath", raw: match[0], tex: (match[1] ?? "").trim(), display: true };
  },
  renderer: (token) => `<div class="math-display">${renderMath((token as MathToken).tex, true)}</div>\n`,
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
  renderer: (token) => renderMath((token as MathToken).tex, (token as MathToken).display),
};

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

const marked = new Marked({
  gfm: true,
  breaks: false,
  extensions: [blockMath, inlineMath],
  renderer: {
    code({ text, lang }) {
      const language = (lang ?? "").trim().split(/\s+/)[0] ?? "";
      const known = language !== "" && hljs.getLanguage(language) !== undefined;
      const body = known ? hljs.highlight(text, { language, ignoreIllegals: true }).value : escapeHtml(text);
      const label = language ? ` data-lang="${escapeHtml(language)}"` : "";
      return `<pre class="code"${label}><code class="hljs${known ? ` language-${language}` : ""}">${body}</code></pre>\n`;
    },
  },
});

/** Renders Markdown with math and code to HTML. Throws MathRenderError on bad TeX. */
export function renderMarkdown(source: string): string {
  return marked.parse(source, { async: false });
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
