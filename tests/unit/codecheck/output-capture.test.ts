import { describe, expect, it } from "vitest";
import { createOutputCapture } from "@/lib/codecheck/output-capture";

describe("createOutputCapture", () => {
  it("prints NaN, ±Infinity, -0 and undefined as themselves, alone and inside arrays and objects", () => {
    const capture = createOutputCapture();
    capture.console.log(Number.NaN, Number.POSITIVE_INFINITY, -0, undefined);
    capture.console.log([0, Number.NaN, Number.NEGATIVE_INFINITY], { loss: Number.NaN, steps: [1, 2] });
    capture.console.log(new Float32Array([1.5, Number.NaN]), "text", true, null);
    expect(capture.text().split("\n")).toEqual([
      "NaN Infinity -0 undefined",
      '[0,NaN,-Infinity] {"loss":NaN,"steps":[1,2]}',
      "[1.5,NaN] text true null",
    ]);
  });

  it("survives cycles and prefixes warnings", () => {
    const capture = createOutputCapture();
    const cyclic: { self?: unknown } = {};
    cyclic.self = cyclic;
    capture.console.warn(cyclic);
    expect(capture.text()).toBe('[warn] {"self":[Circular]}');
  });
});
