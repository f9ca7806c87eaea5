/**
 * Reads what a learner typed as a scalar (optionally with a unit) or as a vector.
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
    if (input.length === 0) refuse("请输入一个答案。", "Please enter an answer.");
    if (expectation.vectorLength === undefined) {
      if (input.startsWith("[") || splitTopLevel(input).length > 1) {
        refuse("这里需要一个数,不是列表。", "A single number is expected here, not a list.");
      }
      const { value, interpretedAs } = readScalar(input, expectation.unit);
      return { ok: true, value, interpretedAs };
    }
    const inner = stripOuterBrackets(input);
    if (inner.includes("[") || inner.includes("]"))
      refuse("只需要一层方括号,如 [0.2, 0.3, 0.5]。", "Use one pair of brackets only, e.g. [0.2, 0.3, 0.5].");
    const parts = splitTopLevel(inner);
    if (parts.length !== expectation.vectorLength) {
      refuse(
        `需要 ${expectation.vectorLength} 个数,用逗号分隔,例如 [0.2, 0.3]。你输入了 ${parts.length} 个。`,
        `Expected ${expectation.vectorLength} numbers separated by commas, e.g. [0.2, 0.3]; got ${parts.length}.`,
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
