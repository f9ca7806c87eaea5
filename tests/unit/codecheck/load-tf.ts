/** Loads tfjs on the cpu backend for in-process checks, without the one-time tfjs-node notice. */
import * as tf from "@tensorflow/tfjs";

export async function loadTf(): Promise<typeof tf> {
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
