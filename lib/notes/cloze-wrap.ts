/**
 * The editor's cloze helper, as Anki's Ctrl+Shift+C: the selection becomes
 * the next deletion (one number above the highest in the text), or, with
 * `sameNumber` (Anki's Ctrl+Shift+Alt+C), one more deletion of the highest.
 */
import { clozeNumbers } from "@/lib/content/cloze";

export interface WrappedText {
  text: string;
  /** Where the selection goes after wrapping: the answer, still selected (empty: the cursor inside the marker). */
  selectionStart: number;
  selectionEnd: number;
}

export function wrapCloze(text: string, start: number, end: number, sameNumber = false): WrappedText {
  const from = Math.max(0, Math.min(start, end, text.length));
  const to = Math.min(text.length, Math.max(start, end));
  const highest = clozeNumbers(text).at(-1) ?? 0;
  const n = sameNumber ? Math.max(1, highest) : highest + 1;
  const open = `{{c${n}::`;
  const answer = text.slice(from, to);
  return {
    text: `${text.slice(0, from)}${open}${answer}}}${text.slice(to)}`,
    selectionStart: from + open.length,
    selectionEnd: from + open.length + answer.length,
  };
}
