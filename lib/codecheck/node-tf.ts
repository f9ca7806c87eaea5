/**
 * tfjs on the cpu backend for checks in Node (the runner's worker thread and
 * in-process tests). The cpu backend greets Node users once, on the first
 * tensor, recommending tfjs-node; that notice is kept out of results.
 */
import * as tf from "@tensorflow/tfjs";

/** The backend every expectation is computed on (scripts/compute-expectations.ts) and the Node runner checks on. */
export const NODE_TF_BACKEND = "cpu";

export async function loadNodeTf(): Promise<typeof tf> {
  const warn = console.warn;
  console.warn = () => undefined;
  try {
    await tf.setBackend(NODE_TF_BACKEND);
    await tf.ready();
    tf.tensor(0).dispose();
  } finally {
    console.warn = warn;
  }
  return tf;
}
