/**
 * Reads what a learner typed as a scalar (optionally with a unit) or as a vector.
 *
 * Commas: in a single-number answer a comma is a thousands separator when it sits in
 * well-formed groups of three ("9,287,712"); any other comma between digits ("0,5") could be a
 * decimal comma or a list, so the learner is asked which. In a list answer, and inside a call
 * such as max(1, 2), a comma always separates.
 */
import { evaluateExpression, formatValue, checkInputLimits, normalizeInputCharacters } from "./parse-expression";
import { AnswerInputError, refuse, type Bilingual } from "./messages";
import { findUnit, splitTrailingUnit } from "./units";

export interface AnswerExpectation {
  /** Undefined for a scalar answer; the element count for a vector answer. */
  vectorLength?: number;
  /** The answer's unit (e.g. "bit/s"); a typed unit of the same dimension is converted to it. */
  unit?: string;
}

export type ReadResult =
  { ok: true; value: number | number[]; interpretedAs: string } | { ok: false; error: Bilingual };

function readScalar(input: string, unit: string | undefined): { value: number; interpretedAs: string } {
  const split = splitTrailingUnit(input);
  if (split.unit && split.unitText) {
    const target = unit ? findUnit(unit) : undefined;
    if (!target)
      refuse(`这个答案不带单位,请去掉「${split.unitText}」。`, `This answer has no unit; remove "${split.unitText}".`);
    if (split.unit.dimension !== target.dimension) {
      refuse(
        `单位「${split.unitText}」与答案的单位 ${unit} 不相容。`,
        `The unit "${split.unitText}" does not fit the answer's unit ${unit}.`,
      );
    }
    const { value, normalized } = evaluateExpression(split.expression);
    const converted = (value * split.unit.factor) / target.factor;
    // The unit as read ("khz" is shown as kHz), so a case-insensitive reading is visible.
    const unitRead = split.unit.symbol;
    const typed = `${normalized} ${unitRead}`;
    const valueText = formatValue(value);
    const steps = normalized === valueText ? typed : `${typed} = ${valueText} ${unitRead}`;
    const sameUnit = split.unit.symbol === target.symbol && split.unit.factor === target.factor;
    return {
      value: converted,
      interpretedAs: sameUnit ? steps : `${steps} = ${formatValue(converted)} ${unit}`,
    };
  }
  const { value, normalized } = evaluateExpression(input);
  const valueText = formatValue(value);
  const suffix = unit ? ` ${unit}` : "";
  return {
    value,
    interpretedAs: normalized === valueText ? `${valueText}${suffix}` : `${normalized} = ${valueText}${suffix}`,
  };
}

const CALL_BEFORE_PAREN = /[A-Za-z_]\w*\s*$/;

/** Whether `index` is inside a call's parentheses or brackets, where a comma separates arguments or elements. */
function isInArgumentList(input: string, index: number): boolean {
  const separatesByComma: boolean[] = [];
  for (let i = 0; i < index; i++) {
    const ch = input[i];
    if (ch === "[") separatesByComma.push(true);
    else if (ch === "(") separatesByComma.push(CALL_BEFORE_PAREN.test(input.slice(0, i)));
    else if (ch === ")" || ch === "]") separatesByComma.pop();
  }
  return separatesByComma.includes(true);
}

/**
 * A number grouped by thousands: a first group of 1–3 digits that does not start with 0, then
 * groups of exactly three ("9,287,712", "1,234.5"). "0,5", "1,50" and "1,2345" are not.
 */
