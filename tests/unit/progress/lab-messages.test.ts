import { describe, expect, it } from "vitest";
import en from "@/app/i18n/messages/en/lab.json";
import zh from "@/app/i18n/messages/zh/lab.json";
import enAll from "@/app/i18n/messages/en";
import zhAll from "@/app/i18n/messages/zh";

function keysOf(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keysOf(v, prefix ? `${prefix}.${k}` : k));
}

describe("the scheduler lab's messages", () => {
  it("have the same keys in Chinese and English, and are registered in both", () => {
    expect(keysOf(zh).sort()).toEqual(keysOf(en).sort());
    expect(enAll.lab).toEqual(en.lab);
    expect(zhAll.lab).toEqual(zh.lab);
  });

  it("say what happened for every way a fit can end", () => {
    for (const messages of [en, zh])
      expect(Object.keys(messages.lab.fit.status).sort()).toEqual([
        "below-minimum",
        "failed",
        "fitted",
        "timed-out",
        "unavailable",
      ]);
  });
});
