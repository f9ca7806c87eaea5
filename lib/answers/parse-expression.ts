/**
 * Safe reading of a typed numeric expression ("3/4", "75%", "2*log2(8)", "sqrt(2)").
 *
 * mathjs `parse()` only builds a syntax tree; it never runs anything. The tree is then
 * checked against an allowlist and evaluated here with plain JavaScript arithmetic, so
 * mathjs `evaluate` (and its function scope: import, createUnit, evaluate …) is never reached.
 * Length and bracket depth are limited before parsing so the parser's work is bounded.
 */
import { create, parseDependencies, type MathNode } from "mathjs/number";
import { AnswerInputError, refuse, type Bilingual } from "./messages";

/**
 * A mathjs instance made of `parse` and what it needs (the node classes, `numeric`, `typed`)
 * and nothing else: there is no `evaluate` to reach, and bundlers leave the rest of mathjs out
 * of the answer box (https://mathjs.org/docs/custom_bundling.html). The number-only build
 * reads every literal as a JavaScript number, as evaluateSafeExpr computes.
 */
const { parse } = createParser();

function createParser() {
  // mathjs declares each *Dependencies export as possibly undefined.
  if (!parseDependencies) throw new Error("mathjs/number no longer exports parseDependencies");
  return create({ parseDependencies }, { number: "number" });
}

export const MAX_INPUT_LENGTH = 200;
export const MAX_BRACKET_DEPTH = 20;
/** Caps chains such as "- - - - 1" that add tree depth without brackets. */
const MAX_TREE_DEPTH = 60;
const SIGNIFICANT_DIGITS_SHOWN = 12;

export type SafeExpr =
  | { kind: "number"; value: number; text: string }
  | { kind: "constant"; name: "pi" | "e" }
  | { kind: "unary"; op: "-" | "+"; arg: SafeExpr }
  | { kind: "binary"; op: "+" | "-" | "*" | "/" | "^"; left: SafeExpr; right: SafeExpr; implicit: boolean }
  | { kind: "percent"; arg: SafeExpr }
  | { kind: "paren"; inner: SafeExpr }
  | { kind: "call"; name: AllowedFunction; args: SafeExpr[] };

type AllowedFunction =
  "log" | "log2" | "log10" | "exp" | "sqrt" | "abs" | "ceil" | "floor" | "min" | "max" | "tanh" | "sigmoid" | "relu";

interface Arity {
  min: number;
  max: number;
}

/**
 * `ln` is an alias of `log` (natural logarithm, as in mathjs); log(x, b) is log base b.
 * tanh, sigmoid σ(x) = 1/(1 + e^−x) and ReLU max(0, x) are the activations the exercises use
 * (Goodfellow et al., Deep Learning, §6.3).
 */
const FUNCTION_ARITY: Readonly<Record<AllowedFunction, Arity>> = {
  log: { min: 1, max: 2 },
  log2: { min: 1, max: 1 },
  log10: { min: 1, max: 1 },
  exp: { min: 1, max: 1 },
  sqrt: { min: 1, max: 1 },
  abs: { min: 1, max: 1 },
  ceil: { min: 1, max: 1 },
  floor: { min: 1, max: 1 },
  min: { min: 2, max: 8 },
  max: { min: 2, max: 8 },
  tanh: { min: 1, max: 1 },
  sigmoid: { min: 1, max: 1 },
  relu: { min: 1, max: 1 },
};
const FUNCTION_ALIASES: Readonly<Record<string, AllowedFunction>> = { ln: "log", ReLU: "relu" };

export interface AnswerFunction {
  /** As typed, aliases included (ln, ReLU). */
  name: string;
  minArgs: number;
  maxArgs: number;
}

/** Every function name the reader accepts, with its argument count. */
export function listAnswerFunctions(): AnswerFunction[] {
  const entries: [string, AllowedFunction][] = [
    ...(Object.keys(FUNCTION_ARITY) as AllowedFunction[]).map((name): [string, AllowedFunction] => [name, name]),
    ...Object.entries(FUNCTION_ALIASES),
  ];
  return entries.map(([name, target]) => ({
    name,
    minArgs: FUNCTION_ARITY[target].min,
    maxArgs: FUNCTION_ARITY[target].max,
  }));
}

const ALLOWED_FUNCTIONS_TEXT = listAnswerFunctions()
  .map((f) => f.name)
  .join(", ");

const BINARY_OPERATORS: Readonly<Record<string, "+" | "-" | "*" | "/" | "^">> = {
  add: "+",
  subtract: "-",
  multiply: "*",
  divide: "/",
  pow: "^",
};

