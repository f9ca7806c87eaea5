import { readFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { appOrdOf, classifyNoteType, mapAnkiNote, type MappedAnkiNote } from "@/lib/anki/note-mapping";
import { readAnkiPackage } from "@/lib/anki/read-package";
import type { AnkiNote, AnkiNoteType, AnkiPackage } from "@/lib/anki/types";
import { clozeNumbers } from "@/lib/content/cloze";
import { renderLearnerMarkdown } from "@/lib/content/markdown";

import { buildZip, META_LATEST } from "./build-package";

/** Packages and collections written by Anki and AnkiDroid; sources in tests/fixtures/anki/README.md. */
const FIXTURES = path.resolve(import.meta.dirname, "../../fixtures/anki");
const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(path.join(FIXTURES, name)));
const inLatestPackage = (name: string): Uint8Array =>
  buildZip({
    meta: META_LATEST,
    "collection.anki21b": fixture(name),
    "collection.anki2": "stub that must never be read",
  });

const PACKAGES = {
  media: readAnkiPackage(fixture("anki-media.apkg")),
  templates: readAnkiPackage(fixture("ankidroid-templates.apkg")),
  schema16: readAnkiPackage(inLatestPackage("ankidroid-schema16.anki2.zst")),
  twoDeck: readAnkiPackage(inLatestPackage("transformerman-two-deck.anki2.zst")),
  empty: readAnkiPackage(inLatestPackage("transformerman-empty.anki2.zst")),
} satisfies Record<string, AnkiPackage>;

/** Media ids as the store would hand them out: one per file the package holds. */
function mediaOf(pkg: AnkiPackage): (name: string) => string | null {
  const names = [...pkg.media.keys()];
  return (name) => {
    const index = names.indexOf(name);
    return index === -1 ? null : `/media/imported-media-${String(index).padStart(4, "0")}`;
  };
}

function noteTypeNamed(pkg: AnkiPackage, name: string): AnkiNoteType {
  const found = pkg.noteTypes.find((t) => t.name === name);
  if (found === undefined) throw new Error(`fixture has no note type "${name}"`);
  return found;
}

function noteOf(nt: AnkiNoteType, fields: string[], tags: string[] = []): AnkiNote {
  return { id: 1, guid: "synthetic", noteTypeId: nt.id, fields, tags };
}

function map(nt: AnkiNoteType, fields: string[], tags: string[] = []): MappedAnkiNote {
  return mapAnkiNote(nt, noteOf(nt, fields, tags), classifyNoteType(nt), () => null);
}

function cardRowOrds(pkg: AnkiPackage, note: AnkiNote): number[] {
  return pkg.cards
    .filter((c) => c.noteId === note.id)
    .map((c) => c.ordinal)
    .sort((a, b) => a - b);
}

