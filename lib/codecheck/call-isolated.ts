/**
 * One call of a solution (the learner's, the reference or a known mistake) on
 * fresh tensors built from a case's plain arguments, read back as plain data.
 * Shared by the reference's side and the learner's side of a check.
 */
import type { PlainOutput } from "./compare";
import { isTensorArg } from "./random";
import { both, codeSpan } from "./text";
import type { Bilingual, CaseArg, LearnerFn, OutputKind, ReadValues, Tensor, Tf } from "./types";

export type ReadOutcome = { ok: true; output: PlainOutput } | { ok: false; problem: Bilingual };

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

/** What a value is, as said after "returned" (en) and after "返回了" (zh, spaced before Latin). */
function describeValueKind(value: unknown): Bilingual {
  if (value === undefined) return { en: "undefined", zh: " undefined" };
  if (value === null) return { en: "null", zh: " null" };
  if (Array.isArray(value)) return { en: "a JavaScript array", zh: " JavaScript 数组" };
  if (typeof value === "object") {
    const name = value.constructor?.name ?? "Object";
    return { en: `an object (${name})`, zh: `对象（${name}）` };
  }
  const type = typeof value;
  return { en: `a ${type}`, zh: VALUE_TYPES_ZH[type] ?? ` ${type}` };
}

const VALUE_TYPES_ZH: Readonly<Record<string, string>> = {
  number: "数字",
  string: "字符串",
  boolean: "布尔值",
  function: "函数",
};

function readOutput(value: unknown, kind: OutputKind, tf: Tf, readValues: ReadValues): ReadOutcome {
  if (kind === "number-or-scalar" && typeof value === "number") {
    return { ok: true, output: { shape: [], values: [value], dtype: "float32" } };
  }
  if (!isTensor(value, tf)) {
    const expected =
      kind === "tensor"
        ? { en: "a tf.Tensor", zh: "tf.Tensor" }
        : { en: "a number or a scalar tf.Tensor", zh: "数字或标量 tf.Tensor" };
    const advice =
      value === undefined
        ? { en: " — is a `return` missing?", zh: "——是不是漏了 `return`？" }
        : Array.isArray(value)
          ? {
              en: " — keep the result a tensor (e.g. tf.tensor(...)), don't convert it with arraySync().",
              zh: "——结果要保持为张量（例如 tf.tensor(...)），不要用 arraySync() 转换。",
            }
          : typeof value === "number"
            ? {
                en: " — return the tensor itself (tf.scalar for a single value), not dataSync()[0].",
                zh: "——返回张量本身（单个值用 tf.scalar），不要返回 dataSync()[0]。",
              }
            : both("");
    const got = describeValueKind(value);
    return {
      ok: false,
      problem: {
        en: `returned ${got.en}, expected ${expected.en}${advice.en}`,
        zh: `返回了${got.zh}，应返回 ${expected.zh}${advice.zh}`,
      },
    };
  }
  if (value.isDisposed) {
    return {
      ok: false,
      problem: { en: "returned a tensor that was already disposed", zh: "返回的张量已经被释放（dispose）了" },
    };
  }
  let values: number[];
  try {
    values = Array.from(readValues(value), Number);
  } catch (error) {
    const reason = codeSpan(String(error));
    return {
      ok: false,
      problem: {
        en: `returned a tensor whose values could not be read (${reason})`,
        zh: `返回的张量无法读取数值（${reason}）`,
      },
    };
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
