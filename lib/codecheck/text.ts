/**
 * The checker's messages are written in both languages. Code, identifiers and
 * the runtime's own words (a tfjs error, a thrown message) are not translated:
 * they go in backtick code spans, as in Markdown, which the page shows as code.
 * A span's fence is one backtick longer than any run of backticks inside it,
 * so text that has backticks of its own (tfjs writes "A `Concatenate` layer")
 * survives whole (CommonMark, "Code spans").
 */
import type { Bilingual } from "./types";

export type { Bilingual };

export interface MessagePiece {
  code: boolean;
  text: string;
}

/** The same words in both languages: numbers, shapes, code. */
export function both(text: string): Bilingual {
  return { zh: text, en: text };
}

/** `text` as a code span, whatever backticks it contains. */
export function codeSpan(text: string): string {
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longestRun + 1);
  // A space keeps a backtick at either end from joining the fence; CommonMark strips one such space.
  const padded = text.startsWith("`") || text.endsWith("`") ? ` ${text} ` : text;
  return `${fence}${padded}${fence}`;
}

/** A message split into prose and code spans; an unclosed fence is prose. */
export function splitCodeSpans(message: string): MessagePiece[] {
  const pieces: MessagePiece[] = [];
  let prose = "";
  let index = 0;
  while (index < message.length) {
    const opening = /^`+/.exec(message.slice(index));
    if (opening === null) {
      prose += message[index] ?? "";
      index += 1;
      continue;
    }
    const fence = opening[0];
    const start = index + fence.length;
    const end = findClosingFence(message, start, fence.length);
    if (end < 0) {
      prose += fence;
      index = start;
      continue;
    }
    if (prose !== "") pieces.push({ code: false, text: prose });
    prose = "";
    const inner = message.slice(start, end);
    const stripped = inner.length > 2 && inner.startsWith(" ") && inner.endsWith(" ") ? inner.slice(1, -1) : inner;
    pieces.push({ code: true, text: stripped });
    index = end + fence.length;
  }
  if (prose !== "") pieces.push({ code: false, text: prose });
  return pieces;
}

/** Index of the next run of exactly `length` backticks from `from`, or -1. */
function findClosingFence(message: string, from: number, length: number): number {
  const runs = /`+/g;
  runs.lastIndex = from;
  for (let run = runs.exec(message); run !== null; run = runs.exec(message)) {
    if (run[0].length === length) return run.index;
  }
  return -1;
}

/** Joins the parts of a message in each language. */
export function joinBilingual(parts: readonly Bilingual[], separator: Bilingual): Bilingual {
  return {
    zh: parts.map((part) => part.zh).join(separator.zh),
    en: parts.map((part) => part.en).join(separator.en),
  };
}