/**
 * Full-width forms U+FF01–U+FF5E ("１／６", "（", "＊", "－", "．") are ASCII shifted by 0xFEE0
 * (Unicode, Halfwidth and Fullwidth Forms block). Unicode's NFKC would map them too, but it
 * also turns "3²" into "32".
 */
const FULL_WIDTH_FORMS = /[\uFF01-\uFF5E]/g;
const FULL_WIDTH_OFFSET = 0xfee0;

/** A Chinese full stop ending the answer, as a sentence: "0.5。" */
const TRAILING_FULL_STOPS = /[\s。]+$/u;

/** Other characters that Chinese and math keyboards produce. */
const CHARACTER_REPLACEMENTS: ReadonlyArray<[RegExp, string]> = [
  [/[【]/g, "["],
  [/[】]/g, "]"],
  [/[、]/g, ","],
  [/[×·∙]/g, "*"],
  [/[÷]/g, "/"],
  [/[−–—]/g, "-"],
  // Inside a number, 。 is the decimal point of a Chinese keyboard's "." key: 3。5 = 3.5.
  [/[。]/g, "."],
  [/π/g, "pi"],
  [/\u3000/g, " "],
  // Python's power operator; mathjs has only ^.
  [/\*\*/g, "^"],
];

const ALLOWED_CHARACTERS = /^[0-9A-Za-z\s.+\-*/^%(),[\]]$/;

export function normalizeInputCharacters(input: string): string {
  let out = input
    .replace(TRAILING_FULL_STOPS, "")
    .replace(FULL_WIDTH_FORMS, (ch) => String.fromCharCode(ch.charCodeAt(0) - FULL_WIDTH_OFFSET));
  for (const [pattern, replacement] of CHARACTER_REPLACEMENTS) out = out.replace(pattern, replacement);
  return out.trim();
}

export function checkInputLimits(input: string): void {
  if (input.length > MAX_INPUT_LENGTH) {
    refuse(
      `输入太长(最多 ${MAX_INPUT_LENGTH} 个字符)。`,
      `Input is too long (at most ${MAX_INPUT_LENGTH} characters).`,
    );
  }
  let depth = 0;
  for (const ch of input) {
    if (ch === "(" || ch === "[" || ch === "{") {
      depth++;
      if (depth > MAX_BRACKET_DEPTH) {
        refuse(
          `括号嵌套太深(最多 ${MAX_BRACKET_DEPTH} 层)。`,
          `Brackets are nested too deeply (at most ${MAX_BRACKET_DEPTH} levels).`,
        );
      }
    } else if (ch === ")" || ch === "]" || ch === "}") {
      depth = Math.max(0, depth - 1);
    }
  }
}

function checkCharacters(input: string): void {
  for (const ch of input) {
    if (ALLOWED_CHARACTERS.test(ch)) continue;
    if (ch === "=")
      refuse(
        "不允许赋值或比较(=),只需输入一个数或算式。",
        "Assignments and comparisons (=) are not allowed; type a number or an arithmetic expression.",
      );
    if (ch === ";")
      refuse(
        "不允许用分号写多条语句,只需输入一个数或算式。",
        "Several statements separated by ';' are not allowed; type one number or expression.",
      );
    if (ch === '"' || ch === "'" || ch === "`") refuse("不允许输入字符串(引号)。", "Strings (quotes) are not allowed.");
    if (ch === "{" || ch === "}") refuse("不允许输入对象({…})。", "Objects ({…}) are not allowed.");
    refuse(`不支持字符「${ch}」。`, `The character "${ch}" is not supported.`);
  }
  // `%` is read only as "percent"; mathjs would read "a % b" as modulo, which no answer needs.
  const percentFollowedByTerm = /%\s*[^\s)\],*/]/;
  if (percentFollowedByTerm.test(input)) {
    refuse("「%」只表示百分号(如 75%),不支持取模。", "'%' means percent only (as in 75%); modulo is not supported.");
  }
}

function nodeTypeRefusal(type: string): Bilingual {
  switch (type) {
    case "AssignmentNode":
    case "FunctionAssignmentNode":
      return { zh: "不允许赋值或定义函数。", en: "Assignments and function definitions are not allowed." };
    case "AccessorNode":
    case "IndexNode":
      return { zh: "不允许取属性或下标。", en: "Property access and indexing are not allowed." };
    case "ObjectNode":
      return { zh: "不允许输入对象。", en: "Objects are not allowed." };
    case "BlockNode":
      return { zh: "只能输入一个算式。", en: "Only one expression is allowed." };
    case "ArrayNode":
      return { zh: "这里需要一个数,不是列表或矩阵。", en: "A single number is expected here, not a list or matrix." };
    case "ConditionalNode":
    case "RelationalNode":
      return { zh: "不允许条件或比较表达式。", en: "Conditional and comparison expressions are not allowed." };
    case "RangeNode":
      return { zh: "不允许区间表达式(:)。", en: "Ranges (:) are not allowed." };
    default:
      return { zh: `不支持这种写法(${type})。`, en: `This kind of expression is not supported (${type}).` };
  }
}

