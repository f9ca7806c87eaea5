/**
 * The review-log export (documented column by column in docs/progress.md).
 * RFC 4180: comma-separated, CRLF line ends, fields with a comma, quote or
 * line break quoted, quotes doubled. Cells starting with = + - @ are prefixed
 * with ' so a spreadsheet never evaluates them as formulas.
 */

export const CSV_COLUMNS = [
  "review_id",
  "reviewed_at",
  "learner_day",
  "item_id",
  "item_kind",
  "review_kind",
  "quality",
  "passed",
  "duration_ms",
  "interval_before_days",
  "interval_after_days",
  "ease_before",
  "ease_after",
  "repetitions_before",
  "repetitions_after",
  "lapses_before",
  "due_after",
  "detail",
] as const;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(value: string | number | boolean | null): string {
  if (value === null) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "1" : "0";
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvLine(values: readonly (string | number | boolean | null)[]): string {
  return `${values.map(csvField).join(",")}\r\n`;
}

export const CSV_HEADER = csvLine(CSV_COLUMNS);
