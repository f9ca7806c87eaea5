/**
 * One call of a solution (the learner's, the reference or a known mistake) on
 * fresh tensors built from a case's plain arguments, read back as plain data.
 * Shared by the reference's side and the learner's side of a check.
 */
import type { PlainOutput } from "./compare";
import { isTensorArg } from "./random";
import type { CaseArg, LearnerFn, OutputKind, ReadValues, Tensor, Tf } from "./types";

export type ReadOutcome = { ok: true; output: PlainOutput } | { ok: false; problem: string };

export interface CallOutcome {
  threw: boolean;
  error?: unknown;
  read?: ReadOutcome;
  leaked: number;
}

/** Where nothing could have replaced tfjs's own methods (Node, the reference's worker). */
export const readWithDataSync: ReadValues = (tensor) => tensor.dataSync();

export function isTensor(value: unknown, tf: Tf): value is Tensor {
  return value instanceof tf.Tensor;
}

function materialize(arg: CaseArg, tf: Tf): unknown {
  return isTensorArg(arg) ? tf.tensor(arg.values, arg.shape, arg.dtype ?? "float32") : arg;
}

function describeValueKind(value: unknown): string {
  if (value === undefined) return "undefined";
  if (value === null) return "null";
  if (Array.isArray(value)) return "a JavaScript array";
  if (typeof value === "object") return `an object (${value.constructor?.name ?? "Object"})`;
  return `a ${typeof value}`;
}

function readOutput(value: unknown, kind: OutputKind, tf: Tf, readValues: ReadValues): ReadOutcome {
  if (kind === "number-or-scalar" && typeof value === "number") {
    return { ok: true, output: { shape: [], values: [value], dtype: "float32" } };
  }
  if (!isTensor(value, tf)) {
    const expected = kind === "tensor" ? "a tf.Tensor" : "a number or a scalar tf.Tensor";
    const advice =
      value === undefined
        ? " — is a `return` missing?"
        : Array.isArray(value)
          ? " — keep the result a tensor (e.g. tf.tensor(...)), don't convert it with arraySync()."
          : typeof value === "number"
            ? " — return the tensor itself (tf.scalar for a single value), not dataSync()[0]."
            : "";
    return { ok: false, problem: `returned ${describeValueKind(value)}, expected ${expected}${advice}` };
  }
  if (value.isDisposed) return { ok: false, problem: "returned a tensor that was already disposed" };
  let values: number[];
  try {
    values = Array.from(readValues(value), Number);
  } catch (error) {
    return { ok: false, problem: `returned a tensor whose values could not be read (${String(error)})` };
  }
  return { ok: true, output: { shape: [...value.shape], values, dtype: value.dtype } };
}

export async function callIsolated(
  fn: LearnerFn,
  args: CaseArg[],
  kind: OutputKind,
  tf: Tf,
  readValues: ReadValues,
): Promise<CallOutcome> {
  const engine = tf.engine();
  // A scope of our own disposes inputs, outputs and whatever the call leaked, so a long-lived worker stays flat.
  engine.startScope();
  try {
    const inputs = args.map((arg) => materialize(arg, tf));
    const before = tf.memory().numTensors;
    let value: unknown;
    try {
      value = fn(...inputs);
      if (value instanceof Promise) value = await value;
    } catch (error) {
      return { threw: true, error, leaked: 0 };
    }
    const returnedNew = isTensor(value, tf) && !inputs.includes(value) && !value.isDisposed ? 1 : 0;
    const leaked = Math.max(0, tf.memory().numTensors - before - returnedNew);
    return { threw: false, read: readOutput(value, kind, tf, readValues), leaked };
  } finally {
    engine.endScope();
  }
}
