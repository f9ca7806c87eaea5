/**
 * The restore page speaks both languages in full: the same messages in
 * Chinese and English, a line for every count a restore reports, and a
 * message for every way a file is refused.
 */
import { describe, expect, it } from "vitest";
import en from "@/app/i18n/messages/en/restore.json";
import zh from "@/app/i18n/messages/zh/restore.json";
import { REFUSALS, SUMMARY_ROWS } from "@/app/components/account/restore-form";

function keysOf(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keysOf(v, prefix ? `${prefix}.${k}` : k));
}

describe("the restore messages", () => {
  it("have the same keys in Chinese and English", () => {
    expect(keysOf(zh).sort()).toEqual(keysOf(en).sort());
  });

  it("name every count of a restore and every refusal", () => {
    for (const messages of [en, zh]) {
      expect(Object.keys(messages.restore.summary).sort()).toEqual([...SUMMARY_ROWS].sort());
      expect(Object.keys(messages.restore.errors).sort()).toEqual([...REFUSALS].sort());
    }
  });
});
