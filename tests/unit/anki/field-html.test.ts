import fc from "fast-check";
import { Parser } from "htmlparser2";
import { describe, expect, it } from "vitest";

import { ankiHtmlToMarkdown, sanitizeAnkiHtml } from "@/lib/anki/field-html";
import { renderLearnerMarkdown } from "@/lib/content/markdown";

const PNG_SRC = "/media/pngpngpngpngpngpng01";
const JPG_SRC = "/media/jpgjpgjpgjpgjpgjpg02";
const MEDIA: Record<string, string> = { "cat.png": PNG_SRC, "ธงไตรรงค์ (Copy).jpg": JPG_SRC };
const mediaSrcOf = (name: string): string | null => MEDIA[name] ?? null;

const toMarkdown = (html: string) => ankiHtmlToMarkdown(html, mediaSrcOf);
const md = (html: string) => toMarkdown(html).markdown;

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

const BLOCK_END = new Set([
  "p",
  "li",
  "div",
  "pre",
  "ul",
  "ol",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "blockquote",
  "tr",
]);

/** What a reader sees: the text of rendered HTML, a line per `<br>` or block, spaces collapsed, blank lines dropped. */
function visibleText(html: string): string {
  let text = "";
  const parser = new Parser(
    {
      ontext: (t) => (text += t),
      onopentag: (name) => (text += name === "br" || BLOCK_END.has(name) ? "\n" : ""),
      onclosetag: (name) => (text += BLOCK_END.has(name) ? "\n" : ""),
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return normalizeLines(text);
}

function normalizeLines(text: string): string {
  return text
    .split("\n")
    .map((line) => line.replace(/\s+/g, " ").trim())
    .filter((line) => line !== "")
    .join("\n");
}

/** Pieces of text that mean something to Markdown, GFM, KaTeX or HTML. */
const SPECIAL_UNITS = [
  "*",
  "**",
  "_",
  "__",
  "#",
  "# ",
  "`",
  "```",
  "~",
  "~~",
  "$",
  "$$",
  "[",
  "]",
  "(",
  ")",
  "<",
  ">",
  "&",
  "\\",
  "|",
  "-",
  "- ",
  "+ ",
  "=",
  "===",
  "---",
  "1. ",
  "2) ",
  ".",
  "!",
  ":",
  "/",
  "@",
  "{",
  "}",
  "{{c1::",
  "}}",
  "&amp;",
  "&lt;",
  "&#39;",
  "&copy;",
  "http://",
  "https://x.org/a_b",
  "www.",
  "a@b.co",
  "<b>",
  "<!-- -->",
  " ",
  "  ",
  "    ",
  "\t",
  "\n",
  "\u00a0",
  "a",
  "B",
  "7",
  "x_i",
  "é",
  "中",
];
const specialText = fc
  .array(fc.constantFrom(...SPECIAL_UNITS), { maxLength: 24 })
  .map((units) => units.join(""))
  // Anki's own markup in a field: math and sound tags are meant as such, not as text.
  .filter((text) => !/\\\(|\\\[|\[\$\$?\]|\[sound:/.test(text));

const PROPERTY_SEED = 20_261_202;

describe("ankiHtmlToMarkdown: text renders as the same text", () => {
  it("keeps any text with Markdown-special characters as that text (fixed-seed property)", () => {
    fc.assert(
      fc.property(specialText, (text) => {
        const { markdown } = toMarkdown(escapeHtml(text));
        expect(visibleText(renderLearnerMarkdown(markdown))).toBe(normalizeLines(text.replace(/\s+/g, " ")));
      }),
      { seed: PROPERTY_SEED, numRuns: 1500 },
    );
  });

  it("keeps each <br>-separated line as its own line of the same text (fixed-seed property)", () => {
    fc.assert(
      fc.property(fc.array(specialText, { minLength: 1, maxLength: 5 }), (lines) => {
        const { markdown } = toMarkdown(lines.map(escapeHtml).join("<br>"));
        const expected = normalizeLines(lines.map((l) => l.replace(/\s+/g, " ")).join("\n"));
        expect(visibleText(renderLearnerMarkdown(markdown))).toBe(expected);
      }),
      { seed: PROPERTY_SEED, numRuns: 800 },
    );
  });

  it("reads the same with and without bold, italic and underline around any runs (fixed-seed property)", () => {
    const run = fc.tuple(
      fc.constantFrom("", "b", "i", "u", "span", "b><i", "i><b"),
      // No lone backslash: `\` + `(` split over two runs would open a formula in one reading and not the other.
      fc.array(fc.constantFrom(...SPECIAL_UNITS.filter((u) => u !== "\\"), "\\(a*b\\)", "\\(x_1\\)"), {
        minLength: 1,
        maxLength: 4,
      }),
    );
    const closeTag = (tag: string) =>
      tag
        .split("><")
        .reverse()
        .map((t) => `</${t}>`)
        .join("");
    fc.assert(
      fc.property(fc.array(run, { maxLength: 6 }), (runs) => {
        const texts = runs.map(([, units]) => escapeHtml(units.join("")));
        const formatted = runs.map(([tag], i) => (tag ? `<${tag}>${texts[i]}${closeTag(tag)}` : texts[i])).join("");
        const plain = texts.join("");
        fc.pre(!/\[\$|\[sound:/.test(plain));
        expect(visibleText(renderLearnerMarkdown(md(formatted)))).toBe(visibleText(renderLearnerMarkdown(md(plain))));
      }),
      { seed: PROPERTY_SEED, numRuns: 2000 },
    );
  });

  it("escapes what Markdown would read as a heading, list, emphasis, code, math or HTML", () => {
    expect(md("<div># not a heading</div><div>1. not a list</div><div>- nor this</div>")).toBe(
      "\\# not a heading\n1\\. not a list\n\\- nor this",
    );
    expect(md("2 * 3 * 4 = x_1_ costs $5 and $6 `tick` [x](y) &lt;b&gt;")).toBe(
      "2 \\* 3 \\* 4 = x\\_1\\_ costs \\$5 and \\$6 \\`tick\\` \\[x\\](y) \\<b\\>",
    );
    expect(md("AT&amp;T writes &amp;amp; literally")).toBe("AT&T writes \\&amp; literally");
  });
});

describe("ankiHtmlToMarkdown: formatting, lines, lists and code", () => {
  it("turns bold and italic into emphasis and underline into plain text", () => {
    expect(md("<b>bold</b> <i>it</i> <strong>s</strong> <em>e</em> <u>under</u>")).toBe(
      "**bold** *it* **s** *e* under",
    );
    expect(renderLearnerMarkdown(md("a <b>b <i>c</i></b> d"))).toBe("<p>a <strong>b <em>c</em></strong> d</p>\n");
  });

  it("drops emphasis CommonMark would not read as such, keeping its text", () => {
    // `a**(x)**b`: the opening ** is followed by punctuation and preceded by a letter, so it is literal.
    expect(md("a<b>(x)</b>b c<b>d</b>e")).toBe("a(x)b c**d**e");
    expect(md("<b>*</b>a")).toBe("\\*a");
  });

  it("keeps spaces at the edges of a bold run outside its markers, and never nests the same emphasis", () => {
    expect(md("x<b> y </b>z")).toBe("x **y** z");
    expect(md("<b><b>twice</b></b>")).toBe("**twice**");
  });

  it("makes a line per <br> and <div>, and a paragraph per <p>, as Anki's editor writes them", () => {
    expect(md("one<br>two<div>three</div><div>four<br></div>")).toBe("one\ntwo\nthree\nfour");
    expect(md("<p>first</p><p>second</p>")).toBe("first\n\nsecond");
    expect(renderLearnerMarkdown(md("one<br>two"))).toBe("<p>one<br>two</p>\n");
  });

  it("wraps emphasis per line so that bold across <div>s stays bold", () => {
    expect(md("<b><div>a</div><div>b</div></b>")).toBe("**a**\n**b**");
  });

  it("collapses whitespace and &nbsp; as HTML does", () => {
    expect(md("a&nbsp;&nbsp;b \n\t c")).toBe("a b c");
  });

  it("writes lists as Markdown lists, line breaks inside an item indented", () => {
    expect(md("<ul><li>one<br>two</li><li><b>bold</b></li></ul>after")).toBe("- one\n  two\n- **bold**\n\nafter");
    expect(md("<ol><li>a</li><li># b</li></ol>")).toBe("1. a\n2. \\# b");
    expect(renderLearnerMarkdown(md("<ol><li>a</li><li>b</li></ol>"))).toBe("<ol>\n<li>a</li>\n<li>b</li>\n</ol>\n");
  });

  it("writes <code> as a code span and <pre> as a fenced block, their text literal", () => {
    expect(md("run <code>a * b $x$</code> now")).toBe("run `a * b $x$` now");
    expect(md("<code>a`b</code>")).toBe("``a`b``");
    expect(md("<pre>let x = 1;\n  y = `2`;</pre>")).toBe("```\nlet x = 1;\n  y = `2`;\n```");
    expect(renderLearnerMarkdown(md("<code>\\(x\\)</code>"))).toBe("<p><code>\\(x\\)</code></p>\n");
  });
});

describe("ankiHtmlToMarkdown: links, images and sounds", () => {
  it("keeps http, https and mailto links and drops the others to their text", () => {
    const { markdown, problems } = toMarkdown(
      '<a href="https://x.org/a_b?c=(d)">see <b>this</b></a> <a href="javascript:alert(1)">bad</a> <a href="mailto:a@b.co">mail</a>',
    );
    expect(markdown).toBe("[see **this**](<https://x.org/a_b?c=(d)>) bad [mail](<mailto:a@b.co>)");
    expect(problems).toEqual([{ code: "unsafe-link", detail: "javascript:alert(1)" }]);
    expect(renderLearnerMarkdown(markdown)).toContain(
      '<a href="https://x.org/a_b?c=(d)" rel="nofollow noopener noreferrer">',
    );
  });

  it("shows a bare URL as text, as Anki did, rather than a link with backslashes in it", () => {
    expect(renderLearnerMarkdown(md("see http://a.b/c_d_e and www.x_y.com"))).toBe(
      "<p>see http://a.b/c_d_e and www.x_y.com</p>\n",
    );
  });

  it("points images at the media store, and names a missing or remote one as text with a problem", () => {
    const { markdown, problems } = toMarkdown(
      '<img src="cat.png"> <img src="ธงไตรรงค์ (Copy).jpg" /> <img src="gone.png"> <img src="https://evil.example/x.png" alt="logo">',
    );
    expect(markdown).toBe(`![](<${PNG_SRC}>) ![](<${JPG_SRC}>) gone.png logo`);
    expect(problems).toEqual([
      { code: "media-missing", detail: "gone.png" },
      { code: "remote-image", detail: "https://evil.example/x.png" },
    ]);
    expect(renderLearnerMarkdown(markdown)).toContain(`<img src="${JPG_SRC}" alt="" loading="lazy">`);
  });

  it("finds a percent-encoded image name under its decoded name", () => {
    expect(
      md('<img src="%E0%B8%98%E0%B8%87%E0%B9%84%E0%B8%95%E0%B8%A3%E0%B8%A3%E0%B8%87%E0%B8%84%E0%B9%8C%20(Copy).jpg">'),
    ).toBe(`![](<${JPG_SRC}>)`);
  });

  it("keeps a sound tag as text the app does not play, with a problem", () => {
    expect(toMarkdown(" [sound:google-e048ee6b.mp3]")).toEqual({
      markdown: "\\[sound: google-e048ee6b.mp3\\]",
      problems: [{ code: "sound", detail: "google-e048ee6b.mp3" }],
    });
  });
});

describe("ankiHtmlToMarkdown: math", () => {
  it("turns MathJax and LaTeX delimiters into the app's $…$ and $$…$$", () => {
    expect(md("area \\(\\pi r^2\\) and \\[ \\sum_i x_i \\] or [$]e^x[/$] [$$]a &lt; b[/$$]")).toBe(
      "area $\\pi r^2$ and $$\\sum_i x_i$$ or $e^x$ $$a < b$$",
    );
    expect(renderLearnerMarkdown(md("\\(x^2\\)"))).toContain(
      '<annotation encoding="application/x-tex">x^2</annotation>',
    );
  });

  it("keeps two formulas side by side two formulas", () => {
    const html = renderLearnerMarkdown(md("\\(a\\)\\(b\\)"));
    expect(html.match(/<annotation encoding="application\/x-tex">/g)).toHaveLength(2);
  });

  it("keeps a formula followed by a digit a formula", () => {
    const html = renderLearnerMarkdown(md("\\(x\\)2"));
    expect(html).toContain('<annotation encoding="application/x-tex">x</annotation>');
    expect(visibleText(html).endsWith("\u200b2")).toBe(true);
  });

  it("keeps TeX that KaTeX rejects as text, with KaTeX's message", () => {
    const { markdown, problems } = toMarkdown("\\(\\require{mhchem}\\ce{H2O}\\)");
    expect(markdown).toBe("\\\\(\\\\require{mhchem}\\\\ce{H2O}\\\\)");
    expect(problems).toHaveLength(1);
    expect(problems[0]?.code).toBe("math");
    expect(renderLearnerMarkdown(markdown)).toBe("<p>\\(\\require{mhchem}\\ce{H2O}\\)</p>\n");
  });
});

describe("ankiHtmlToMarkdown: scripts and styles", () => {
  it("shows a script element as the text it was written as, never as markup", () => {
    const { markdown, problems } = toMarkdown(
      'before<script>alert("x") && a<b</script>after<style>b{color:red}</style>',
    );
    expect(problems).toEqual([
      { code: "script", detail: "script" },
      { code: "script", detail: "style" },
    ]);
    const html = renderLearnerMarkdown(markdown);
    expect(html).not.toContain("<script");
    expect(visibleText(html)).toBe('before<script>alert("x") && a<b</script>after<style>b{color:red}</style>');
  });

  it("drops every other tag, keeping its text; comments vanish", () => {
    expect(md('<span style="color:red">red</span><font color="blue">blue</font><!--anki-->x<sub>2</sub>')).toBe(
      "redbluex2",
    );
  });
});

describe("sanitizeAnkiHtml", () => {
  const sanitize = (html: string) => sanitizeAnkiHtml(html, mediaSrcOf);

  it("removes event handlers, style attributes (and their url()), ids and unknown tags", () => {
    const { html } = sanitize(
      '<span style="background:url(https://evil.example/t.png)" onclick="steal()" id="x">s</span><iframe src="https://evil.example"></iframe><object data="x"></object>',
    );
    expect(html).toBe("<span>s</span>");
  });

  it("keeps formatting, lists and tables", () => {
    const input =
      '<b>b</b><i>i</i><u>u</u><ul><li>x</li></ul><table><tbody><tr><td colspan="2">c</td></tr></tbody></table>';
    expect(sanitize(input).html).toBe(input);
  });

  it("prefixes imported classes so they cannot take the app's styles, but keeps the cloze markers", () => {
    expect(sanitize('<div class="fixed inset-0">x</div><span class="cloze-gap">[…]</span>').html).toBe(
      '<div class="anki-fixed anki-inset-0">x</div><span class="cloze-gap">[…]</span>',
    );
  });

  it("shows a script as text and runs nothing", () => {
    const { html, problems } = sanitize('a<script>alert("x")</script>b<img src="cat.png" onerror="x()">');
    expect(html).toBe(`a&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;b<img src="${PNG_SRC}" />`);
    expect(problems).toEqual([{ code: "script", detail: "script" }]);
  });

  it("maps images to /media/<id> and drops remote and missing ones", () => {
    const { html, problems } = sanitize(
      '<img src="cat.png" alt="a cat"><img src="https://evil.example/track.gif"><img src="//evil.example/x.png"><img src="gone.png"><img src="data:image/png;base64,AAAA">',
    );
    expect(html).toBe(`<img src="${PNG_SRC}" alt="a cat" />`);
    expect(problems.map((p) => p.code)).toEqual(["remote-image", "remote-image", "media-missing", "remote-image"]);
  });

  it("keeps a stored /media/<id> image as it is, so sanitizing twice changes nothing", () => {
    const once = sanitize('<img src="cat.png"> <b>x</b> \\(y\\)');
    const stored = sanitizeAnkiHtml('<img src="cat.png"> <b>x</b> \\(y\\)', mediaSrcOf, { renderMath: false }).html;
    expect(stored).toBe(`<img src="${PNG_SRC}" /> <b>x</b> \\(y\\)`);
    expect(sanitizeAnkiHtml(stored, () => null).html).toBe(once.html);
  });

  it("keeps only http, https and mailto links, with rel=nofollow noopener noreferrer", () => {
    const { html, problems } = sanitize(
      '<a href="https://x.org" target="_blank">ok</a><a href="javascript:alert(1)">js</a><a href="/settings">app</a>',
    );
    expect(html).toBe('<a href="https://x.org" rel="nofollow noopener noreferrer">ok</a><a>js</a><a>app</a>');
    expect(problems).toEqual([
      { code: "unsafe-link", detail: "javascript:alert(1)" },
      { code: "unsafe-link", detail: "/settings" },
    ]);
  });

  it("renders MathJax with KaTeX after sanitizing, leaving code and attributes alone", () => {
    const { html } = sanitize('<b>\\(a &lt; b\\)</b> <code>\\(x\\)</code> <img src="cat.png" alt="\\(y\\)">');
    expect(html).toContain('<annotation encoding="application/x-tex">a &lt; b</annotation>');
    expect(html).toContain("<code>\\(x\\)</code>");
    expect(html).toContain(`<img src="${PNG_SRC}" alt="\\(y\\)" />`);
  });

  it("keeps TeX KaTeX rejects as escaped text", () => {
    const { html, problems } = sanitize("\\(\\badmacro &lt;x\\)");
    expect(html).toBe("\\(\\badmacro &lt;x\\)");
    expect(problems[0]?.code).toBe("math");
  });

  it("cannot be tricked into markup by TeX: KaTeX output is the only HTML it adds", () => {
    const { html } = sanitize("\\(\\text{&lt;img src=x onerror=alert(1)&gt;}\\)");
    expect(html).not.toMatch(/<img/);
  });

  it("keeps sound tags as text, with a problem", () => {
    expect(sanitize("[sound:a.mp3]")).toEqual({
      html: "[sound: a.mp3]",
      problems: [{ code: "sound", detail: "a.mp3" }],
    });
  });
});
