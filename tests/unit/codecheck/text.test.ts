import { describe, expect, it } from "vitest";
import { codeSpan, splitCodeSpans } from "@/lib/codecheck/text";

describe("code spans in checker messages", () => {
  it("splits prose from code", () => {
    expect(splitCodeSpans("第 3 行出错：`TypeError: x is not a function`。")).toEqual([
      { code: false, text: "第 3 行出错：" },
      { code: true, text: "TypeError: x is not a function" },
      { code: false, text: "。" },
    ]);
  });

  it("keeps backticks of the runtime's own words inside one span", () => {
    const words = "Error: A `Concatenate` layer requires inputs with matching shapes";
    const message = `Line 5: ${codeSpan(words)}`;
    expect(message).toBe("Line 5: ``Error: A `Concatenate` layer requires inputs with matching shapes``");
    expect(splitCodeSpans(message)).toEqual([
      { code: false, text: "Line 5: " },
      { code: true, text: words },
    ]);
    for (const edge of ["`x`", "``", "a ``` b"]) {
      expect(splitCodeSpans(codeSpan(edge))).toEqual([{ code: true, text: edge }]);
    }
  });

  it("leaves an unclosed backtick as prose", () => {
    expect(splitCodeSpans("a ` b")).toEqual([{ code: false, text: "a ` b" }]);
  });
});
