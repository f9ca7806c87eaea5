/**
 * Matching a search pattern in JavaScript: deck names are matched here
 * (lib/server/decks.ts resolves `deck:` to deck keys before compiling),
 * with the same meaning the SQL gives text patterns (LIKE: `*` any run of
 * characters, `_` any one).
 */
import type { Pattern } from "./types";

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function sourceOf(pattern: Pattern): string {
  return pattern.parts
    .map((p) => (p.kind === "any" ? "[\\s\\S]*" : p.kind === "one" ? "[\\s\\S]" : escapeRegExp(p.text)))
    .join("");
}

/** Whether `pattern` occurs anywhere in `text` (both compared in lower case). */
export function containsPattern(text: string, pattern: Pattern): boolean {
  return new RegExp(sourceOf(pattern), "u").test(text.toLowerCase());
}

/** Whether `pattern` matches all of `text`, or all of a prefix of it that ends at `childSeparator`. */
export function matchesWhole(text: string, pattern: Pattern, childSeparator: string): boolean {
  const child = escapeRegExp(childSeparator);
  return new RegExp(`^(?:${sourceOf(pattern)})(?:${child}[\\s\\S]*)?$`, "u").test(text.toLowerCase());
}
