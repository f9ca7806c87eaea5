import { describe, expect, it } from "vitest";
import {
  ancestorNames,
  deckKeysMatching,
  deckLimitsOf,
  isSameOrUnder,
  normalizeDeckName,
  renamedUnder,
  subtreeKeys,
} from "@/lib/decks/deck-names";
import { type NoteDraft, canChangeType, checkNote, ownCardPayload } from "@/lib/notes/note";
import { parseOneTag, parseTags } from "@/lib/notes/tags";
import { wrapCloze } from "@/lib/notes/cloze-wrap";
import { parseSearch } from "@/lib/search/parse";
import type { Pattern } from "@/lib/search/types";

function draft(partial: Partial<NoteDraft> & Pick<NoteDraft, "type" | "fields">): NoteDraft {
  return { deck: "ML::Basics", tags: "", ...partial };
}

describe("checkNote: the cards a note makes", () => {
  it("a basic note makes one card, front to back", () => {
    const { problems, note } = checkNote(
      draft({ type: "basic", fields: { front: "What is $x^2$?", back: "A square" } }),
    );
    expect(problems).toEqual([]);
    expect(note.cards.map((c) => [c.ord, c.cardType])).toEqual([[1, "basic"]]);
    expect(note.cards[0]?.frontHtml).toContain("katex");
    expect(note.cards[0]?.backHtml).toBe("<p>A square</p>\n");
  });

  it("a basic + reverse note makes the card and its reverse", () => {
    const { problems, note } = checkNote(
      draft({ type: "basic-reverse", fields: { front: "sigmoid", back: "logistic" } }),
    );
    expect(problems).toEqual([]);
    expect(note.cards.map((c) => [c.ord, c.cardType, c.frontHtml, c.backHtml])).toEqual([
      [1, "basic", "<p>sigmoid</p>\n", "<p>logistic</p>\n"],
      [2, "reverse", "<p>logistic</p>\n", "<p>sigmoid</p>\n"],
    ]);
  });

  it("a cloze note makes one card per deletion number, in order, with the built-in deck's markers", () => {
    const text = "{{c2::ReLU}} is $\\max(0, x)$; {{c1::sigmoid}} squashes, {{c2::ReLU::an activation}} does not";
    const { problems, note } = checkNote(draft({ type: "cloze", fields: { text, extra: "See *chapter 6*" } }));
    expect(problems).toEqual([]);
    expect(note.cards.map((c) => c.ord)).toEqual([1, 2]);
    const c2 = note.cards[1];
    expect(c2?.frontHtml).toContain('<span class="cloze-gap">[…]</span>');
    expect(c2?.frontHtml).toContain('<span class="cloze-gap">[an activation]</span>');
    expect(c2?.frontHtml).toContain("sigmoid");
    expect(c2?.frontHtml).not.toContain("ReLU");
    expect(c2?.backHtml).toContain('<span class="cloze-answer">ReLU</span>');
    expect(c2?.backHtml).toContain("<em>chapter 6</em>");
    expect(note.searchText).toBe("relu is $\\max(0, x)$; sigmoid squashes, relu does not see *chapter 6*");
  });

  it("a deletion whose answer is a formula with braces is one deletion", () => {
    const text = "Softmax: {{c1::$\\frac{e^{z_i}}{\\sum_j e^{z_j}}$}}";
    const { problems, note } = checkNote(draft({ type: "cloze", fields: { text } }));
    expect(problems).toEqual([]);
    expect(note.cards).toHaveLength(1);
    expect(note.cards[0]?.backHtml).toContain("katex");
  });
});

