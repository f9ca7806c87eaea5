/**
 * Collects what the learner prints. Capped so a print inside a training loop
 * cannot flood the result (or the message channel out of a worker).
 */
export const MAX_OUTPUT_CHARS = 2048;
const TRUNCATION_MARK = "\n… (output truncated)";
const CAPTURED_METHODS = ["log", "info", "warn", "error", "debug"] as const;

type ConsoleMethod = (typeof CAPTURED_METHODS)[number];
export type ConsoleLike = Record<ConsoleMethod, (...args: unknown[]) => void>;

export interface OutputCapture {
  console: ConsoleLike;
  text: () => string;
  truncated: () => boolean;
  /** Redirects the global console too, since `tensor.print()` logs through it. Returns the undo. */
  redirectGlobalConsole: () => () => void;
}

/** Nesting and items shown of a logged array or object; the output is capped anyway. */
const MAX_DEPTH = 4;
const MAX_ITEMS = 1000;

interface TensorLike {
  dataSync: unknown;
  shape: unknown;
  toString: () => string;
}

function isTensorLike(value: object): value is TensorLike {
  return "dataSync" in value && "shape" in value;
}

/**
 * Like JSON, but NaN, ±Infinity, -0 and undefined print as themselves (JSON
 * would turn `console.log(NaN)` or `[0, NaN]` into null), typed arrays print
 * as arrays and tensors as tfjs prints them.
 */
function formatNested(value: unknown, depth: number, seen: Set<object>): string {
  switch (typeof value) {
    case "number":
      return Object.is(value, -0) ? "-0" : String(value);
    case "string":
      return depth === 0 ? value : JSON.stringify(value);
    case "bigint":
      return `${value}n`;
    case "boolean":
    case "undefined":
    case "symbol":
      return String(value);
    case "function":
      return `[Function ${value.name || "(anonymous)"}]`;
  }
  if (value === null) return "null";
  const object = value as object;
  if (isTensorLike(object)) {
    try {
      return object.toString();
    } catch {
      return "[disposed tensor]";
    }
  }
  if (object instanceof Error) return `${object.name}: ${object.message}`;
  if (seen.has(object)) return "[Circular]";
  if (depth >= MAX_DEPTH) return Array.isArray(object) ? "[…]" : "{…}";
  seen.add(object);
  try {
    if (Array.isArray(object) || ArrayBuffer.isView(object)) {
      const items = Array.from(object as ArrayLike<unknown>);
      const shown = items.slice(0, MAX_ITEMS).map((item) => formatNested(item, depth + 1, seen));
      if (items.length > MAX_ITEMS) shown.push("…");
      return `[${shown.join(",")}]`;
    }
    const entries = Object.entries(object).slice(0, MAX_ITEMS);
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${formatNested(item, depth + 1, seen)}`).join(",")}}`;
  } finally {
    seen.delete(object);
  }
}

function formatValue(value: unknown): string {
  try {
    return formatNested(value, 0, new Set());
  } catch {
    return "[unprintable value]";
  }
}

export function createOutputCapture(maxChars: number = MAX_OUTPUT_CHARS): OutputCapture {
  let buffer = "";
  let overflowed = false;
  const append = (method: ConsoleMethod, args: unknown[]): void => {
    if (overflowed) return;
    const prefix = method === "log" || method === "info" || method === "debug" ? "" : `[${method}] `;
    const line = prefix + args.map(formatValue).join(" ") + "\n";
    if (buffer.length + line.length > maxChars) {
      buffer += line.slice(0, Math.max(0, maxChars - buffer.length));
      overflowed = true;
      return;
    }
    buffer += line;
  };
  const captured = Object.fromEntries(
    CAPTURED_METHODS.map((method) => [method, (...args: unknown[]) => append(method, args)]),
  ) as ConsoleLike;
  return {
    console: captured,
    text: () => (overflowed ? buffer.trimEnd() + TRUNCATION_MARK : buffer.trimEnd()),
    truncated: () => overflowed,
    redirectGlobalConsole: () => {
      const globalConsole = globalThis.console as unknown as ConsoleLike;
      const saved = CAPTURED_METHODS.map((method) => [method, globalConsole[method]] as const);
      for (const method of CAPTURED_METHODS) globalConsole[method] = captured[method];
      return () => {
        for (const [method, original] of saved) globalConsole[method] = original;
      };
    },
  };
}
