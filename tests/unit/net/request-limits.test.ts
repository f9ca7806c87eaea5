import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_ACTION_NESTING, nestingExceeds } from "@/lib/net/request-limits";
import { jsonDepthExceeds } from "@/lib/server/action-input";

const nested = (depth: number) => "[".repeat(depth) + "]".repeat(depth);

describe("nesting limits", () => {
  it("counts brackets outside strings only, without recursing", () => {
    expect(nestingExceeds(nested(MAX_ACTION_NESTING), MAX_ACTION_NESTING)).toBe(false);
    expect(nestingExceeds(nested(MAX_ACTION_NESTING + 1), MAX_ACTION_NESTING)).toBe(true);
    expect(nestingExceeds(nested(200_000), MAX_ACTION_NESTING)).toBe(true);
    // Brackets inside a string, escaped quotes included, are text.
    expect(nestingExceeds(`["${"[".repeat(100)}\\"${"{".repeat(100)}"]`, 2)).toBe(false);
    expect(nestingExceeds('[{"a":[1,{"b":[]}]}]', 4)).toBe(true);
    expect(nestingExceeds('[{"a":[1,{"b":[]}]}]', 5)).toBe(false);
  });

  it("agrees with the depth of the parsed value for any JSON (text scan vs object walk)", () => {
    const depthOf = (v: unknown): number =>
      v !== null && typeof v === "object" ? 1 + Math.max(0, ...Object.values(v).map(depthOf)) : 0;
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.integer({ min: 0, max: 10 }), (value, limit) => {
        const depth = depthOf(value);
        expect(nestingExceeds(JSON.stringify(value), limit)).toBe(depth > limit);
        expect(jsonDepthExceeds(value, limit)).toBe(depth > limit);
      }),
      { seed: 42, numRuns: 300 },
    );
  });
});
