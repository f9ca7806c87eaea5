/**
 * The browser, editor and deck pages speak both languages in full, and every
 * problem code the note check, the deck names and the search can give has a
 * message, which ICU can parse (cloze braces are quoted).
 */
import { IntlMessageFormat } from "intl-messageformat";
import { describe, expect, it } from "vitest";
import en from "@/app/i18n/messages/en/cards.json";
import zh from "@/app/i18n/messages/zh/cards.json";
import { BULK_ACTIONS } from "@/lib/browse/bulk";
import { BROWSE_SORTS } from "@/lib/browse/bulk";

function entries(value: unknown, prefix = ""): [string, string][] {
  if (typeof value === "string") return [[prefix, value]];
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => entries(v, prefix ? `${prefix}.${k}` : k));
}

describe("the card pages' messages", () => {
  it("have the same keys in Chinese and English", () => {
    expect(
      entries(zh)
        .map(([k]) => k)
        .sort(),
    ).toEqual(
      entries(en)
        .map(([k]) => k)
        .sort(),
    );
  });

  it("all parse as ICU messages, and the cloze syntax shows literally", () => {
    for (const [locale, messages] of [
      ["en", en],
      ["zh", zh],
    ] as const)
      for (const [key, text] of entries(messages)) expect(() => new IntlMessageFormat(text, locale), key).not.toThrow();
    expect(new IntlMessageFormat(en.notes.clozeHint, "en").format()).toContain("{{c1::answer}}");
  });

  it("name every note problem, bulk action and sort", () => {
    const codes = [
      "required",
      "too-long",
      "math",
      "cloze-none",
      "cloze-unclosed",
      "cloze-empty",
      "cloze-math",
      "cloze-stray",
      "cloze-number",
      "type-change",
      "empty",
      "empty-part",
      "too-deep",
      "control",
      "tag-invalid",
      "tag-too-long",
      "too-many-tags",
    ];
    expect(Object.keys(en.notes.problems).sort()).toEqual([...codes].sort());
    expect(Object.keys(en.browse.actions).sort()).toEqual([...BULK_ACTIONS].sort());
    expect(Object.keys(en.browse.sorts).sort()).toEqual([...BROWSE_SORTS].sort());
  });
});