describe("checkNote: every problem names its field", () => {
  it("empty required fields, each named", () => {
    const { problems, note } = checkNote(draft({ type: "basic", fields: { front: "  ", back: "" } }));
    expect(problems).toEqual([
      { field: "front", code: "required" },
      { field: "back", code: "required" },
    ]);
    expect(note.fields).toEqual({ front: "", back: "" });
  });

  it("an unclosed deletion names the text field and the number", () => {
    const { problems, note } = checkNote(draft({ type: "cloze", fields: { text: "The {{c3::answer is" } }));
    expect(problems).toEqual([{ field: "text", code: "cloze-unclosed", detail: "3" }]);
    expect(note.cards).toEqual([]);
  });

  it("an empty deletion, a text without deletions and a stray }} are refused", () => {
    expect(checkNote(draft({ type: "cloze", fields: { text: "a {{c1:: }} b" } })).problems).toEqual([
      { field: "text", code: "cloze-empty", detail: "1" },
    ]);
    expect(checkNote(draft({ type: "cloze", fields: { text: "no deletion" } })).problems).toEqual([
      { field: "text", code: "cloze-none" },
    ]);
    const stray = checkNote(draft({ type: "cloze", fields: { text: "{{c1::a}} then b}}" } })).problems;
    expect(stray.map((p) => [p.field, p.code])).toEqual([["text", "cloze-stray"]]);
    const malformed = checkNote(draft({ type: "cloze", fields: { text: "{{c1::a}} {{c2:b}}" } })).problems;
    expect(malformed.map((p) => [p.field, p.code])).toEqual([["text", "cloze-stray"]]);
  });

  it("braces in math or code outside a deletion are not stray markers", () => {
    const text = "{{c1::a}} and $\\frac{1}{2}}$ wait: `x = {{y}}`";
    const { problems } = checkNote(draft({ type: "cloze", fields: { text } }));
    expect(problems.filter((p) => p.code === "cloze-stray")).toEqual([]);
  });

  it("a formula KaTeX rejects is named by the field it is in, with KaTeX's message", () => {
    const { problems } = checkNote(draft({ type: "basic", fields: { front: "fine $x$", back: "bad $\\frac{1}{$" } }));
    expect(problems.map((p) => [p.field, p.code])).toEqual([["back", "math"]]);
    expect(problems[0]?.detail).toMatch(/KaTeX|parse|Expected/i);
    const cloze = checkNote(draft({ type: "cloze", fields: { text: "{{c1::a}}", extra: "$\\notacommand$" } }));
    expect(cloze.problems.map((p) => [p.field, p.code])).toEqual([["extra", "math"]]);
  });

  it("a cloze number above the bound is refused", () => {
    const { problems } = checkNote(draft({ type: "cloze", fields: { text: "{{c51::a}}" } }));
    expect(problems).toEqual([{ field: "text", code: "cloze-number", detail: "51" }]);
  });

  it("a field too long is refused without being rendered", () => {
    const { problems, note } = checkNote(draft({ type: "basic", fields: { front: "x".repeat(20_001), back: "b" } }));
    expect(problems).toEqual([{ field: "front", code: "too-long", detail: "20000" }]);
    expect(note.cards).toEqual([]);
  });

  it("deck and tag problems name the deck and tags fields", () => {
    const { problems } = checkNote(
      draft({ type: "basic", deck: "A::::B", tags: "ok bad<tag>", fields: { front: "f", back: "b" } }),
    );
    expect(problems).toEqual([
      { field: "deck", code: "empty-part" },
      { field: "tags", code: "tag-invalid", detail: "bad<tag>" },
    ]);
  });
});

describe("learner HTML stays inert", () => {
  it("raw HTML is shown as text, and only the app's own images render", () => {
    const { note } = checkNote(
      draft({
        type: "basic",
        fields: {
          front: '<img src=x onerror="alert(1)"> [x](javascript:alert(1))',
          back: "![ok](/media/abcdefghijklmnop2345) ![no](https://evil.example/x.png)",
        },
      }),
    );
    const card = note.cards[0];
    expect(card?.frontHtml).not.toContain("<img");
    expect(card?.frontHtml).not.toContain("javascript:");
    expect(card?.backHtml).toContain('<img src="/media/abcdefghijklmnop2345" alt="ok"');
    expect(card?.backHtml).not.toContain("evil.example");
  });
});

describe("types, payloads", () => {
  it("basic and basic + reverse change into each other; cloze does not change", () => {
    expect(canChangeType("basic", "basic-reverse")).toBe(true);
    expect(canChangeType("basic-reverse", "basic")).toBe(true);
    expect(canChangeType("basic", "cloze")).toBe(false);
    expect(canChangeType("cloze", "basic")).toBe(false);
  });

  it("a card's payload is the built-in cards' shape", () => {
    const { note } = checkNote(draft({ type: "basic-reverse", tags: "b a", fields: { front: "f", back: "b" } }));
    const reverse = note.cards[1];
    if (!reverse) throw new Error("no reverse card");
    expect(ownCardPayload(reverse, note, { key: "deck_x", name: "ML" })).toEqual({
      kind: "card",
      deck: "deck_x",
      deckTitle: { zh: "ML", en: "ML" },
      chapter: "",
      tags: ["b", "a"],
      source: "",
      cardType: "basic",
      front: { zh: "<p>b</p>\n", en: "<p>b</p>\n" },
      back: { zh: "<p>f</p>\n", en: "<p>f</p>\n" },
    });
  });
});

