/**
 * Tags as a learner types them: separated by spaces or commas, compared in
 * lower case, nested with "::" as Anki's (`tag:ml` finds `ml::cnn` too).
 */

export const MAX_TAGS = 30;
export const MAX_TAG_CHARS = 40;
/** Letters, digits and a little punctuation; never a space (the tag column's separator). */
const TAG_CHARACTERS = /^[\p{L}\p{N}_\-.:/+#]+$/u;

export type TagProblem = "tag-invalid" | "tag-too-long" | "too-many-tags";

export interface ParsedTags {
  /** Lower case, each once, in the order typed. */
  tags: string[];
  problems: { code: TagProblem; tag?: string }[];
}

export function parseTags(input: string): ParsedTags {
  const tags: string[] = [];
  const problems: ParsedTags["problems"] = [];
  for (const raw of input.split(/[\s,，、]+/u)) {
    const tag = raw.trim().toLowerCase();
    if (tag === "" || tags.includes(tag)) continue;
    if (tag.length > MAX_TAG_CHARS) problems.push({ code: "tag-too-long", tag });
    else if (!TAG_CHARACTERS.test(tag) || tag.startsWith("::") || tag.endsWith("::"))
      problems.push({ code: "tag-invalid", tag });
    else tags.push(tag);
  }
  if (tags.length > MAX_TAGS) problems.push({ code: "too-many-tags", tag: String(MAX_TAGS) });
  return { tags, problems };
}

/** One tag as a bulk action names it, or null if it is not a valid tag. */
export function parseOneTag(input: string): string | null {
  const { tags, problems } = parseTags(input);
  return tags.length === 1 && problems.length === 0 ? (tags[0] ?? null) : null;
}
