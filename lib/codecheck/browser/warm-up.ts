/**
 * Warms a booted check worker's JavaScript engine while it waits for its run.
 * Every worker is fresh, so a run's tfjs calls go through code V8 has not
 * optimized yet: twenty training steps of a tiny network take about twice
 * as long as once tfjs's engine, tape and optimizer are hot, and a LeNet-5
 * builds and predicts in half the time after a few small models. The worker
 * therefore runs such a workload of its own — training steps, then a small
 * layers model built and run — one short step per task, each leaving no
 * tensor or variable behind, and stops when its run arrives. No learner
 * code exists yet and nothing the workload makes outlives it: it changes
 * how fast the run goes, never what it computes.
 */
import type { Tf } from "../types";

/** Training steps of the tiny network: enough for V8 to optimize tfjs's op, tape and optimizer paths. */
const TRAINING_STEPS = 40;
/** Builds of the small layers model, for tfjs-layers' construction, weight initialization and predict paths. */
const MODEL_BUILDS = 4;
/** A run asked for as soon as the sandbox is ready should not wait for a step. */
export const WARM_UP_DELAY_MS = 50;
const HIDDEN_UNITS = 8;
const IMAGE_SIZE = 12;
const IMAGE_BATCH = 2;
const DENSE_UNITS = 64;
const CLASSES = 10;
const LEARNING_RATE = 0.1;
/** Explicit names, so the workload takes none of the automatic layer names a learner's model gets. */
const LAYER_NAMES = ["warm_up_conv", "warm_up_pool", "warm_up_flatten", "warm_up_hidden", "warm_up_output"] as const;

type Step = () => void;

interface TrainingWorkload {
  step: Step;
  dispose: () => void;
}

function tinyTraining(tf: Tf): TrainingWorkload {
  const x = tf.tensor2d([0, 0, 0, 1, 1, 0, 1, 1], [4, 2]);
  const y = tf.tensor2d([0, 1, 1, 0], [4, 1]);
  // Made in a tidy: a variable keeps its own copy, so the initial values go with the scope.
  const [w1, b1, w2, b2] = tf.tidy(() => [
    tf.variable(tf.randomNormal([2, HIDDEN_UNITS], 0, 1, "float32", 1)),
    tf.variable(tf.zeros([HIDDEN_UNITS])),
    tf.variable(tf.randomNormal([HIDDEN_UNITS, 1], 0, 1, "float32", 2)),
    tf.variable(tf.zeros([1])),
  ]);
  const optimizer = tf.train.adam(LEARNING_RATE);
  const predict = () => tf.sigmoid(tf.add(tf.matMul(tf.tanh(tf.add(tf.matMul(x, w1), b1)), w2), b2));
  return {
    step: () => {
      optimizer.minimize(() => tf.losses.logLoss(y, predict()));
      tf.tidy(() => tf.mean(tf.square(tf.sub(predict(), y))).dataSync());
    },
    dispose: () => {
      optimizer.dispose();
      for (const tensor of [x, y, w1, b1, w2, b2]) tensor.dispose();
    },
  };
}

function buildAndPredict(tf: Tf): void {
  const [conv, pool, flatten, hidden, output] = LAYER_NAMES;
  const model = tf.sequential({ name: "warm_up_model" });
  model.add(
    tf.layers.conv2d({
      name: conv,
      inputShape: [IMAGE_SIZE, IMAGE_SIZE, 1],
      filters: 4,
      kernelSize: 3,
      activation: "relu",
    }),
  );
  model.add(tf.layers.maxPooling2d({ name: pool, poolSize: 2 }));
  model.add(tf.layers.flatten({ name: flatten }));
  model.add(tf.layers.dense({ name: hidden, units: DENSE_UNITS, activation: "relu" }));
  model.add(tf.layers.dense({ name: output, units: CLASSES, activation: "softmax" }));
  try {
    tf.tidy(() => {
      const predictions = model.predict(tf.zeros([IMAGE_BATCH, IMAGE_SIZE, IMAGE_SIZE, 1]));
      if (predictions instanceof tf.Tensor) predictions.dataSync();
    });
  } finally {
    model.dispose();
  }
}

export interface WarmUp {
  /** Stops the workload and frees what it holds; a step never runs after it. */
  stop: () => void;
  /** Settles when the workload has ended, done or stopped. */
  finished: Promise<void>;
}

/**
 * Starts the workload after WARM_UP_DELAY_MS, one step per task. The worker
 * stops it before the run's first line, so no step runs alongside learner
 * code, and a step already running is the most a run waits.
 */
export function startWarmUp(tf: Tf): WarmUp {
  let training: TrainingWorkload | null = null;
  let next = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let done = false;
  let settle = (): void => undefined;
  const finished = new Promise<void>((resolve) => {
    settle = resolve;
  });
  const stop = () => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    training?.dispose();
    settle();
  };
  const runNext = () => {
    if (done) return;
    try {
      training ??= tinyTraining(tf);
      if (next < TRAINING_STEPS) training.step();
      else if (next < TRAINING_STEPS + MODEL_BUILDS) buildAndPredict(tf);
      else {
        stop();
        return;
      }
    } catch {
      // A workload that fails only leaves the run colder.
      stop();
      return;
    }
    next += 1;
    timer = setTimeout(runNext, 0);
  };
  timer = setTimeout(runNext, WARM_UP_DELAY_MS);
  return { stop, finished };
}
