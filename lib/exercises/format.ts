import type { Bilingual, WrongAnswer, AnswerValue } from "./types";

const DISPLAY_DIGITS = 6;
/** Below this magnitude (or at/above the large one) numbers are shown in scientific notation. */
const SMALL_MAGNITUDE = 1e-4;
const LARGE_MAGNITUDE = 1e9;

export function text(zh: string, en: string): Bilingual {
  return { zh, en };
}

export function wrong(value: AnswerValue, zh: string, en: string): WrongAnswer {
  return { value, message: { zh, en } };
}

/** Rounds for display only; answers and checks always use the unrounded values. */
function roundForDisplay(x: number, digits = DISPLAY_DIGITS): number {
  const r = Number(x.toPrecision(digits));
  return Object.is(r, -0) ? 0 : r;
}

/** Building an Intl.NumberFormat costs tens of microseconds; toLocaleString(…, options) builds one per call. */
const PLAIN_FORMATS = new Map<number, Intl.NumberFormat>();

function plainFormat(digits: number): Intl.NumberFormat {
  let format = PLAIN_FORMATS.get(digits);
  if (!format) {
    format = new Intl.NumberFormat("en-US", { useGrouping: false, maximumSignificantDigits: digits });
    PLAIN_FORMATS.set(digits, format);
  }
  return format;
}

/** Plain decimal for prose and code: 0.000123, 12000, 0.333333. */
export function fmt(x: number, digits = DISPLAY_DIGITS): string {
  const r = roundForDisplay(x, digits);
  if (r !== 0 && (Math.abs(r) < SMALL_MAGNITUDE || Math.abs(r) >= LARGE_MAGNITUDE)) {
    return r.toExponential(Math.max(0, digits - 1)).replace(/\.?0+e/, "e");
  }
  return plainFormat(digits).format(r);
}

/** KaTeX form of a number: 1.5\times10^{-3} instead of 1.5e-3. */
export function tex(x: number, digits = DISPLAY_DIGITS): string {
  const plain = fmt(x, digits);
  const m = /^(-?[\d.]+)e([+-]?\d+)$/.exec(plain);
  if (!m) return plain;
  const exponent = Number(m[2]);
  return m[1] === "1" ? `10^{${exponent}}` : `${m[1]}\\times 10^{${exponent}}`;
}

/** KaTeX tuple: (1, -2, 0.5). */
export function texVector(values: readonly number[], digits = DISPLAY_DIGITS): string {
  return `(${values.map((v) => tex(v, digits)).join(",\\ ")})`;
}

/** KaTeX for a parenthesized factor: negative numbers get brackets so "−2" is not read as subtraction. */
export function texTerm(x: number, digits = DISPLAY_DIGITS): string {
  return x < 0 ? `(${tex(x, digits)})` : tex(x, digits);
}

/** Every real answer is checked to a relative 1e-4, which needs five significant figures. */
const REAL_ANSWER_NOTE = text(
  "（结果保留至少 5 位有效数字，或直接输入精确算式，如 `3/4`、`log2(3)`。）",
  "(Give at least 5 significant figures, or type an exact expression such as `3/4` or `log2(3)`.)",
);

export function withNote(prompt: Bilingual, note: Bilingual = REAL_ANSWER_NOTE): Bilingual {
  return { zh: `${prompt.zh}\n\n${note.zh}`, en: `${prompt.en}\n\n${note.en}` };
}
