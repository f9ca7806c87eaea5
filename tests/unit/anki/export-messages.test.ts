/** The Anki export links speak both languages in full, in messages ICU can parse. */
import { IntlMessageFormat } from "intl-messageformat";
import { describe, expect, it } from "vitest";
import en from "@/app/i18n/messages/en/anki.json";
import zh from "@/app/i18n/messages/zh/anki.json";
import enAll from "@/app/i18n/messages/en/index";
import zhAll from "@/app/i18n/messages/zh/index";

describe("the ankiExport messages", () => {
  it("have the same keys in Chinese and English, and are registered in both", () => {
    expect(Object.keys(zh.ankiExport).sort()).toEqual(Object.keys(en.ankiExport).sort());
    expect(enAll.ankiExport).toEqual(en.ankiExport);
    expect(zhAll.ankiExport).toEqual(zh.ankiExport);
  });

  it("all parse as ICU messages", () => {
    for (const [locale, messages] of [
      ["en", en.ankiExport],
      ["zh", zh.ankiExport],
    ] as const)
      for (const [key, text] of Object.entries(messages))
        expect(() => new IntlMessageFormat(text, locale).format(), key).not.toThrow();
  });
});