interface LooseNode {
  type?: unknown;
  value?: unknown;
  op?: unknown;
  fn?: unknown;
  args?: unknown;
  implicit?: unknown;
  isPercentage?: unknown;
  name?: unknown;
  content?: unknown;
}

function asLoose(node: unknown): LooseNode {
  return typeof node === "object" && node !== null ? node : {};
}

function childNodes(node: LooseNode): unknown[] {
  return Array.isArray(node.args) ? node.args : [];
}

/** Converts a mathjs tree into the closed SafeExpr language, refusing anything outside the allowlist. */
function toSafeExpr(root: MathNode): SafeExpr {
  const visit = (raw: unknown, depth: number): SafeExpr => {
    if (depth > MAX_TREE_DEPTH) refuse("算式嵌套太深。", "The expression is nested too deeply.");
    const node = asLoose(raw);
    const type = typeof node.type === "string" ? node.type : "unknown";
    switch (type) {
      case "ConstantNode": {
        if (typeof node.value !== "number") {
          refuse(
            "只允许数字常量(不允许字符串、布尔值等)。",
            "Only numeric constants are allowed (no strings, booleans …).",
          );
        }
        if (!Number.isFinite(node.value))
          refuse("数字太大,超出了可表示的范围。", "The number is too large to represent.");
        return { kind: "number", value: node.value, text: String(node.value) };
      }
      case "SymbolNode": {
        const name = typeof node.name === "string" ? node.name : "";
        if (name === "pi" || name === "PI") return { kind: "constant", name: "pi" };
        if (name === "e" || name === "E") return { kind: "constant", name: "e" };
        return refuse(
          `不认识符号「${name}」(只支持 pi 和 e)。`,
          `Unknown symbol "${name}" (only pi and e are allowed).`,
        );
      }
      case "ParenthesisNode":
        return { kind: "paren", inner: visit(node.content, depth + 1) };
      case "OperatorNode": {
        const fn = typeof node.fn === "string" ? node.fn : "";
        const args = childNodes(node);
        if ((fn === "unaryMinus" || fn === "unaryPlus") && args.length === 1) {
          return { kind: "unary", op: fn === "unaryMinus" ? "-" : "+", arg: visit(args[0], depth + 1) };
        }
        const binary = BINARY_OPERATORS[fn];
        if (binary && args.length === 2) {
          if (node.isPercentage === true) return { kind: "percent", arg: visit(args[0], depth + 1) };
          return {
            kind: "binary",
            op: binary,
            left: visit(args[0], depth + 1),
            right: visit(args[1], depth + 1),
            implicit: node.implicit === true,
          };
        }
        if (fn === "mod") refuse("「%」只表示百分号,不支持取模。", "'%' means percent only; modulo is not supported.");
        const op = typeof node.op === "string" ? node.op : fn;
        return refuse(
          `不支持运算符「${op}」(只支持 + - * / ^ 和 %)。`,
          `The operator "${op}" is not supported (only + - * / ^ and %).`,
        );
      }
      case "FunctionNode": {
        const callee = asLoose(node.fn);
        if (callee.type !== "SymbolNode" || typeof callee.name !== "string") {
          refuse("不允许这种函数调用。", "This kind of function call is not allowed.");
        }
        const rawName = callee.name;
        const name: AllowedFunction | undefined =
          FUNCTION_ALIASES[rawName] ??
          (Object.hasOwn(FUNCTION_ARITY, rawName) ? (rawName as AllowedFunction) : undefined);
        if (!name) {
          return refuse(
            `不支持函数「${rawName}」(可用:${ALLOWED_FUNCTIONS_TEXT})。`,
            `The function "${rawName}" is not supported (allowed: ${ALLOWED_FUNCTIONS_TEXT}).`,
          );
        }
        const args = childNodes(node);
        const arity = FUNCTION_ARITY[name];
        if (args.length < arity.min || args.length > arity.max) {
          const expected = arity.min === arity.max ? `${arity.min}` : `${arity.min}–${arity.max}`;
          refuse(`函数 ${rawName} 需要 ${expected} 个参数。`, `The function ${rawName} takes ${expected} argument(s).`);
        }
        return { kind: "call", name, args: args.map((a) => visit(a, depth + 1)) };
      }
      default:
        throw new AnswerInputError(nodeTypeRefusal(type));
    }
  };
  return visit(root, 0);
}

