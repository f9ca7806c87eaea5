import { describe, expect, it } from "vitest";

import { type AnkiCsvNote, quoteAnkiCsvField, writeAnkiCsv } from "@/lib/anki/csv-export";

/**
 * Reads the file as Anki's importer does (csv/metadata.rs and csv/import.rs):
 * `#key:value` header lines first, then RFC 4180 records with the given
 * separator, where a quoted field may hold separators, doubled quotes and
 * line breaks. Written here from the format, not from the writer.
 */
function readAnkiCsv(text: string): { headers: Map<string, string>; rows: string[][] } {
  const headers = new Map<string, string>();
  let at = 0;
  while (text.startsWith("#", at)) {
    const end = text.indexOf("\n", at);
    const line = text.slice(at + 1, end);
    const colon = line.indexOf(":");
    headers.set(line.slice(0, colon), line.slice(colon + 1));
    at = end + 1;
  }
  const separator = headers.get("separator") === "tab" ? "\t" : ",";
  const rows: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  for (; at < text.length; at++) {
    const ch = text[at];
    if (quoted) {
      if (ch === '"' && text[at + 1] === '"') {
        field += '"';
        at++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === "") quoted = true;
    else if (ch === separator) {
      record.push(field);
      field = "";
    } else if (ch === "\n") {
      record.push(field);
      rows.push(record);
      record = [];
      field = "";
    } else field += ch;
  }
  if (field !== "" || record.length > 0) rows.push([...record, field]);
  return { headers, rows };
}

const notes: AnkiCsvNote[] = [
  {
    guid: "Ab3$x#9",
    noteTypeName: "Basic (dl-study)",
    deckName: "Deep learning::Norms",
    fields: ['<p>What is "L2"?</p>', "<p>\\(\\|x\\|_2\\)</p>\n<p>second\tline</p>"],
    tags: ["norms", "ch4"],
  },
  {
    guid: "#starts-with-hash",
    noteTypeName: "Cloze (dl-study)",
    deckName: "Deep learning",
    fields: ["{{c1::ReLU}} is max(0, x)", ""],
    tags: [],
  },
  {
    guid: "three",
    noteTypeName: "Deep learning (zh/en)",
    deckName: "Deep learning",
    fields: ["正面", "背面", "来源 › 4.1"],
    tags: ["zh"],
  },
];

describe("writeAnkiCsv", () => {
  const text = writeAnkiCsv(notes);
  const { headers, rows } = readAnkiCsv(text);

  it("starts with the headers Anki's importer reads, separator first", () => {
    expect(text.startsWith("#separator:tab\n#html:true\n")).toBe(true);
    expect(Object.fromEntries(headers)).toEqual({
      separator: "tab",
      html: "true",
      columns: "guid\tnotetype\tdeck\tField 1\tField 2\tField 3\ttags",
      "guid column": "1",
      "notetype column": "2",
      "deck column": "3",
      "tags column": "7",
    });
  });

  it("parses back to the same notes, one row each, fields padded to the widest type", () => {
    expect(rows).toEqual(
      notes.map((n) => [
        n.guid,
        n.noteTypeName,
        n.deckName,
        ...[0, 1, 2].map((i) => n.fields[i] ?? ""),
        n.tags.join(" "),
      ]),
    );
  });

  it("quotes only what needs it: separator, quote, line break, a leading #", () => {
    expect(quoteAnkiCsvField("plain text, with comma")).toBe("plain text, with comma");
    expect(quoteAnkiCsvField('say "hi"')).toBe('"say ""hi"""');
    expect(quoteAnkiCsvField("a\tb")).toBe('"a\tb"');
    expect(quoteAnkiCsvField("a\nb")).toBe('"a\nb"');
    expect(quoteAnkiCsvField("#1")).toBe('"#1"');
    // A guid starting with # would otherwise be read as a comment line.
    expect(text).toContain('\n"#starts-with-hash"\t');
  });

  it("names the fields of a single note type in #columns", () => {
    const one = writeAnkiCsv([notes[0] as AnkiCsvNote], ["Front", "Back"]);
    expect(readAnkiCsv(one).headers.get("columns")).toBe("guid\tnotetype\tdeck\tFront\tBack\ttags");
  });

  it("refuses a tag holding whitespace, which Anki would split", () => {
    expect(() => writeAnkiCsv([{ ...(notes[0] as AnkiCsvNote), tags: ["two words"] }])).toThrow(/notes\[0\]\.tags/);
  });
});