describe("tags", () => {
  it("split on spaces and commas (also Chinese ones), lower case, each once", () => {
    expect(parseTags("ML, cnn，RNN、ml  ml::cnn")).toEqual({ tags: ["ml", "cnn", "rnn", "ml::cnn"], problems: [] });
  });

  it("refuses invalid, too long and too many tags, naming the tag", () => {
    expect(parseTags("a<b ::x").problems).toEqual([
      { code: "tag-invalid", tag: "a<b" },
      { code: "tag-invalid", tag: "::x" },
    ]);
    expect(parseTags("x".repeat(41)).problems).toEqual([{ code: "tag-too-long", tag: "x".repeat(41) }]);
    const many = Array.from({ length: 31 }, (_, i) => `t${i}`).join(" ");
    expect(parseTags(many).problems).toEqual([{ code: "too-many-tags", tag: "30" }]);
  });

  it("a bulk action names exactly one valid tag", () => {
    expect(parseOneTag(" ML ")).toBe("ml");
    expect(parseOneTag("a b")).toBeNull();
    expect(parseOneTag("a<")).toBeNull();
  });
});

describe("deck names", () => {
  it("normalizes parts and refuses empty, deep, long and control-character names", () => {
    expect(normalizeDeckName("  ML ::  Deep   nets ")).toEqual({ ok: true, name: "ML::Deep nets" });
    expect(normalizeDeckName("  ")).toEqual({ ok: false, problem: "empty" });
    expect(normalizeDeckName("a::")).toEqual({ ok: false, problem: "empty-part" });
    expect(normalizeDeckName("a::b::c::d::e::f::g")).toEqual({ ok: false, problem: "too-deep" });
    expect(normalizeDeckName("x".repeat(61))).toEqual({ ok: false, problem: "too-long" });
    expect(normalizeDeckName("a\u0000b")).toEqual({ ok: false, problem: "control" });
  });

  it("nesting: ancestors, subtree, rename carrying children, case-insensitive", () => {
    expect(ancestorNames("a::b::c")).toEqual(["a", "a::b"]);
    expect(isSameOrUnder("ML::CNN", "ml")).toBe(true);
    expect(isSameOrUnder("MLx", "ML")).toBe(false);
    expect(renamedUnder("A::x::y", "A", "B::C")).toBe("B::C::x::y");
    const decks = [
      { key: "1", name: "ML" },
      { key: "2", name: "ML::CNN" },
      { key: "3", name: "MLOps" },
      { key: "4", name: "Math::ML" },
    ];
    expect(subtreeKeys(decks, { key: "1", name: "ML" })).toEqual(["1", "2"]);
    const pattern = (q: string): Pattern => {
      const r = parseSearch(`deck:${q}`);
      if (!r.ok || r.node.kind !== "deck") throw new Error(q);
      return r.node.pattern;
    };
    expect(deckKeysMatching(decks, pattern("ml"))).toEqual(["1", "2"]);
    expect(deckKeysMatching(decks, pattern("ml*"))).toEqual(["1", "2", "3"]);
    expect(deckKeysMatching(decks, pattern("*::ml"))).toEqual(["4"]);
  });

  it("a deck's limits come from itself, else its nearest ancestor, else none", () => {
    const global = { newPerDay: 20, maxReviewsPerDay: 200 };
    expect(deckLimitsOf([undefined, undefined], global)).toBeNull();
    expect(
      deckLimitsOf(
        [
          { newPerDay: 5, maxReviewsPerDay: null },
          { newPerDay: 9, maxReviewsPerDay: 50 },
        ],
        global,
      ),
    ).toEqual({ newPerDay: 5, maxReviewsPerDay: 50 });
    expect(deckLimitsOf([{ newPerDay: null, maxReviewsPerDay: 7 }], global)).toEqual({
      newPerDay: 20,
      maxReviewsPerDay: 7,
    });
  });
});

describe("wrapCloze: the editor's Ctrl+Shift+C", () => {
  it("wraps the selection as the next number, keeping the answer selected", () => {
    expect(wrapCloze("ReLU is max(0, x)", 0, 4)).toEqual({
      text: "{{c1::ReLU}} is max(0, x)",
      selectionStart: 6,
      selectionEnd: 10,
    });
    const twice = wrapCloze("{{c1::ReLU}} is max(0, x)", 16, 25);
    expect(twice.text).toBe("{{c1::ReLU}} is {{c2::max(0, x)}}");
    expect(checkNote(draft({ type: "cloze", fields: { text: twice.text } })).note.cards.map((c) => c.ord)).toEqual([
      1, 2,
    ]);
  });

  it("the same number with Alt, an empty selection puts the cursor inside, a reversed selection is the same", () => {
    expect(wrapCloze("{{c3::a}} b", 10, 11, true).text).toBe("{{c3::a}} {{c3::b}}");
    expect(wrapCloze("ab", 1, 1)).toEqual({ text: "a{{c1::}}b", selectionStart: 7, selectionEnd: 7 });
    expect(wrapCloze("abc", 2, 1).text).toBe("a{{c1::b}}c");
  });
});
