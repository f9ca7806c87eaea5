/**
 * Notes in Anki's text import format (File › Import of a .txt/.csv): the
 * file headers Anki reads (rslib/src/import_export/text/csv/metadata.rs:
 * `#separator`, `#html`, `#columns`, `#guid column`, `#notetype column`,
 * `#deck column`, `#tags column`), then one row per note in the column order
 * Anki's own note export writes (rslib/src/import_export/text/csv/export.rs:
 * guid, note type, deck, the fields padded to the widest note type, tags).
 * Quoting is the csv crate's "necessary" style Anki writes and reads: a
 * field holding the separator, a quote, a line break, or starting with the
 * comment sign `#`, is quoted, its quotes doubled.
 */

export interface AnkiCsvNote {
  guid: string;
  noteTypeName: string;
  /** Levels joined with "::". */
  deckName: string;
  /** HTML, one per field of the note type. */
  fields: readonly string[];
  tags: readonly string[];
}

const SEPARATOR = "\t";
const LINE_END = "\n";
/** Columns before the fields: guid, note type, deck (1-based, as the headers count them). */
const GUID_COLUMN = 1;
const NOTETYPE_COLUMN = 2;
const DECK_COLUMN = 3;

/** One field as Anki's csv reader takes it back unchanged. */
export function quoteAnkiCsvField(value: string): string {
  if (!/[\t"\r\n]/.test(value) && !value.startsWith("#")) return value;
  return `"${value.replace(/"/g, '""')}"`;
}

function row(values: readonly string[]): string {
  return values.map(quoteAnkiCsvField).join(SEPARATOR);
}

/**
 * The notes as one text file for Anki's importer. `fieldLabels` name the
 * field columns in the `#columns` header (e.g. the one note type's field
 * names); missing labels are "Field n".
 */
export function writeAnkiCsv(notes: readonly AnkiCsvNote[], fieldLabels: readonly string[] = []): string {
  for (const [i, note] of notes.entries()) {
    const bad = note.tags.find((t) => t === "" || /\s/.test(t));
    if (bad !== undefined) throw new Error(`notes[${i}].tags: tag ${JSON.stringify(bad)} is empty or holds whitespace`);
  }
  const fieldColumns = Math.max(0, ...notes.map((n) => n.fields.length));
  const tagsColumn = DECK_COLUMN + fieldColumns + 1;
  const labels = Array.from({ length: fieldColumns }, (_, i) => fieldLabels[i] ?? `Field ${i + 1}`);
  const header = [
    "#separator:tab",
    "#html:true",
    `#columns:${row(["guid", "notetype", "deck", ...labels, "tags"])}`,
    `#guid column:${GUID_COLUMN}`,
    `#notetype column:${NOTETYPE_COLUMN}`,
    `#deck column:${DECK_COLUMN}`,
    `#tags column:${tagsColumn}`,
  ];
  const body = notes.map((n) =>
    row([
      n.guid,
      n.noteTypeName,
      n.deckName,
      ...Array.from({ length: fieldColumns }, (_, i) => n.fields[i] ?? ""),
      n.tags.join(" "),
    ]),
  );
  return [...header, ...body].join(LINE_END) + LINE_END;
}