describe("classifyNoteType on every note type in the fixtures", () => {
  it("knows Anki's stock note types by structure", () => {
    for (const pkg of [PACKAGES.schema16, PACKAGES.twoDeck, PACKAGES.empty]) {
      expect(pkg.noteTypes.map((t) => [t.name, classifyNoteType(t)])).toEqual(
        expect.arrayContaining([
          ["Basic", "basic"],
          ["Basic (and reversed card)", "basic-reverse"],
          ["Basic (optional reversed card)", "basic-optional-reverse"],
          ["Basic (type in the answer)", "basic-type-in"],
          ["Cloze", "cloze"],
        ]),
      );
      expect(pkg.noteTypes).toHaveLength(pkg === PACKAGES.empty ? 6 : 5);
    }
    expect(PACKAGES.media.noteTypes.map((t) => [t.name, classifyNoteType(t)])).toEqual([
      ["Basic", "basic"],
      ["Cloze", "cloze"],
      ["Basic", "basic"],
    ]);
  });

  it("refuses Image Occlusion, which arrives as a cloze-kind note type", () => {
    expect(classifyNoteType(noteTypeNamed(PACKAGES.empty, "Image Occlusion"))).toBe("image-occlusion");
  });

  it("keeps AnkiDroid's test note types, none of which the app has, as templates", () => {
    expect(PACKAGES.templates.noteTypes.map((t) => [t.name, classifyNoteType(t)])).toEqual([
      ["Conjugations Test Multi-Cloze", "template"],
      ["reassign", "template"],
      ["Basic-conditional", "template"],
      ["TypingClozeTest", "template"],
      ["Basic-misc", "template"],
      ["NestedClozeTest", "template"],
      ["Thaischrift", "template"],
      ["cloze", "template"],
      ["Muscle", "template"],
    ]);
  });

  it("ignores the name and the whitespace, but not the structure", () => {
    const basic = noteTypeNamed(PACKAGES.schema16, "Basic");
    const localized: AnkiNoteType = {
      ...basic,
      name: "基础",
      fieldNames: ["正面", "背面"],
      templates: [
        {
          ordinal: 0,
          name: "卡片 1",
          questionFormat: " {{ 正面 }} ",
          answerFormat: '{{FrontSide}}<hr id="answer">{{背面}}',
        },
      ],
    };
    expect(classifyNoteType(localized)).toBe("basic");
    expect(classifyNoteType({ ...localized, fieldNames: ["正面", "背面", "笔记"] })).toBe("template");
    const answerFirst = {
      ...basic.templates[0]!,
      questionFormat: "{{Back}}",
      answerFormat: "{{FrontSide}}<hr id=answer>{{Back}}",
    };
    expect(classifyNoteType({ ...basic, templates: [answerFirst] })).toBe("template");
    const renamedCloze = noteTypeNamed(PACKAGES.schema16, "Cloze");
    expect(classifyNoteType({ ...renamedCloze, name: "Lückentext" })).toBe("cloze");
    expect(classifyNoteType({ ...renamedCloze, kind: "standard" })).toBe("template");
  });
});

