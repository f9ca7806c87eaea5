/**
 * Punctuation of Chinese prose: inside a Chinese sentence commas, colons,
 * semicolons, question and exclamation marks and brackets are full-width
 * (，：；？！（）), and a bracket is closed by its own kind.
 * Math ($…$, $$…$$), code (`…`, fenced blocks), cloze markers, function
 * calls such as log2(8) and the brackets of plain-text formulas such as
 * √(σ² + ε) keep their ASCII characters.
 * (国家标准 GB/T 15834-2011《标点符号用法》; W3C, Requirements for Chinese Text Layout.)
 */

/** Same length as what it replaces, so positions in the masked text are positions in the original. */
const MASK = "\uE000";

const EXEMPT_REGIONS: readonly RegExp[] = [
  /```[\s\S]*?```/g,
  /`[^`\n]*`/g,
  /\$\$[\s\S]+?\$\$/g,
  /\$(?:\\\$|[^$\n])+?\$/g,
  /\{\{c\d+::|::|\}\}/g,
];

/** Han characters and CJK or full-width punctuation. */
const CJK = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u;
/** What may end a function name, a call or a power before "(": log2(8), σ(z), f'(x), l2_regularizer(λ)(w), 10^(dB/10). */
const CALLEE_END = /(?!\p{Script=Han})[\p{L}\p{N}_\])'′^]/u;

const FULL_WIDTH: Readonly<Record<string, string>> = {
  ",": "，",
  ":": "：",
  ";": "；",
  "?": "？",
  "!": "！",
  "(": "（",
  ")": "）",
};
const MATCHING: Readonly<Record<string, string>> = { "(": ")", "（": "）" };
/** An operator inside ASCII parentheses without Chinese marks a formula in plain text: √(σ² + ε), (ŷ − y)·x. */
const FORMULA_OPERATOR = /[-+*/=<>^|·×÷−²³√Σ∑‖]/;

function maskExempt(text: string): string {
  let masked = text;
  for (const pattern of EXEMPT_REGIONS) masked = masked.replace(pattern, (region) => MASK.repeat(region.length));
  return masked;
}

/** The nearest character in one direction, looking through spaces and exempt regions. */
function neighbour(text: string, from: number, step: 1 | -1): string {
  for (let i = from + step; i >= 0 && i < text.length; i += step) {
    const ch = text[i] ?? "";
    if (ch !== " " && ch !== "\t" && ch !== MASK) return ch;
  }
  return "";
}

function excerpt(text: string, index: number): string {
  return text
    .slice(Math.max(0, index - 12), index + 13)
    .replace(/\s+/g, " ")
    .trim();
}

/** Every mixed bracket pair and every ASCII , : ; ? ! ( ) next to a Chinese character, with an excerpt. */
export function findZhPunctuationProblems(text: string): string[] {
  const masked = maskExempt(text);
  const problems: string[] = [];
  /** Positions of the ASCII parentheses of function calls and formulas, which stay ASCII. */
  const calls = new Set<number>();
  const open: number[] = [];
  for (let i = 0; i < masked.length; i++) {
    const ch = masked[i] ?? "";
    if (ch in MATCHING) {
      open.push(i);
      continue;
    }
    if (ch !== ")" && ch !== "）") continue;
    const at = open.pop();
    if (at === undefined) continue;
    const opener = masked[at] ?? "";
    if (MATCHING[opener] !== ch) {
      problems.push(`"${opener}" closed by "${ch}": …${excerpt(text, i)}…`);
      calls.add(at).add(i);
    } else if (opener === "(" && !CJK.test(masked.slice(at, i))) {
      const inner = masked.slice(at + 1, i);
      if (CALLEE_END.test(masked[at - 1] ?? "") || FORMULA_OPERATOR.test(inner)) calls.add(at).add(i);
    }
  }
  for (let i = 0; i < masked.length; i++) {
    const ch = masked[i] ?? "";
    if (!(ch in FULL_WIDTH) || calls.has(i)) continue;
    if (CJK.test(neighbour(masked, i, -1)) || CJK.test(neighbour(masked, i, 1))) {
      problems.push(`ASCII "${ch}" in Chinese text (use "${FULL_WIDTH[ch]}"): …${excerpt(text, i)}…`);
    }
  }
  return problems;
}