const GROUPED_NUMBER = /(?<![\w.,])[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?(?:[eE][+-]?\d+)?(?![\d.]|,\d)/g;

/** Drops thousands separators, except inside min(…), max(…) or […], where a comma separates arguments. */
function removeThousandsSeparators(input: string): string {
  return input.replace(GROUPED_NUMBER, (grouped: string, offset: number) =>
    isInArgumentList(input, offset) ? grouped : grouped.replaceAll(",", ""),
  );
}

interface DigitComma {
  typed: string;
  whole: string;
  fraction: string;
}

const DIGITS_BEFORE_COMMA = /(?<![\d.])\d+$/;
const DIGITS_AFTER_COMMA = /^\d+(?:[eE][+-]?\d+)?/;

/** The first comma outside parentheses between a whole number and digits: "0,5", "3,14", "1,5e3". */
function findDigitComma(input: string): DigitComma | undefined {
  let depth = 0;
  for (let i = 0; i < input.length; i++) {
    const ch = input[i];
    if (ch === "(") depth++;
    else if (ch === ")") depth--;
    else if (ch === "," && depth === 0) {
      const whole = DIGITS_BEFORE_COMMA.exec(input.slice(0, i))?.[0];
      const fraction = DIGITS_AFTER_COMMA.exec(input.slice(i + 1))?.[0];
      if (whole && fraction) return { typed: `${whole},${fraction}`, whole, fraction };
    }
  }
  return undefined;
}

/**
 * A single number is expected; a comma left between digits (not a thousands separator) is a
 * decimal comma or a list typed without spaces, and only the learner knows which.
 */
function refuseDigitComma(input: string, commas: number): void {
  const found = findDigitComma(input);
  if (!found) return;
  const { typed, whole, fraction } = found;
  if (commas === 1) {
    refuse(
      `「${typed}」是指 ${whole}.${fraction},还是列表 [${whole}, ${fraction}]?小数请用小数点,如 ${whole}.${fraction};这里只需要一个数。`,
      `Did you mean ${whole}.${fraction} or the list [${whole}, ${fraction}] by "${typed}"? Write decimals with a point, as in ${whole}.${fraction}; this answer is a single number.`,
    );
  }
  refuse(
    `「${input}」不是一个数:千位分隔符须每组三位(如 9,287,712),小数请用小数点;这里只需要一个数,不是列表。`,
    `"${input}" is not a number: thousands separators group exactly three digits (as in 9,287,712) and decimals take a point; a single number is expected here, not a list.`,
  );
}

/** Splits "a, b, c" at commas that are not inside parentheses (min(1, 2) keeps its comma). */
function splitTopLevel(input: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < input.length; i++) {
    const ch = input[i];
    if (ch === "(") depth++;
    else if (ch === ")") depth--;
    else if (ch === "," && depth === 0) {
      parts.push(input.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(input.slice(start));
  return parts.map((p) => p.trim());
}

function stripOuterBrackets(input: string): string {
  const m = /^\[(.*)\]$/s.exec(input);
  return m ? (m[1] ?? "") : input;
}

export function readAnswer(rawInput: string, expectation: AnswerExpectation = {}): ReadResult {
  try {
    checkInputLimits(rawInput);
    const input = normalizeInputCharacters(rawInput);
    // Again once full-width brackets （【 are ASCII, so they count toward the nesting limit.
    checkInputLimits(input);
    if (input.length === 0) refuse("请输入一个答案。", "Please enter an answer.");
    if (expectation.vectorLength === undefined) {
      const ungrouped = removeThousandsSeparators(input);
      const commas = splitTopLevel(ungrouped).length - 1;
      if (!ungrouped.startsWith("[") && commas > 0) refuseDigitComma(ungrouped, commas);
      if (ungrouped.startsWith("[") || commas > 0) {
        refuse("这里需要一个数,不是列表。", "A single number is expected here, not a list.");
      }
      const { value, interpretedAs } = readScalar(ungrouped, expectation.unit);
      return { ok: true, value, interpretedAs };
    }
    const inner = stripOuterBrackets(input);
    if (inner.includes("[") || inner.includes("]"))
      refuse("只需要一层方括号,如 [0.2, 0.3, 0.5]。", "Use one pair of brackets only, e.g. [0.2, 0.3, 0.5].");
    const parts = splitTopLevel(inner);
    if (parts.length !== expectation.vectorLength) {
      const digitComma = findDigitComma(inner)?.typed;
      refuse(
        `需要 ${expectation.vectorLength} 个数,用逗号分隔,例如 [0.2, 0.3]。你输入了 ${parts.length} 个。` +
          (digitComma
            ? `列表里的逗号分隔各个数,「${digitComma}」算作两个数:小数请用小数点(0.5),千位不要加逗号(1000)。`
            : ""),
        `Expected ${expectation.vectorLength} numbers separated by commas, e.g. [0.2, 0.3]; got ${parts.length}.` +
          (digitComma
            ? ` In a list commas separate the numbers, so "${digitComma}" counts as two: write decimals with a point (0.5) and large numbers without separators (1000).`
            : ""),
      );
    }
    const read = parts.map((part, i) => {
      if (part.length === 0) refuse(`第 ${i + 1} 个数是空的。`, `Element ${i + 1} is empty.`);
      return evaluateExpression(part);
    });
    const value = read.map((r) => r.value);
    const normalized = read.map((r) => r.normalized).join(", ");
    const valueText = value.map(formatValue).join(", ");
    return {
      ok: true,
      value,
      interpretedAs: normalized === valueText ? `[${valueText}]` : `[${normalized}] = [${valueText}]`,
    };
  } catch (error) {
    if (error instanceof AnswerInputError) return { ok: false, error: error.bilingualMessage };
    throw error;
  }
}