describe("mapAnkiNote on the fixtures' notes", () => {
  it("maps every note of every fixture without throwing", () => {
    let mapped = 0;
    for (const pkg of Object.values(PACKAGES)) {
      for (const note of pkg.notes) {
        const nt = pkg.noteTypes.find((t) => t.id === note.noteTypeId);
        expect(nt, `note ${note.guid}`).toBeDefined();
        if (nt === undefined) continue;
        const result = mapAnkiNote(nt, note, classifyNoteType(nt), mediaOf(pkg));
        expect(["basic", "basic-reverse", "cloze", "anki"]).toContain(result.type);
        mapped += 1;
      }
    }
    expect(mapped).toBe(1 + 48 + 16);
  });

  it("turns the two-deck collection's basic notes into Markdown, &nbsp; as a space", () => {
    const pkg = PACKAGES.twoDeck;
    const nt = pkg.noteTypes.find((t) => t.id === pkg.notes[0]?.noteTypeId);
    const note = pkg.notes.find((n) => n.id === 1701890146289);
    if (nt === undefined || note === undefined) throw new Error("fixture changed");
    expect(mapAnkiNote(nt, note, classifyNoteType(nt), mediaOf(pkg))).toEqual({
      type: "basic",
      fields: { front: "aaa aa car hello car", back: "aaa" },
      problems: [],
    });
  });

  it("keeps Anki's media.apkg sound note as text and says the app plays no audio", () => {
    const pkg = PACKAGES.media;
    const note = pkg.notes[0];
    const nt = pkg.noteTypes.find((t) => t.id === note?.noteTypeId);
    if (nt === undefined || note === undefined) throw new Error("fixture changed");
    expect(mapAnkiNote(nt, note, classifyNoteType(nt), mediaOf(pkg))).toEqual({
      type: "basic",
      fields: { front: "\\[sound: foo.wav\\]", back: "" },
      problems: [{ code: "sound", where: 'field "Front"', detail: "foo.wav" }],
    });
  });

  it("makes exactly the cards Anki made for each standard note of AnkiDroid's templates.apkg", () => {
    const pkg = PACKAGES.templates;
    let checked = 0;
    for (const note of pkg.notes) {
      const nt = pkg.noteTypes.find((t) => t.id === note.noteTypeId);
      if (nt?.kind !== "standard") continue;
      const result = mapAnkiNote(nt, note, classifyNoteType(nt), mediaOf(pkg));
      if (result.type !== "anki") throw new Error(`note ${note.guid} became ${result.type}`);
      expect(
        result.cards.map((c) => c.ord),
        `note ${note.guid} (${nt.name})`,
      ).toEqual(cardRowOrds(pkg, note));
      checked += 1;
    }
    expect(checked).toBe(42);
  });

  it("gives each cloze note one card per deletion number, as its card rows in templates.apkg", () => {
    const pkg = PACKAGES.templates;
    const cardsOf = (id: number) => {
      const note = pkg.notes.find((n) => n.id === id);
      const nt = pkg.noteTypes.find((t) => t.id === note?.noteTypeId);
      if (note === undefined || nt === undefined) throw new Error(`fixture has no note ${id}`);
      const result = mapAnkiNote(nt, note, classifyNoteType(nt), mediaOf(pkg));
      if (result.type !== "anki") throw new Error(`note ${id} became ${result.type}`);
      return { ours: result.cards.map((c) => c.ord), rows: cardRowOrds(pkg, note), cards: result.cards };
    };
    for (const id of [1425479167843, 1425805242981, 1404529280070, 1426118680199]) {
      const { ours, rows } = cardsOf(id);
      expect(ours, `note ${id}`).toEqual(rows);
    }
    // Deletions c1, c3, c5 spread over Text1, Text3 and Text5 of the Multi-Cloze note type.
    const sparse = cardsOf(1425805242981);
    expect(sparse.ours).toEqual([0, 2, 4]);
    expect(sparse.cards[1]?.frontHtml).toContain('Text<span class="cloze-gap">[…]</span>');
    expect(sparse.cards[1]?.backHtml).toContain('Text<span class="cloze-answer">t3</span>');
    // Two notes keep a card row whose deletion was later removed from the text (c6 and c2): Anki keeps such
    // rows, but the fields make no such card.
    expect(cardsOf(1421482205229)).toMatchObject({ ours: [0, 1, 2, 3], rows: [0, 1, 2, 3, 5] });
    expect(cardsOf(1420636422544)).toMatchObject({ ours: [0], rows: [0, 1] });
  });

  it("sanitizes the kept note types' fields and cards: images through the store, sounds as text", () => {
    const pkg = PACKAGES.templates;
    const note = pkg.notes.find((n) => n.id === 1426654036461);
    const nt = pkg.noteTypes.find((t) => t.id === note?.noteTypeId);
    if (note === undefined || nt === undefined) throw new Error("fixture changed");
    const result = mapAnkiNote(nt, note, classifyNoteType(nt), mediaOf(pkg));
    if (result.type !== "anki") throw new Error(`became ${result.type}`);
    expect(result.ankiNoteType).toEqual({
      name: nt.name,
      kind: nt.kind,
      fieldNames: nt.fieldNames,
      templates: nt.templates,
    });
    expect(result.fields["Bilder Rückseite"]).toBe("");
    expect(result.fields["Sprache Thai"]).toBe(" [sound: google-62e3f1c9-8c9c8aea-0a266809-53b888bc-f0c490f8.mp3]");
    expect(result.problems).toContainEqual({
      code: "media-missing",
      where: 'field "Bilder Rückseite"',
      detail: "ธงไตรรงค์ (Copy).jpg",
    });
    expect(result.cards[0]?.frontHtml).toContain("<span>thailändische Flagge</span>");
    expect(result.cards[0]?.frontHtml).not.toMatch(/style=|<tts/);
  });
});

