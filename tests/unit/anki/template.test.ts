import { describe, expect, it } from "vitest";

import {
  ankiCardIsEmpty,
  ankiClozeNumbers,
  ankiFieldIsEmpty,
  renderAnkiCloze,
  renderAnkiTemplate,
  usesAnkiOnlyClozeSyntax,
} from "@/lib/anki/template";

/** Templates as Anki's stock note types write them (tests/fixtures/anki, schema-16 collection). */
const BASIC_QUESTION = "{{Front}}";
const BASIC_ANSWER = "{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}";
const OPTIONAL_REVERSE_QUESTION = "{{#Add Reverse}}{{Back}}{{/Add Reverse}}";
const TYPE_IN_QUESTION = "{{Front}}\n\n{{type:Back}}";
const TYPE_IN_ANSWER = "{{Front}}\n\n<hr id=answer>\n\n{{type:Back}}";

const GAP = (hint = "…") => `<span class="cloze-gap">[${hint}]</span>`;
const ANSWER = (text: string) => `<span class="cloze-answer">${text}</span>`;

describe("renderAnkiTemplate: fields and FrontSide", () => {
  const fields = { Front: "<b>capital</b> of France", Back: "Paris" };

  it("renders a basic card's question and, with FrontSide, its answer", () => {
    const question = renderAnkiTemplate(BASIC_QUESTION, fields);
    expect(question).toEqual({ html: "<b>capital</b> of France", problems: [] });
    expect(renderAnkiTemplate(BASIC_ANSWER, fields, { frontSide: question.html }).html).toBe(
      "<b>capital</b> of France\n\n<hr id=answer>\n\nParis",
    );
  });

  it("leaves FrontSide empty on the question side", () => {
    expect(renderAnkiTemplate("[{{FrontSide}}]", fields).html).toBe("[]");
  });

  it("treats field names as case-sensitive and reports an unknown one as empty", () => {
    expect(renderAnkiTemplate("a{{front}}b", fields)).toEqual({
      html: "ab",
      problems: [{ code: "unknown-field", detail: "{{front}}" }],
    });
  });

  it("trims spaces inside the braces, and reads {{{Field}}} as Anki does (the extra brace stays)", () => {
    expect(renderAnkiTemplate("{{   Back }} {{{Back}}}", fields).html).toBe("Paris Paris}");
  });

  it("strips HTML with text:, keeping what was escaped escaped", () => {
    expect(renderAnkiTemplate("{{text:F}}", { F: "<b>a</b> &lt;script&gt; <br>b" }).html).toBe("a &lt;script&gt;  b");
  });

  it("reports unknown filters and special fields it cannot fill, rendering them as nothing", () => {
    const { html, problems } = renderAnkiTemplate("Hint {{hint:Front}} {{furigana:Back}} deck {{Deck}}.", fields);
    expect(html).toBe("Hint   deck .");
    expect(problems).toEqual([
      { code: "unknown-filter", detail: "{{hint:Front}}" },
      { code: "unknown-filter", detail: "{{furigana:Back}}" },
      { code: "unknown-field", detail: "{{Deck}}" },
    ]);
  });

  it("does not expand handlebars inside an HTML comment", () => {
    expect(renderAnkiTemplate("<!-- {{Front}} -->{{Back}}", fields)).toEqual({
      html: "<!-- {{Front}} -->Paris",
      problems: [],
    });
  });

  it("switches delimiters further in too, as Anki 2.0 did for AnkiDroid's 'reassign' note type (templates.apkg)", () => {
    const format = "<!-- Card with reassigned delimiter -->\n{{=<% %>=}}\n<%Front%> {{Back}}";
    expect(renderAnkiTemplate(format, fields)).toEqual({
      html: "<!-- Card with reassigned delimiter -->\n\n<b>capital</b> of France {{Back}}",
      problems: [],
    });
  });

  it("switches to <% %> when the template starts with {{=<% %>=}}, as legacy templates do", () => {
    expect(renderAnkiTemplate("{{=<% %>=}}\n<%Front%> {{Back}}", fields).html).toBe(
      "\n<b>capital</b> of France {{Back}}",
    );
  });
});

describe("renderAnkiTemplate: conditionals", () => {
  it("shows {{#F}} sections when F is non-empty and {{^F}} sections when it is empty", () => {
    const format = "{{#Extra}}[{{Extra}}]{{/Extra}}{{^Extra}}none{{/Extra}}";
    expect(renderAnkiTemplate(format, { Extra: "x" }).html).toBe("[x]");
    expect(renderAnkiTemplate(format, { Extra: " <br> <div></div>" }).html).toBe("none");
  });

  it("knows {{#cN}} as 'this card is cloze N'", () => {
    const format = "{{#c1}}one{{/c1}}{{#c2}}two{{/c2}}";
    expect(renderAnkiTemplate(format, {}, { cloze: 2 })).toEqual({ html: "two", problems: [] });
  });

  it("reports a conditional on a field the note type lacks, and a mismatched close, yet renders the rest", () => {
    // The "Picture/Name" question of AnkiDroid's Muscle note type (tests/fixtures/anki/ankidroid-templates.apkg).
    const format = "{{#Picture}}{{#Name}}Which muscle is depicted here? <br> {{Picture}}{{/Name}}{{/z}}";
    const { html, problems } = renderAnkiTemplate(format, { Picture: "<img src=x.jpg>", Name: "Deltoid" });
    expect(html).toBe("Which muscle is depicted here? <br> <img src=x.jpg>");
    expect(problems).toEqual([{ code: "template-syntax", detail: "{{/z}} closes no open {{#z}}" }]);
    expect(renderAnkiTemplate("{{#Nope}}x{{/Nope}}", {}).problems).toEqual([
      { code: "unknown-field", detail: "{{#Nope}}" },
    ]);
    expect(renderAnkiTemplate("{{#A}}x", { A: "1" })).toEqual({
      html: "x",
      problems: [{ code: "template-syntax", detail: "{{#A}} is never closed" }],
    });
  });
});

