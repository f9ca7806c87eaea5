/**
 * Cloze deletions in the Anki sense: `{{c1::answer}}` or
 * `{{c1::answer::hint}}`. One card per cloze number: its front hides that
 * number's deletions, its back reveals them highlighted; other numbers show
 * as plain text.
 *
 * A deletion ends at the first `}}` that is outside math and code and closes
 * no open brace, so `{{c1::$\frac{e^{z_i}}{\sum_j e^{z_j}}$}}` is one
 * deletion: the `}}` inside the TeX belong to the formula.
 */

export interface ClozeDeletion {
  number: number;
  answer: string;
  hint: string | undefined;
}

export type ClozeSegment = { kind: "text"; text: string } | ({ kind: "deletion" } & ClozeDeletion);

export interface ParsedCloze {
  segments: ClozeSegment[];
  problems: string[];
}

const OPENING = /\{\{c(\d+)::/y;

interface DeletionScan {
  /** Index just past the closing `}}`, or -1 when the deletion never closes. */
  end: number;
  answer: string;
  hint: string | undefined;
  problems: string[];
}

/** Length of the run of `char` starting at `index`. */
function runLength(text: string, index: number, char: string): number {
  let length = 0;
  while (text[index + length] === char) length += 1;
  return length;
}

/** Scans one deletion's body from `start` (just after `{{cN::`). */
function scanDeletion(text: string, start: number, number: number): DeletionScan {
  const problems: string[] = [];
  let math: "$" | "$$" | null = null;
  let depth = 0;
  let hintAt = -1;
  let i = start;
  while (i < text.length) {
    const ch = text[i];
    if (ch === "\\") {
      i += 2;
      continue;
    }
    if (ch === "`" && math === null) {
      const fence = runLength(text, i, "`");
      const close = text.indexOf("`".repeat(fence), i + fence);
      i = close === -1 ? text.length : close + fence;
      continue;
    }
    if (ch === "$") {
      const delimiter: "$" | "$$" = text[i + 1] === "$" && math !== "$" ? "$$" : "$";
      if (math === null) {
        math = delimiter;
      } else if (math === delimiter) {
        if (depth !== 0) problems.push(`cloze c${number}: a { in the math is never closed`);
        depth = 0;
        math = null;
      }
      i += delimiter.length;
      continue;
    }
    if (ch === "{") {
      depth += 1;
    } else if (ch === "}") {
      if (depth > 0) {
        depth -= 1;
      } else if (math !== null) {
        problems.push(`cloze c${number}: the math has a } that closes nothing`);
      } else if (text[i + 1] === "}") {
        const body = text.slice(start, i);
        const split = hintAt === -1 ? -1 : hintAt - start;
        return {
          end: i + 2,
          answer: split === -1 ? body : body.slice(0, split),
          hint: split === -1 ? undefined : body.slice(split + 2),
          problems,
        };
      }
    } else if (ch === ":" && text[i + 1] === ":" && math === null && depth === 0 && hintAt === -1) {
      hintAt = i;
      i += 2;
      continue;
    }
    i += 1;
  }
  return { end: -1, answer: "", hint: undefined, problems };
}

function parseCloze(text: string): ParsedCloze {
  const segments: ClozeSegment[] = [];
  const problems: string[] = [];
  let plainFrom = 0;
  let i = text.indexOf("{{");
  while (i !== -1) {
    OPENING.lastIndex = i;
    const opening = OPENING.exec(text);
    if (opening === null) {
      i = text.indexOf("{{", i + 1);
      continue;
    }
    const number = Number(opening[1]);
    const scan = scanDeletion(text, i + opening[0].length, number);
    problems.push(...scan.problems);
    if (scan.end === -1) {
      problems.push(`a {{c${number}::…}} marker is not closed`);
      break;
    }
    if (i > plainFrom) segments.push({ kind: "text", text: text.slice(plainFrom, i) });
    if (scan.answer.trim() === "") problems.push(`cloze c${number} is empty`);
    segments.push({ kind: "deletion", number, answer: scan.answer, hint: scan.hint });
    plainFrom = scan.end;
    i = text.indexOf("{{", plainFrom);
  }
  if (plainFrom < text.length) segments.push({ kind: "text", text: text.slice(plainFrom) });
  return { segments, problems };
}

export function clozeDeletions(text: string): ClozeDeletion[] {
  return parseCloze(text).segments.flatMap((s) =>
    s.kind === "deletion" ? [{ number: s.number, answer: s.answer, hint: s.hint }] : [],
  );
}

export function clozeNumbers(text: string): number[] {
  return [...new Set(clozeDeletions(text).map((d) => d.number))].sort((a, b) => a - b);
}

function render(text: string, deletion: (d: ClozeDeletion) => string): string {
  return parseCloze(text)
    .segments.map((s) => (s.kind === "text" ? s.text : deletion(s)))
    .join("");
}

export function clozeFront(text: string, n: number): string {
  return render(text, (d) => (d.number === n ? `<span class="cloze-gap">[${d.hint ? d.hint : "…"}]</span>` : d.answer));
}

export function clozeBack(text: string, n: number): string {
  return render(text, (d) => (d.number === n ? `<span class="cloze-answer">${d.answer}</span>` : d.answer));
}

/** Code and math, whose braces and colons are never cloze markers. */
const CODE_OR_MATH = /```[\s\S]*?```|`[^`\n]*`|\$\$[\s\S]*?\$\$|\$(?:\\\$|[^$\n])+?\$/g;

/**
 * Markers outside any deletion that the parser would show as plain text:
 * a `}}` that closes nothing, or an opening that is not `{{c<number>::`
 * (`{{c1:x}}`, `{{c::x}}`, `{{ c1::x}}`). Math and code are left alone.
 */
export function strayClozeMarkers(text: string): string[] {
  const found: string[] = [];
  for (const segment of parseCloze(text).segments) {
    if (segment.kind !== "text") continue;
    const plain = segment.text.replace(CODE_OR_MATH, " ");
    if (/\{\{\s+c|\{\{C|\{\{c(?!\d+::)/.test(plain)) found.push("a {{c…:: marker is malformed (write {{c1::answer}})");
    else if (plain.includes("}}")) found.push("a }} closes no {{c…:: deletion");
  }
  return found;
}

/** Text with unclosed, empty or brace-unbalanced cloze markers, for validation messages. */
export function clozeProblems(text: string): string[] {
  return parseCloze(text).problems;
}

/** TeX that changes the look but not the content of a formula. */
const COSMETIC_TEX: ReadonlyArray<[RegExp, string]> = [
  [/\\(?:left|right|big|Big|bigg|Bigg)(?![a-zA-Z])/g, ""],
  [/\\[dt]frac(?![a-zA-Z])/g, "\\frac"],
  [/\\(?:quad|qquad)(?![a-zA-Z])/g, ""],
  [/\\[,;:! ]/g, ""],
  [/[$\s{}]/g, ""],
];

function normalizeTex(tex: string): string {
  let out = tex;
  for (const [pattern, replacement] of COSMETIC_TEX) out = out.replace(pattern, replacement);
  return out;
}

/** Math compared without spacing, sizing or grouping; prose without Markdown emphasis, code ticks or case. */
function normalizeForMatch(text: string): string {
  return text
    .split(/(\$\$[\s\S]*?\$\$|\$[^$]*\$)/)
    .map((part, index) => (index % 2 === 1 ? ` ${normalizeTex(part)} ` : part.replace(/[`*]/g, "")))
    .join("")
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase();
}

