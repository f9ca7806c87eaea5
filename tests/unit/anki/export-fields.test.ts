import { describe, expect, it } from "vitest";

import {
  EXPORT_NOTE_TYPES,
  markdownToAnkiHtml,
  mediaIdsIn,
  rewriteMediaSources,
  stableAnkiGuid,
  stableAnkiId,
  stockAnkiNote,
} from "@/lib/anki/export-fields";

const IMAGE_ID = "Zx3kQ9vB2mN8pL4tR7wY";

describe("markdownToAnkiHtml", () => {
  it("writes inline and display math as Anki's \\(…\\) and \\[…\\], not rendered", () => {
    expect(markdownToAnkiHtml("The norm $\\|x\\|_2$ is")).toBe("<p>The norm \\(\\|x\\|_2\\) is</p>");
    expect(markdownToAnkiHtml("$$\n\\sum_i x_i^2\n$$")).toBe("<div>\\[\\sum_i x_i^2\\]</div>");
    expect(markdownToAnkiHtml("$a<b$")).toBe("<p>\\(a&lt;b\\)</p>");
  });

  it("keeps a formula with }} inside a cloze deletion from closing it", () => {
    const html = markdownToAnkiHtml("{{c1::$\\frac{e^{z_i}}{\\sum_j e^{z_j}}$}}");
    expect(html).toBe("<p>{{c1::\\(\\frac{e^{z_i} }{\\sum_j e^{z_j} }\\)}}</p>");
    // The first }} in the field is the deletion's own end.
    expect(html.indexOf("}}")).toBe(html.length - "}}</p>".length);
  });

  it("writes code blocks as plain <pre><code>, escaped, and leaves $ in code alone", () => {
    expect(markdownToAnkiHtml("```python\nif a < b: x = '$5'\n```")).toBe(
      "<pre><code class=\"language-python\">if a &lt; b: x = '$5'</code></pre>",
    );
    expect(markdownToAnkiHtml("cost `$x$`")).toBe("<p>cost <code>$x$</code></p>");
  });

  it("names an image by its exported file, and shows an unexported one by its alt text", () => {
    const names = (id: string) => (id === IMAGE_ID ? "dl-relu.png" : null);
    expect(markdownToAnkiHtml(`![ReLU](/media/${IMAGE_ID})`, names)).toBe('<p><img src="dl-relu.png" alt="ReLU"></p>');
    expect(markdownToAnkiHtml("![other](/media/AAAAAAAAAAAAAAAAAAAA)", names)).toBe("<p>other</p>");
    expect(markdownToAnkiHtml("![remote](https://example.com/x.png)", names)).toBe("<p>remote</p>");
  });

  it("shows the learner's raw HTML as text, as the app does", () => {
    expect(markdownToAnkiHtml('<img src=x onerror="alert(1)">')).toBe("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
  });

  it("keeps a learner's line break; built-in content follows Markdown's rule", () => {
    expect(markdownToAnkiHtml("one\ntwo")).toBe("<p>one<br>two</p>");
    expect(markdownToAnkiHtml("one\ntwo", undefined, "content")).toBe("<p>one\ntwo</p>");
  });
});

describe("media references", () => {
  it("finds the images a field uses, once each", () => {
    expect(mediaIdsIn(`![a](/media/${IMAGE_ID}) and ![b](/media/${IMAGE_ID})`)).toEqual([IMAGE_ID]);
  });
  it("rewrites an imported note's HTML sources", () => {
    expect(rewriteMediaSources(`<img src="/media/${IMAGE_ID}">`, () => "x.png")).toBe('<img src="x.png">');
  });
});

describe("stable identities", () => {
  it("gives the same guid and ids for the same key, different ones for different keys", () => {
    expect(stableAnkiGuid("note:n1")).toBe(stableAnkiGuid("note:n1"));
    expect(stableAnkiGuid("note:n1")).not.toBe(stableAnkiGuid("note:n2"));
    expect(stableAnkiGuid("note:n1")).toMatch(/^[A-Za-z0-9!#$%&()*+,\-./:;<=>?@[\]^_`{|}~]{1,10}$/);
    const id = stableAnkiId("card:x", "card");
    expect(Number.isSafeInteger(id) && id >= 1e12).toBe(true);
    expect(id).toBe(stableAnkiId("card:x", "card"));
    expect(id).not.toBe(stableAnkiId("card:x", "note"));
  });

  it("gives each exported note type its own id", () => {
    const ids = Object.values(EXPORT_NOTE_TYPES).map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(EXPORT_NOTE_TYPES["basic-reverse"].templates.map((t) => t.questionFormat)).toEqual([
      "{{Front}}",
      "{{Back}}",
    ]);
  });
});

describe("stockAnkiNote, for the text export", () => {
  it("names Anki's stock note types, the built-in source joining the back", () => {
    expect(stockAnkiNote(EXPORT_NOTE_TYPES.cloze, ["t", "e"])).toEqual({ noteTypeName: "Cloze", fields: ["t", "e"] });
    expect(stockAnkiNote(EXPORT_NOTE_TYPES["basic-reverse"], ["f", "b"]).noteTypeName).toBe(
      "Basic (and reversed card)",
    );
    expect(stockAnkiNote(EXPORT_NOTE_TYPES.builtInBasic, ["f", "b", "第四章 › 4.1"])).toEqual({
      noteTypeName: "Basic",
      fields: ["f", 'b\n<div class="source">第四章 › 4.1</div>'],
    });
    expect(stockAnkiNote(EXPORT_NOTE_TYPES.builtInCloze, ["t", "", "s"]).fields).toEqual([
      "t",
      '<div class="source">s</div>',
    ]);
    const imported = { ...EXPORT_NOTE_TYPES.basic, id: 42, name: "Japanese (recognition)" };
    expect(stockAnkiNote(imported, ["a", "b", "c"])).toEqual({
      noteTypeName: "Japanese (recognition)",
      fields: ["a", "b", "c"],
    });
  });
});
