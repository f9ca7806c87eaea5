/**
 * Units a learner may type after a rate, frequency or information answer.
 * Factors are to the base unit of each dimension (SI prefixes: k = 10^3, M = 10^6, G = 10^9;
 * 1 nat = 1/ln 2 bit, since log2(x) = ln(x)/ln 2).
 */

export type UnitDimension = "bit-rate" | "frequency" | "symbol-rate" | "information";

export interface UnitSpec {
  symbol: string;
  dimension: UnitDimension;
  factor: number;
}

const KILO = 1e3;
const MEGA = 1e6;
const GIGA = 1e9;

const UNIT_LIST: readonly UnitSpec[] = [
  { symbol: "bit/s", dimension: "bit-rate", factor: 1 },
  { symbol: "bits/s", dimension: "bit-rate", factor: 1 },
  { symbol: "b/s", dimension: "bit-rate", factor: 1 },
  { symbol: "bps", dimension: "bit-rate", factor: 1 },
  { symbol: "比特/秒", dimension: "bit-rate", factor: 1 },
  { symbol: "kbit/s", dimension: "bit-rate", factor: KILO },
  { symbol: "kb/s", dimension: "bit-rate", factor: KILO },
  { symbol: "kbps", dimension: "bit-rate", factor: KILO },
  { symbol: "Mbit/s", dimension: "bit-rate", factor: MEGA },
  { symbol: "Mb/s", dimension: "bit-rate", factor: MEGA },
  { symbol: "Mbps", dimension: "bit-rate", factor: MEGA },
  { symbol: "Gbit/s", dimension: "bit-rate", factor: GIGA },
  { symbol: "Gbps", dimension: "bit-rate", factor: GIGA },
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
  { symbol: "bit", dimension: "information", factor: 1 },
  { symbol: "bits", dimension: "information", factor: 1 },
  { symbol: "比特", dimension: "information", factor: 1 },
  { symbol: "nat", dimension: "information", factor: 1 / Math.LN2 },
  { symbol: "nats", dimension: "information", factor: 1 / Math.LN2 },
];

/** Case-insensitive: nobody types millibit/s, so "mbps" is read as Mbps. */
const UNITS_BY_KEY = new Map<string, UnitSpec>(UNIT_LIST.map((u) => [u.symbol.toLowerCase(), u]));

export function findUnit(symbol: string): UnitSpec | undefined {
  return UNITS_BY_KEY.get(symbol.trim().toLowerCase());
}

/** A trailing word (optionally "word/word") after the number, e.g. "12 kbps", "3e3Hz", "5 bit/s". */
const TRAILING_UNIT = /^(.*?)\s*([A-Za-z\u4e00-\u9fff]+(?:\/[A-Za-z\u4e00-\u9fff]+)?)\s*$/u;

/** Splits off a trailing known unit; unknown trailing words are left for the expression parser (pi, e …). */
export function splitTrailingUnit(input: string): {
  expression: string;
  unit: UnitSpec | null;
  unitText: string | null;
} {
  const match = TRAILING_UNIT.exec(input);
  if (match) {
    const unit = findUnit(match[2] ?? "");
    const expression = (match[1] ?? "").trim();
    if (unit && expression.length > 0) return { expression, unit, unitText: match[2] ?? null };
  }
  return { expression: input, unit: null, unitText: null };
}
