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

function formatValue(value: unknown): string {
  if (typeof value === "string") return value;
  if (value !== null && typeof value === "object" && "dataSync" in value && "shape" in value) {
    try {
      return String(value);
    } catch {
      return "[disposed tensor]";
    }
  }
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
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
