/**
 * The progress, item and exercise pages speak both languages in full: every
 * message exists in Chinese and in English, and every topic an exercise or a
 * coding exercise names has a name in both, so no internal id reaches the page.
 */
import { describe, expect, it } from "vitest";
import enExercises from "@/app/i18n/messages/en/exercises.json";
import enProgress from "@/app/i18n/messages/en/progress.json";
import zhExercises from "@/app/i18n/messages/zh/exercises.json";
import zhProgress from "@/app/i18n/messages/zh/progress.json";
import { listCodeExercises } from "@/lib/codecheck/catalog";
import { listGenerators } from "@/lib/exercises";

function keysOf(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keysOf(v, prefix ? `${prefix}.${k}` : k));
}

describe("the progress and exercise messages", () => {
  it("have the same keys in Chinese and English", () => {
    expect(keysOf(zhProgress).sort()).toEqual(keysOf(enProgress).sort());
    expect(keysOf(zhExercises).sort()).toEqual(keysOf(enExercises).sort());
  });

  it("name every topic of the computed and coding exercises in both languages", () => {
    const topics = new Set([...listGenerators().map((g) => g.topic), ...listCodeExercises().map((c) => c.topic)]);
    for (const topics_ of [enExercises.exercises.topics, zhExercises.exercises.topics])
      expect([...topics].filter((topic) => !(topic in topics_))).toEqual([]);
  });

  it("name every kind of review in the item history", () => {
    for (const messages of [enProgress, zhProgress])
      expect(Object.keys(messages.itemHistory.reviewKinds).sort()).toEqual(
        ["drill", "new", "other", "practice", "relearn", "review"].sort(),
      );
  });
});
