/**
 * Anki field HTML as a small tree, read with htmlparser2's tokenizer (the
 * parser sanitize-html uses): no DOM, no browser. `<script>` and `<style>`
 * elements keep their source as written, so callers can show them as text.
 */
import { Parser } from "htmlparser2";

export type HtmlNode =
  | { kind: "text"; text: string }
  | { kind: "element"; name: string; attribs: Record<string, string>; children: HtmlNode[] }
  /** A `<script>` or `<style>` element, as its source text (tags included). */
  | { kind: "raw"; name: "script" | "style"; source: string };

interface OpenElement {
  name: string;
  attribs: Record<string, string>;
  children: HtmlNode[];
  sourceStart: number;
}

/** Parses HTML the way a browser would tolerate it (implied end tags, void elements), entities decoded. */
export function parseHtmlTree(html: string): HtmlNode[] {
  const root: HtmlNode[] = [];
  const stack: OpenElement[] = [];
  const childrenOfTop = (): HtmlNode[] => stack.at(-1)?.children ?? root;
  let pendingText = "";
  const flushText = () => {
    if (pendingText === "") return;
    childrenOfTop().push({ kind: "text", text: pendingText });
    pendingText = "";
  };
  const parser: Parser = new Parser(
    {
      onopentag(name, attribs) {
        flushText();
        stack.push({ name, attribs, children: [], sourceStart: parser.startIndex });
      },
      ontext(text) {
        pendingText += text;
      },
      onclosetag(name, isImplied) {
        flushText();
        const open = stack.pop();
        if (open === undefined) return;
        const node: HtmlNode =
          name === "script" || name === "style"
            ? { kind: "raw", name, source: html.slice(open.sourceStart, isImplied ? html.length : parser.endIndex + 1) }
            : { kind: "element", name: open.name, attribs: open.attribs, children: open.children };
        childrenOfTop().push(node);
      },
      oncomment() {
        flushText();
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  flushText();
  return root;
}

/** The text of a subtree as it reads, `<br>` as a newline when `breaks` is set, else a space. */
export function textOfNodes(nodes: HtmlNode[], breaks: boolean): string {
  let out = "";
  for (const node of nodes) {
    if (node.kind === "text") out += node.text;
    else if (node.kind === "raw") out += node.source;
    else if (node.name === "br") out += breaks ? "\n" : " ";
    else out += textOfNodes(node.children, breaks);
  }
  return out;
}

export function escapeHtmlText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