const WORD_CHAR = /[a-z0-9_]/;
const DIGIT = /[0-9]/;

/** `needle` occurs in `haystack` as a whole: not as part of a longer word or number (0.2 is not in 0.25). */
function occursAsWhole(haystack: string, needle: string): boolean {
  const startsWord = WORD_CHAR.test(needle[0] ?? "");
  const endsWord = WORD_CHAR.test(needle[needle.length - 1] ?? "");
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1)) {
    const before = haystack[at - 1] ?? "";
    const after = haystack[at + needle.length] ?? "";
    const joinsBefore =
      startsWord &&
      (WORD_CHAR.test(before) ||
        before === "\\" ||
        (before === "." && DIGIT.test(needle[0] ?? "") && DIGIT.test(haystack[at - 2] ?? "")));
    const joinsAfter =
      endsWord &&
      (WORD_CHAR.test(after) ||
        (after === "." && DIGIT.test(needle[needle.length - 1] ?? "") && DIGIT.test(haystack[at + needle.length + 1] ?? "")));
    if (!joinsBefore && !joinsAfter) return true;
  }
  return false;
}

/**
 * Deletions whose answer can be read off the rest of their own front: the
 * same text visible in another deletion, in the surrounding sentence or in a
 * hint. Compared after removing spacing and sizing markup.
 */
export function clozeGiveaways(text: string): string[] {
  const { segments } = parseCloze(text);
  const found: string[] = [];
  const numbers = [...new Set(segments.flatMap((s) => (s.kind === "deletion" ? [s.number] : [])))];
  for (const n of numbers) {
    const visible = segments
      .map((s) => {
        if (s.kind === "text") return s.text;
        if (s.number !== n) return s.answer;
        return ` [${s.hint ?? ""}] `;
      })
      .join("");
    const haystack = normalizeForMatch(visible);
    for (const s of segments) {
      if (s.kind !== "deletion" || s.number !== n) continue;
      const needle = normalizeForMatch(s.answer);
      if (needle !== "" && occursAsWhole(haystack, needle)) {
        found.push(`cloze c${n} gives its answer away: "${s.answer.trim()}" is visible on its own front`);
      }
    }
  }
  return found;
}