describe("mapAnkiNote on the stock note types with notes of their own", () => {
  const types = PACKAGES.schema16;

  it("maps basic, reversed and type-in notes to the app's basic types", () => {
    expect(map(noteTypeNamed(types, "Basic"), ["<b>Q</b>", "A<br>B"])).toEqual({
      type: "basic",
      fields: { front: "**Q**", back: "A\nB" },
      problems: [],
    });
    expect(map(noteTypeNamed(types, "Basic (and reversed card)"), ["Q", "A"]).type).toBe("basic-reverse");
    expect(map(noteTypeNamed(types, "Basic (type in the answer)"), ["2 + 2", "4"])).toEqual({
      type: "basic",
      fields: { front: "2 + 2", back: "4" },
      problems: [],
    });
  });

  it("gives an optional-reversed note its reverse card only when Add Reverse is filled", () => {
    const optional = noteTypeNamed(types, "Basic (optional reversed card)");
    expect(map(optional, ["Q", "A", ""])).toEqual({ type: "basic", fields: { front: "Q", back: "A" }, problems: [] });
    expect(map(optional, ["Q", "A", "<br>"]).type).toBe("basic");
    expect(map(optional, ["Q", "A", "y"])).toEqual({
      type: "basic-reverse",
      fields: { front: "Q", back: "A" },
      problems: [],
    });
  });

  it("maps a cloze note to the app's cloze, with the same deletions the app will make cards of", () => {
    const result = map(noteTypeNamed(types, "Cloze"), [
      "The {{c1::softmax::function}} of \\(z_i\\) is {{c2::\\(\\frac{e^{z_i}}{\\sum_j e^{z_j}}\\)}}",
      "see <i>Goodfellow</i>",
    ]);
    expect(result).toEqual({
      type: "cloze",
      fields: {
        text: "The {{c1::softmax::function}} of $z_i$ is {{c2::$\\frac{e^{z_i}}{\\sum_j e^{z_j}}$}}",
        extra: "see *Goodfellow*",
      },
      problems: [],
    });
    if (result.type !== "cloze") return;
    expect(clozeNumbers(result.fields.text)).toEqual([1, 2]);
    expect(() => renderLearnerMarkdown(result.fields.text)).not.toThrow();
  });

  it("keeps a cloze note the app's cloze cannot hold as an Anki note type, with its cards", () => {
    const cloze = noteTypeNamed(types, "Cloze");
    const nested = map(cloze, ["{{c1::outer {{c2::inner}}}}", ""]);
    expect(nested).toMatchObject({
      type: "anki",
      problems: [
        {
          code: "cloze-kept-as-anki",
          where: "note synthetic",
          detail: "it nests deletions or shares one between cards",
        },
      ],
    });
    if (nested.type !== "anki") return;
    expect(nested.cards.map((c) => c.ord)).toEqual([0, 1]);
    expect(nested.cards.map((c) => [c.frontHtml, c.backHtml])).toEqual([
      ['<span class="cloze-gap">[…]</span>', '<span class="cloze-answer">outer inner</span><br />\n'],
      ['outer <span class="cloze-gap">[…]</span>', 'outer <span class="cloze-answer">inner</span><br />\n'],
    ]);

    const inExtra = map(cloze, ["{{c1::a}}", "{{c2::b}}"]);
    expect(inExtra).toMatchObject({ type: "anki", problems: [{ code: "cloze-kept-as-anki" }] });
    if (inExtra.type === "anki") expect(inExtra.cards.map((c) => c.ord)).toEqual([0, 1]);

    expect(map(cloze, ["{{c1::a}} then }} stray", ""])).toMatchObject({
      type: "anki",
      problems: [{ code: "cloze-kept-as-anki", detail: "its text has braces the app would read as a broken deletion" }],
    });

    const none = map(cloze, ["no deletion", ""]);
    expect(none).toMatchObject({ type: "anki", problems: [{ code: "cloze-kept-as-anki" }, { code: "empty-card" }] });
    if (none.type === "anki") expect(none.cards.map((c) => c.ord)).toEqual([0]);
  });

  it("refuses an Image Occlusion note with a message", () => {
    const io = noteTypeNamed(PACKAGES.empty, "Image Occlusion");
    expect(
      map(io, ["{{c1::image-occlusion:rect:left=.1:top=.2:width=.3:height=.4}}", '<img src="x.png">', "", "", ""]),
    ).toEqual({
      type: "refused",
      reason: "image-occlusion",
      message:
        'Note type "Image Occlusion" is Image Occlusion, which the app has no card for: its notes are not imported.',
    });
  });

  it("reports a note with fewer fields than its note type, treating the missing ones as empty", () => {
    expect(map(noteTypeNamed(types, "Basic"), ["only front"])).toEqual({
      type: "basic",
      fields: { front: "only front", back: "" },
      problems: [{ code: "field-count", where: "note synthetic", detail: 'has 1 fields, note type "Basic" has 2' }],
    });
  });

  it("shows a field's script as text on a basic card and runs no script or handler on a kept card", () => {
    const basic = map(noteTypeNamed(types, "Basic"), [
      '<script>alert("x")</script>',
      '<img src="x.png" onerror="alert(1)">',
    ]);
    expect(basic).toMatchObject({
      type: "basic",
      fields: { front: '\\<script\\>alert("x")\\</script\\>', back: "x.png" },
    });
    if (basic.type === "basic")
      expect(renderLearnerMarkdown(basic.fields.front)).toBe(
        "<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p>\n",
      );

    const scripted: AnkiNoteType = {
      id: 7,
      name: "Scripted",
      kind: "standard",
      fieldNames: ["Word"],
      templates: [
        {
          ordinal: 0,
          name: "Card 1",
          questionFormat:
            '{{Word}}<script>document.cookie</script><div onclick="x()" style="background:url(https://t.example/p)">{{Tags}}</div>',
          answerFormat: "{{FrontSide}}<hr id=answer>{{Type}} / {{Card}}",
        },
      ],
    };
    const kept = mapAnkiNote(
      scripted,
      noteOf(scripted, ['<a href="javascript:x()">w</a>'], ["t1", "t2"]),
      "template",
      () => null,
    );
    if (kept.type !== "anki") throw new Error(`became ${kept.type}`);
    expect(kept.cards).toEqual([
      { ord: 0, frontHtml: "<a>w</a><div>t1 t2</div>", backHtml: "<a>w</a><div>t1 t2</div><hr />Scripted / Card 1" },
    ]);
    expect(kept.problems).toEqual([
      { code: "unsafe-link", where: 'field "Word"', detail: "javascript:x()" },
      { code: "script", where: 'template "Card 1"', detail: "the template's scripts and styles are left out" },
    ]);
  });

  it("gives a note whose every question is empty Anki's first card, and says so", () => {
    const muscle = noteTypeNamed(PACKAGES.templates, "Muscle");
    const result = map(muscle, ["", "", "", "", "", "", ""]);
    expect(result).toMatchObject({ type: "anki", problems: [{ code: "empty-card", where: "note synthetic" }] });
    if (result.type === "anki") expect(result.cards.map((c) => c.ord)).toEqual([0]);
  });
});

describe("appOrdOf", () => {
  it("numbers the app's cards: basic 1, reverse 2, cloze n for Anki's n − 1", () => {
    expect([0, 1].map((o) => appOrdOf("basic", o))).toEqual([1, null]);
    expect([0, 1].map((o) => appOrdOf("basic-type-in", o))).toEqual([1, null]);
    expect([0, 1, 2].map((o) => appOrdOf("basic-reverse", o))).toEqual([1, 2, null]);
    expect([0, 1, 2].map((o) => appOrdOf("basic-optional-reverse", o))).toEqual([1, 2, null]);
    expect([0, 2, 4].map((o) => appOrdOf("cloze", o))).toEqual([1, 3, 5]);
    expect([0, 5].map((o) => appOrdOf("template", o))).toEqual([1, 6]);
    expect(appOrdOf("image-occlusion", 0)).toBeNull();
    expect(appOrdOf("basic", -1)).toBeNull();
  });
});
