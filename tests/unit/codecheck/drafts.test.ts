import { describe, expect, it } from "vitest";
import { type DraftStorage, draftKey, readDraft, writeDraft } from "@/lib/codecheck/browser/drafts";

function memoryStorage(): DraftStorage & { entries: Map<string, string> } {
  const entries = new Map<string, string>();
  return {
    entries,
    getItem: (key) => entries.get(key) ?? null,
    setItem: (key, value) => void entries.set(key, value),
    removeItem: (key) => void entries.delete(key),
  };
}

const STARTER = "function mse(yTrue, yPred) {\n  // TODO\n}\n";

describe("code drafts", () => {
  it("keep the learner's code per learner and exercise, and forget it when it is the starter again", () => {
    const storage = memoryStorage();
    const mine = draftKey("learner-1", "mse");
    writeDraft(storage, mine, "function mse() { return 1; }", STARTER);
    expect(readDraft(storage, mine)).toBe("function mse() { return 1; }");
    expect(readDraft(storage, draftKey("learner-2", "mse"))).toBeNull();
    expect(readDraft(storage, draftKey("learner-1", "conv-layer"))).toBeNull();
    writeDraft(storage, mine, STARTER, STARTER);
    expect(readDraft(storage, mine)).toBeNull();
    expect(storage.entries.size).toBe(0);
  });

  it("treat missing, full or refused storage as no draft", () => {
    const refusing: DraftStorage = {
      getItem: () => {
        throw new Error("SecurityError");
      },
      setItem: () => {
        throw new Error("QuotaExceededError");
      },
      removeItem: () => undefined,
    };
    expect(readDraft(refusing, draftKey("a", "mse"))).toBeNull();
    expect(() => writeDraft(refusing, draftKey("a", "mse"), "x", STARTER)).not.toThrow();
    expect(readDraft(null, draftKey("a", "mse"))).toBeNull();
    expect(() => writeDraft(null, draftKey("a", "mse"), "x", STARTER)).not.toThrow();
  });
});
