/**
 * Units a learner may type after a rate, frequency or information answer.
 * Factors are to the base unit of each dimension (bit/s, Hz, baud, bit). Decimal prefixes are
 * SI (k = 10^3, M = 10^6, G = 10^9), for bytes too: 1 kB = 1 KB = 1000 B, as IEC 80000-13 and
 * network rates use them; the binary KiB, MiB, GiB are 2^10, 2^20, 2^30 B. 1 B = 8 bit;
 * 1 nat = 1/ln 2 bit, since log2(x) = ln(x)/ln 2.
 *
 * Case is read as typed: b is a bit, B a byte. A spelling that is no unit as typed is read
 * without regard to case only when that leaves one meaning ("khz" is kHz, "mbit/s" Mbit/s).
 * When it leaves several ("mb/s": Mb/s or MB/s; "MBPS": Mbps or MBps) it is refused: a
 * lowercase m or g for mega or giga shows the case was not minded, so neither is its b or B.
 * K is accepted for kilo beside k, since no other prefix is written K.
 */
import { refuse } from "./messages";

export type UnitDimension = "bit-rate" | "frequency" | "symbol-rate" | "information";

export interface UnitSpec {
  symbol: string;
  dimension: UnitDimension;
  factor: number;
}

const KILO = 1e3;
const MEGA = 1e6;
const GIGA = 1e9;
const KIBI = 2 ** 10;
const MEBI = 2 ** 20;
const GIBI = 2 ** 30;
const BITS_PER_BYTE = 8;

const DECIMAL_PREFIXES: ReadonlyArray<[string, number]> = [
  ["", 1],
  ["k", KILO],
  ["K", KILO],
  ["M", MEGA],
  ["G", GIGA],
];
const BINARY_PREFIXES: ReadonlyArray<[string, number]> = [
  ["Ki", KIBI],
  ["Mi", MEBI],
  ["Gi", GIBI],
];

function prefixed(
  prefixes: ReadonlyArray<[string, number]>,
  spellings: readonly string[],
  dimension: UnitDimension,
  unitFactor: number,
): UnitSpec[] {
  return prefixes.flatMap(([prefix, factor]) =>
    spellings.map((spelling) => ({ symbol: `${prefix}${spelling}`, dimension, factor: factor * unitFactor })),
  );
}

const UNIT_LIST: readonly UnitSpec[] = [
  ...prefixed(DECIMAL_PREFIXES, ["bit/s", "b/s", "bps"], "bit-rate", 1),
  { symbol: "bits/s", dimension: "bit-rate", factor: 1 },
  { symbol: "比特/秒", dimension: "bit-rate", factor: 1 },
  ...prefixed(DECIMAL_PREFIXES, ["B/s", "Bps"], "bit-rate", BITS_PER_BYTE),
  ...prefixed(BINARY_PREFIXES, ["B/s"], "bit-rate", BITS_PER_BYTE),
  { symbol: "byte/s", dimension: "bit-rate", factor: BITS_PER_BYTE },
  { symbol: "bytes/s", dimension: "bit-rate", factor: BITS_PER_BYTE },
  { symbol: "字节/秒", dimension: "bit-rate", factor: BITS_PER_BYTE },
  { symbol: "Hz", dimension: "frequency", factor: 1 },
  { symbol: "赫兹", dimension: "frequency", factor: 1 },
  { symbol: "kHz", dimension: "frequency", factor: KILO },
  { symbol: "MHz", dimension: "frequency", factor: MEGA },
  { symbol: "GHz", dimension: "frequency", factor: GIGA },
  { symbol: "baud", dimension: "symbol-rate", factor: 1 },
  { symbol: "Bd", dimension: "symbol-rate", factor: 1 },
  { symbol: "波特", dimension: "symbol-rate", factor: 1 },
  { symbol: "kbaud", dimension: "symbol-rate", factor: KILO },
  { symbol: "kBd", dimension: "symbol-rate", factor: KILO },
  { symbol: "Mbaud", dimension: "symbol-rate", factor: MEGA },
  { symbol: "MBd", dimension: "symbol-rate", factor: MEGA },
  ...prefixed(DECIMAL_PREFIXES, ["bit", "b"], "information", 1),
  { symbol: "bits", dimension: "information", factor: 1 },
  { symbol: "比特", dimension: "information", factor: 1 },
  ...prefixed(DECIMAL_PREFIXES, ["B"], "information", BITS_PER_BYTE),
  ...prefixed(BINARY_PREFIXES, ["B"], "information", BITS_PER_BYTE),
  { symbol: "byte", dimension: "information", factor: BITS_PER_BYTE },
  { symbol: "bytes", dimension: "information", factor: BITS_PER_BYTE },
  { symbol: "字节", dimension: "information", factor: BITS_PER_BYTE },
  { symbol: "nat", dimension: "information", factor: 1 / Math.LN2 },
  { symbol: "nats", dimension: "information", factor: 1 / Math.LN2 },
];