function ensureReal(value: number): number {
  if (Number.isNaN(value))
    refuse(
      "结果不是实数(例如对负数开方或取对数)。",
      "The result is not a real number (e.g. square root or logarithm of a negative number).",
    );
  if (!Number.isFinite(value))
    refuse(
      "结果太大或为无穷(例如除以 0 或指数过大)。",
      "The result is too large or infinite (e.g. division by zero or a huge power).",
    );
  return value;
}

/** Plain-JS evaluation of a checked tree; every intermediate result must be a finite real. */
function evaluateSafeExpr(expr: SafeExpr): number {
  switch (expr.kind) {
    case "number":
      return expr.value;
    case "constant":
      return expr.name === "pi" ? Math.PI : Math.E;
    case "paren":
      return evaluateSafeExpr(expr.inner);
    case "percent":
      return ensureReal(evaluateSafeExpr(expr.arg) / 100);
    case "unary": {
      const v = evaluateSafeExpr(expr.arg);
      return expr.op === "-" ? -v : v;
    }
    case "binary": {
      const a = evaluateSafeExpr(expr.left);
      const b = evaluateSafeExpr(expr.right);
      switch (expr.op) {
        case "+":
          return ensureReal(a + b);
        case "-":
          return ensureReal(a - b);
        case "*":
          return ensureReal(a * b);
        case "/":
          return ensureReal(a / b);
        case "^":
          // Math.pow answers 9^387420489 with Infinity at once; ensureReal then refuses it.
          return ensureReal(a ** b);
      }
      break;
    }
    case "call": {
      const args = expr.args.map(evaluateSafeExpr);
      const x = args[0] ?? Number.NaN;
      switch (expr.name) {
        case "log":
          return ensureReal(args.length === 2 ? Math.log(x) / Math.log(args[1] ?? Number.NaN) : Math.log(x));
        case "log2":
          return ensureReal(Math.log2(x));
        case "log10":
          return ensureReal(Math.log10(x));
        case "exp":
          return ensureReal(Math.exp(x));
        case "sqrt":
          return ensureReal(Math.sqrt(x));
        case "abs":
          return Math.abs(x);
        case "ceil":
          return Math.ceil(x);
        case "floor":
          return Math.floor(x);
        case "min":
          return Math.min(...args);
        case "max":
          return Math.max(...args);
        case "tanh":
          return Math.tanh(x);
        case "sigmoid":
          return 1 / (1 + Math.exp(-x));
        case "relu":
          return Math.max(0, x);
      }
    }
  }
  return refuse("无法计算这个算式。", "This expression could not be computed.");
}

/** Canonical text of a checked tree, shown back to the learner as "how your input was read". */
function printSafeExpr(expr: SafeExpr): string {
  switch (expr.kind) {
    case "number":
      return expr.text;
    case "constant":
      return expr.name;
    case "paren":
      return `(${printSafeExpr(expr.inner)})`;
    case "percent":
      return `${printSafeExpr(expr.arg)}%`;
    case "unary":
      return `${expr.op}${printSafeExpr(expr.arg)}`;
    case "binary": {
      const spaced = expr.op === "+" || expr.op === "-";
      const op = spaced ? ` ${expr.op} ` : expr.op;
      return `${printSafeExpr(expr.left)}${op}${printSafeExpr(expr.right)}`;
    }
    case "call":
      return `${expr.name === "log" && expr.args.length === 1 ? "ln" : expr.name}(${expr.args.map(printSafeExpr).join(", ")})`;
  }
}

export function formatValue(value: number): string {
  const rounded = Number(value.toPrecision(SIGNIFICANT_DIGITS_SHOWN));
  return Object.is(rounded, -0) ? "0" : String(rounded);
}

export interface EvaluatedExpression {
  value: number;
  /** Canonical text of the expression as read, e.g. "3/4". */
  normalized: string;
}

/** Reads one scalar expression. Throws AnswerInputError with a bilingual message when refused. */
export function evaluateExpression(rawInput: string): EvaluatedExpression {
  checkInputLimits(rawInput);
  const input = normalizeInputCharacters(rawInput);
  checkInputLimits(input);
  if (input.length === 0) refuse("请输入一个答案。", "Please enter an answer.");
  checkCharacters(input);
  let tree: MathNode;
  try {
    tree = parse(input);
  } catch {
    return refuse(
      `无法读懂「${input}」,请检查括号和运算符。`,
      `Could not read "${input}"; check the brackets and operators.`,
    );
  }
  const safe = toSafeExpr(tree);
  const value = evaluateSafeExpr(safe);
  return { value: Object.is(value, -0) ? 0 : value, normalized: printSafeExpr(safe) };
}
