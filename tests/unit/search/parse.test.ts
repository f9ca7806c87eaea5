import { describe, expect, it } from "vitest";
import { parseDueRange as parseBrowseDue } from "@/lib/browse/bulk";
import { parseSearch } from "@/lib/search/parse";
import type { SearchNode } from "@/lib/search/types";

const text = (t: string): SearchNode => ({ kind: "text", pattern: { parts: [{ kind: "text", text: t }] } });

function tree(query: string): SearchNode {
  const r = parseSearch(query);
  if (!r.ok) throw new Error(`${query}: ${JSON.stringify(r.error)}`);
  return r.node;
}

function error(query: string) {
  const r = parseSearch(query);
  if (r.ok) throw new Error(`${query} parsed: ${JSON.stringify(r.node)}`);
  return r.error;
}

describe("parseSearch: the tree", () => {
  it("empty is everything; words AND, OR binds looser, parentheses group, - negates", () => {
    expect(tree("  ")).toEqual({ kind: "all" });
    expect(tree("relu gelu")).toEqual({ kind: "and", children: [text("relu"), text("gelu")] });
    expect(tree("a b or c")).toEqual({
      kind: "or",
      children: [{ kind: "and", children: [text("a"), text("b")] }, text("c")],
    });
    expect(tree("a (b OR c)")).toEqual({
      kind: "and",
      children: [text("a"), { kind: "or", children: [text("b"), text("c")] }],
    });
    expect(tree("-a and -(b)")).toEqual({
      kind: "and",
      children: [
        { kind: "not", child: text("a") },
        { kind: "not", child: text("b") },
      ],
    });
  });

  it("quoted phrases keep spaces and operators; wildcards; escapes; lower case", () => {
    expect(tree('"Batch NORM" "or"')).toEqual({ kind: "and", children: [text("batch norm"), text("or")] });
    expect(tree("re*u_")).toEqual({
      kind: "text",
      pattern: { parts: [{ kind: "text", text: "re" }, { kind: "any" }, { kind: "text", text: "u" }, { kind: "one" }] },
    });
    expect(tree("a\\*b")).toEqual(text("a*b"));
    expect(tree('"x:y"')).toEqual(text("x:y"));
  });

  it("every key of the subset", () => {
    expect(tree("deck:ML::CNN")).toEqual({
      kind: "deck",
      pattern: { parts: [{ kind: "text", text: "ml::cnn" }] },
    });
    expect(tree('"deck:My Deck"')).toEqual({ kind: "deck", pattern: { parts: [{ kind: "text", text: "my deck" }] } });
    expect(tree("tag:ml")).toEqual({ kind: "tag", pattern: { parts: [{ kind: "text", text: "ml" }] } });
    expect(tree("tag:ml*")).toEqual({
      kind: "tag",
      pattern: { parts: [{ kind: "text", text: "ml" }, { kind: "any" }] },
    });
    expect(tree("tag:none")).toEqual({ kind: "tag", pattern: null });
    expect(tree("tag:my_tag")).toEqual({ kind: "tag", pattern: { parts: [{ kind: "text", text: "my_tag" }] } });
    expect(tree("note:Cloze card:reverse card:code")).toEqual({
      kind: "and",
      children: [
        { kind: "note", noteType: "cloze" },
        { kind: "card", cardType: "reverse" },
        { kind: "card", cardType: "code" },
      ],
    });
    for (const state of ["new", "due", "review", "suspended", "buried", "flagged"] as const)
      expect(tree(`is:${state}`)).toEqual({ kind: "is", state });
    expect(tree("prop:ivl>=10")).toEqual({ kind: "prop", prop: "ivl", op: ">=", value: 10 });
    expect(tree("prop:ease<2.5")).toEqual({ kind: "prop", prop: "ease", op: "<", value: 2.5 });
    expect(tree("prop:lapses>2")).toEqual({ kind: "prop", prop: "lapses", op: ">", value: 2 });
    expect(tree("prop:due<=-3")).toEqual({ kind: "prop", prop: "due", op: "<=", value: -3 });
    expect(tree("prop:reps!=0")).toEqual({ kind: "prop", prop: "reps", op: "!=", value: 0 });
    expect(tree("added:7")).toEqual({ kind: "added", days: 7 });
    expect(tree("rated:1")).toEqual({ kind: "rated", days: 1, quality: null });
    expect(tree("rated:7:1")).toEqual({ kind: "rated", days: 7, quality: 1 });
    expect(tree("cid:card:a,card:b")).toEqual({ kind: "cid", ids: ["card:a", "card:b"] });
    expect(tree("flag:1")).toEqual({ kind: "flag", flagged: true });
  });
});

describe("parseSearch: a malformed query names the position and what was expected", () => {
  it.each([
    ["is:nope", { code: "bad-value", position: 3, length: 4, found: "nope" }],
    ["a (b", { code: "unclosed-paren", position: 2, length: 1, expected: [")"] }],
    ["a )", { code: "unexpected-paren", position: 2, found: ")" }],
    ["a ()", { code: "empty-group", position: 2, length: 2 }],
    ['x "open', { code: "unclosed-quote", position: 2, length: 5, expected: ['"'] }],
    ["a OR", { code: "missing-term", position: 4, found: "", expected: ["a search term"] }],
    ["OR a", { code: "missing-term", position: 0, found: "OR" }],
    ["a - b", { code: "dangling-negation", position: 2 }],
    ["colour:red", { code: "unknown-key", position: 0, length: 6, found: "colour" }],
    ["deck:", { code: "empty-value", position: 5 }],
    ["prop:size>1", { code: "bad-property", position: 5, length: 4, found: "size" }],
    ["prop:ivl~1", { code: "bad-operator", position: 8, found: "~1" }],
    ["prop:ivl>=x", { code: "bad-number", position: 10, length: 1, found: "x" }],
    ["prop:ivl>=", { code: "bad-number", position: 10 }],
    ["rated:400", { code: "bad-number", position: 6, length: 3, expected: ["a whole number from 1 to 365"] }],
    ["rated:7:9", { code: "bad-number", position: 8, length: 1, expected: ["a grade from 0 to 5"] }],
    ["added:0", { code: "bad-number", position: 6 }],
    ["tag:a*b", { code: "bad-value", position: 4, length: 3 }],
    ["note:x", { code: "bad-value", position: 5, expected: ["basic", "basic-reverse", "cloze", "exercise", "code"] }],
  ])("%s", (query, expected) => {
    expect(error(query)).toMatchObject(expected);
  });

  it("positions count from the query's start, past earlier terms", () => {
    expect(error("tag:ml (deck:x OR is:bad)")).toMatchObject({ code: "bad-value", position: 21, length: 3 });
  });

  it("refuses over-long and too-deep queries instead of compiling them", () => {
    expect(error("a".repeat(1001))).toMatchObject({ code: "too-long", position: 1000 });
    expect(error(`${"(".repeat(30)}a${")".repeat(30)}`)).toMatchObject({ code: "too-deep" });
  });
});

describe("set due days", () => {
  it.each([
    ["0", { fromDays: 0, toDays: 0 }],
    ["3-7", { fromDays: 3, toDays: 7 }],
    [" 3 - 7 ", { fromDays: 3, toDays: 7 }],
    ["7-3", null],
    ["-1", null],
    ["x", null],
    ["1-99999", null],
  ])("%s", (input, expected) => {
    expect(parseBrowseDue(input)).toEqual(expected);
  });
});