const UNITS_BY_SYMBOL = new Map<string, UnitSpec>(UNIT_LIST.map((u) => [u.symbol, u]));

/** Per case-folded spelling, one unit per meaning (dimension and factor), in list order. */
const UNITS_BY_FOLDED = new Map<string, UnitSpec[]>();
for (const unit of UNIT_LIST) {
  const key = unit.symbol.toLowerCase();
  const meanings = UNITS_BY_FOLDED.get(key) ?? [];
  if (!meanings.some((m) => m.dimension === unit.dimension && m.factor === unit.factor)) meanings.push(unit);
  UNITS_BY_FOLDED.set(key, meanings);
}

export type UnitLookup = { kind: "unit"; unit: UnitSpec } | { kind: "ambiguous"; candidates: UnitSpec[] } | null;

/** The unit a spelling names, the units it could name when only its case tells them apart, or null. */
function lookUpUnit(symbol: string): UnitLookup {
  const trimmed = symbol.trim();
  const exact = UNITS_BY_SYMBOL.get(trimmed);
  if (exact) return { kind: "unit", unit: exact };
  const meanings = UNITS_BY_FOLDED.get(trimmed.toLowerCase()) ?? [];
  const [only] = meanings;
  if (meanings.length === 1 && only) return { kind: "unit", unit: only };
  return meanings.length > 1 ? { kind: "ambiguous", candidates: meanings } : null;
}

/** The unit a spelling names unambiguously (see lookUpUnit). */
export function findUnit(symbol: string): UnitSpec | undefined {
  const found = lookUpUnit(symbol);
  return found?.kind === "unit" ? found.unit : undefined;
}

function refuseAmbiguousUnit(typed: string, candidates: readonly UnitSpec[]): never {
  const choices = candidates.map((c) => c.symbol);
  return refuse(
    `单位「${typed}」的大小写有歧义:是 ${choices.join(" 还是 ")}?b 表示比特,B 表示字节(1 B = 8 bit),请按大小写输入你要的那个。`,
    `The unit "${typed}" is ambiguous: ${choices.join(" or ")}? b is a bit and B a byte (1 B = 8 bit); type the one you mean, with its case.`,
  );
}

/** A trailing word (optionally "word/word") after the number, e.g. "12 kbps", "3e3Hz", "5 bit/s". */
const TRAILING_UNIT = /^(.*?)\s*([A-Za-z\u4e00-\u9fff]+(?:\/[A-Za-z\u4e00-\u9fff]+)?)\s*$/u;

/**
 * Splits off a trailing known unit; unknown trailing words are left for the expression parser
 * (pi, e …). Throws AnswerInputError when the unit could be read several ways by its case.
 */
export function splitTrailingUnit(input: string): {
  expression: string;
  unit: UnitSpec | null;
  unitText: string | null;
} {
  const match = TRAILING_UNIT.exec(input);
  if (match) {
    const unitText = match[2] ?? "";
    const expression = (match[1] ?? "").trim();
    const found = lookUpUnit(unitText);
    if (found && expression.length > 0) {
      if (found.kind === "ambiguous") refuseAmbiguousUnit(unitText, found.candidates);
      return { expression, unit: found.unit, unitText };
    }
  }
  return { expression: input, unit: null, unitText: null };
}