describe("renderAnkiTemplate: cloze", () => {
  const text = "The {{c1::mitochondria::organelle}} makes {{c2::ATP}}.";

  it("hides the card's deletion on the question (with its hint) and reveals it on the answer; others show as text", () => {
    expect(renderAnkiTemplate("{{cloze:Text}}", { Text: text }, { cloze: 1 }).html).toBe(
      `The ${GAP("organelle")} makes ATP.`,
    );
    expect(renderAnkiTemplate("{{cloze:Text}}", { Text: text }, { cloze: 2, frontSide: "q" }).html).toBe(
      `The mitochondria makes ${ANSWER("ATP")}.`,
    );
    expect(renderAnkiTemplate("{{cloze:Text}}", { Text: text }, { cloze: 2 }).html).toBe(
      `The mitochondria makes ${GAP()}.`,
    );
  });

  it("renders nothing for a field without the card's deletion, as Anki does", () => {
    expect(renderAnkiTemplate("[{{cloze:Text}}]", { Text: text }, { cloze: 3 }).html).toBe("[]");
  });

  it("handles shared deletions ({{c1,2::…}}) and nested ones", () => {
    expect(renderAnkiCloze("{{c1,2::both}} {{c3::x}}", 2, true)).toBe(`${GAP()} x`);
    const nested = "{{c1::outer {{c2::inner}} end}}";
    expect(renderAnkiCloze(nested, 1, true)).toBe(GAP());
    expect(renderAnkiCloze(nested, 2, true)).toBe(`outer ${GAP()} end`);
    expect(renderAnkiCloze(nested, 1, false)).toBe(ANSWER("outer inner end"));
  });

  it("keeps a deletion that never closes as its text", () => {
    expect(renderAnkiCloze("{{c1::a}} and {{c2::open", 1, true)).toBe(`${GAP()} and {{c2::open`);
  });

  it("shows the answer of a typed cloze only on the answer side", () => {
    const format = "{{type:cloze:Text}}";
    expect(renderAnkiTemplate(format, { Text: text }, { cloze: 2 }).html).toBe("");
    expect(renderAnkiTemplate(format, { Text: text }, { cloze: 2, frontSide: "" }).html).toBe("ATP");
  });
});

describe("renderAnkiTemplate: type-in", () => {
  const fields = { Front: "2 + 2", Back: "4" };

  it("shows {{type:Field}} as the field's value on the answer and hides it on the question", () => {
    const question = renderAnkiTemplate(TYPE_IN_QUESTION, fields);
    expect(question.html).toBe("2 + 2\n\n");
    expect(renderAnkiTemplate(TYPE_IN_ANSWER, fields, { frontSide: question.html }).html).toBe(
      "2 + 2\n\n<hr id=answer>\n\n4",
    );
  });
});

describe("ankiCardIsEmpty (Anki's rule for making a standard card)", () => {
  const nonEmpty = (fields: Record<string, string>) =>
    new Set(Object.keys(fields).filter((k) => !ankiFieldIsEmpty(fields[k] ?? "")));

  it("makes no optional reverse card when Add Reverse is empty, and one when it is not", () => {
    expect(ankiCardIsEmpty(OPTIONAL_REVERSE_QUESTION, nonEmpty({ Front: "a", Back: "b", "Add Reverse": "" }))).toBe(
      true,
    );
    expect(ankiCardIsEmpty(OPTIONAL_REVERSE_QUESTION, nonEmpty({ Front: "a", Back: "b", "Add Reverse": "y" }))).toBe(
      false,
    );
  });

  it("counts only fields, never the template's own text", () => {
    expect(ankiCardIsEmpty("Question: {{Front}}", nonEmpty({ Front: "<br>" }))).toBe(true);
    expect(ankiCardIsEmpty("{{^Front}}The field was empty!{{/Front}}", nonEmpty({ Front: "" }))).toBe(true);
    expect(ankiCardIsEmpty("{{^Front}}{{Back}}{{/Front}}", nonEmpty({ Front: "", Back: "b" }))).toBe(false);
    expect(ankiCardIsEmpty("", nonEmpty({ Front: "a" }))).toBe(true);
  });

  it("reads fields as empty when they hold only whitespace, <br> and <div> tags", () => {
    expect(ankiFieldIsEmpty(" <br> <div></div><BR/>\n")).toBe(true);
    expect(ankiFieldIsEmpty("&nbsp;")).toBe(false);
    expect(ankiFieldIsEmpty("<span></span>")).toBe(false);
  });
});

describe("ankiClozeNumbers and usesAnkiOnlyClozeSyntax", () => {
  it("collects cloze numbers across fields, ignoring c0, as Anki makes cards", () => {
    expect(ankiClozeNumbers(["Text{{c1::t1}}", "", "Text{{c3::t3}}", "{{c0::no}}{{c5::x}}{{c1,4::y}}"])).toEqual([
      1, 3, 4, 5,
    ]);
    expect(ankiClozeNumbers(["{{c1::a", "no deletions"])).toEqual([]);
  });

  it("tells nested and shared deletions, which the app's cloze notes cannot hold, from plain ones", () => {
    expect(usesAnkiOnlyClozeSyntax("{{c1::a}} {{c2::b::hint}}")).toBe(false);
    expect(usesAnkiOnlyClozeSyntax("{{c1::a {{c2::b}}}}")).toBe(true);
    expect(usesAnkiOnlyClozeSyntax("{{c1,2::a}}")).toBe(true);
  });
});
