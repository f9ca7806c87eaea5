/**
 * tfjs on the cpu backend for checks in Node (the runner's worker thread and
 * in-process tests). The cpu backend greets Node users once, on the first
 * tensor, recommending tfjs-node; that notice is kept out of results.
 */
import * as tf from "@tensorflow/tfjs";

export async function loadNodeTf(): Promise<typeof tf> {
  const warn = console.warn;
  console.warn = () => undefined;
  try {
    await tf.setBackend("cpu");
    await tf.ready();
    tf.tensor(0).dispose();
  } finally {
    console.warn = warn;
  }
  return tf;
}
