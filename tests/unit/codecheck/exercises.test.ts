import { beforeAll, describe, expect, it } from "vitest";
import { checkSource } from "@/lib/codecheck/check-source";
import { CODE_EXERCISES, findCodeExercise } from "@/lib/codecheck/exercises/index";
import type { CheckResult, CodeExercise, Tf } from "@/lib/codecheck/types";
import { loadNodeTf as loadTf } from "@/lib/codecheck/node-tf";

let tf: Tf;

beforeAll(async () => {
  tf = await loadTf();
});

function failureText(result: CheckResult): string {
  return [result.error ?? "", ...result.cases.filter((c) => c.status !== "pass").map((c) => c.message)].join("\n");
}

function exercise(id: string): CodeExercise {
  const found = findCodeExercise(id);
  if (found === undefined) throw new Error(`no exercise ${id}`);
  return found;
}

/** Realistic wrong solutions beyond each exercise's known mistakes, with what the message must say. */
const TWO_BRANCH_INPUT = "  const inp = tf.input({ shape: [8, 8, 3] });\n";
const CONV_1X1 = "tf.layers.conv2d({ filters: 4, kernelSize: 1, padding: 'same', activation: 'relu' })";
const CONV_3X3 = "tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' })";

const EXTRA_WRONG: Record<string, { label: string; source: string; expect: RegExp; status?: "fail" | "error" }[]> = {
  "rnn-forward": [
    {
      label: "returns the states instead of the outputs",
      source:
        "function rnnForward(xs, s0, U, W, V) {\n  let s = s0.reshape([-1, 1]);\n  return tf.stack(tf.unstack(xs).map((x) => {\n    s = tf.tanh(tf.add(tf.matMul(U, x.reshape([-1, 1])), tf.matMul(W, s)));\n    return s.reshape([-1]);\n  }));\n}",
      expect: /received shape \[4,3\] vs expected \[4,2\]/,
    },
    {
      label: "row-vector products x·U with the notes' column-vector weights",
      source:
        "function rnnForward(xs, s0, U, W, V) {\n  let s = s0.reshape([1, -1]);\n  return tf.stack(tf.unstack(xs).map((x) => {\n    s = tf.tanh(tf.add(tf.matMul(x.reshape([1, -1]), U), tf.matMul(s, W)));\n    return tf.softmax(tf.matMul(s, V)).reshape([-1]);\n  }));\n}",
      expect: /Line 4: Error: Error in matMul: inner shapes \(2\) and \(3\)/,
      status: "error",
    },
  ],
  "adam-step": [
    {
      label: "tf.train.adam without the given ε (tfjs's default is used)",
      source:
        "function adamSteps(theta0, grads, learningRate, beta1, beta2, epsilon) {\n  const theta = tf.variable(theta0);\n  const optimizer = tf.train.adam(learningRate, beta1, beta2);\n  for (const g of tf.unstack(grads)) optimizer.applyGradients({ [theta.name]: g });\n  return theta;\n}",
      expect: /"ε = 0\.1 with small gradients.*differ/,
    },
    {
      label: "bias correction counted from t = 0",
      source:
        "function adamSteps(theta0, grads, learningRate, beta1, beta2, epsilon) {\n  let theta = theta0, m = tf.zerosLike(theta0), v = tf.zerosLike(theta0);\n  tf.unstack(grads).forEach((g, t) => {\n    m = tf.add(tf.mul(beta1, m), tf.mul(1 - beta1, g));\n    v = tf.add(tf.mul(beta2, v), tf.mul(1 - beta2, tf.square(g)));\n    const mHat = tf.div(m, 1 - Math.pow(beta1, t));\n    const vHat = tf.div(v, 1 - Math.pow(beta2, t));\n    theta = tf.sub(theta, tf.div(tf.mul(learningRate, mHat), tf.add(tf.sqrt(vHat), epsilon)));\n  });\n  return theta;\n}",
      expect: /received (NaN|-?Infinity)/,
    },
  ],
  "l2-collection": [
    {
      label: "returns the collection instead of its sum",
      source:
        "function totalLoss(dataLoss, lambda, ...layerWeights) {\n  return [dataLoss, ...layerWeights.map((w) => tf.mul(lambda / 2, tf.sum(tf.square(w))))];\n}",
      expect: /returned a JavaScript array, expected a tf\.Tensor/,
    },
  ],
  "ema-update": [
    {
      label: "tf.movingAverage with its default debiasing",
      source:
        "function emaUpdate(shadow, variable, decay, numUpdates) {\n  return tf.movingAverage(shadow, variable, decay, numUpdates);\n}",
      expect: /Note: tf\.movingAverage debiases by default/,
      status: "error",
    },
  ],
  "two-branch-block": [
    {
      label: "a Sequential stack",
      source: `function buildTwoBranchBlock() {\n  const model = tf.sequential();\n  model.add(tf.layers.conv2d({ inputShape: [8, 8, 3], filters: 4, kernelSize: 1, padding: 'same', activation: 'relu' }));\n  model.add(${CONV_3X3});\n  return model;\n}`,
      expect: /tf\.sequential stacks layers one after another and cannot branch/,
    },
    {
      label: "the second branch chained onto the first",
      source: `function buildTwoBranchBlock() {\n${TWO_BRANCH_INPUT}  const b1 = ${CONV_1X1}.apply(inp);\n  const b2 = ${CONV_3X3}.apply(b1);\n  return tf.model({ inputs: inp, outputs: tf.layers.concatenate({ axis: -1 }).apply([b1, b2]) });\n}`,
      expect: /the Conv2D layer "[^"]+" reads conv2d_Conv2D\d+, not the input/,
    },
    {
      label: "merged by addition",
      source: `function buildTwoBranchBlock() {\n${TWO_BRANCH_INPUT}  const b1 = ${CONV_1X1}.apply(inp);\n  const b2 = ${CONV_3X3}.apply(inp);\n  return tf.model({ inputs: inp, outputs: tf.layers.add().apply([b1, b2]) });\n}`,
      expect: /merged by Add; an Inception block concatenates them along the channels/,
    },
    {
      label: "concatenated along the height (axis 1)",
      source: `function buildTwoBranchBlock() {\n${TWO_BRANCH_INPUT}  const b1 = ${CONV_1X1}.apply(inp);\n  const b2 = ${CONV_3X3}.apply(inp);\n  return tf.model({ inputs: inp, outputs: tf.layers.concatenate({ axis: 1 }).apply([b1, b2]) });\n}`,
      expect: /concatenation runs along axis 1.*outputs \[null,16,8,4\], expected \[null,8,8,8\]/s,
    },
    {
      label: "'valid' padding in the 3×3 branch",
      source: `function buildTwoBranchBlock() {\n${TWO_BRANCH_INPUT}  const b1 = ${CONV_1X1}.apply(inp);\n  const b2 = tf.layers.conv2d({ filters: 4, kernelSize: 3, activation: 'relu' }).apply(inp);\n  return tf.model({ inputs: inp, outputs: tf.layers.concatenate().apply([b1, b2]) });\n}`,
      expect: /Line 5: Error: A `Concatenate` layer requires inputs with matching shapes except for the concat axis/,
      status: "error",
    },
  ],
  "forward-pass": [
    {
      label: "squeezes the output",
      source:
        "function forward(x, w1, b1, w2, b2) {\n  const a = tf.relu(tf.add(tf.matMul(x, w1), b1));\n  return tf.squeeze(tf.relu(tf.add(tf.matMul(a, w2), b2)));\n}",
      expect: /received shape \[3\] vs expected \[3,1\]/,
    },
    {
      label: "element-wise product instead of matMul",
      source:
        "function forward(x, w1, b1, w2, b2) {\n  const a = tf.relu(tf.add(tf.mul(x, w1), b1));\n  return tf.relu(tf.add(tf.mul(a, w2), b2));\n}",
      expect: /Line 2: Error: Operands could not be broadcast/,
      status: "error",
    },
    {
      label: "returns a JavaScript array",
      source:
        "function forward(x, w1, b1, w2, b2) {\n  const a = tf.relu(tf.add(tf.matMul(x, w1), b1));\n  return tf.relu(tf.add(tf.matMul(a, w2), b2)).arraySync();\n}",
      expect: /returned a JavaScript array, expected a tf\.Tensor/,
    },
  ],
  "cross-entropy-clip": [
    {
      label: "returns a number",
      source:
        "function crossEntropy(yTrue, yPred) {\n  return tf.neg(tf.mean(tf.mul(yTrue, tf.log(tf.clipByValue(yPred, 1e-10, 1))))).dataSync()[0];\n}",
      expect: /returned a number, expected a tf\.Tensor/,
    },
  ],
  mse: [
    {
      label: "int32 result",
      source: "function mse(yTrue, yPred) {\n  return tf.cast(tf.mean(tf.square(tf.sub(yTrue, yPred))), 'int32');\n}",
      expect: /returned a int32 tensor of shape \[\], expected float32/,
    },
  ],
  "conv-layer": [
    {
      label: "upper-case 'SAME'",
      source:
        "function convLayer(input, filter, biases) {\n  const conv = tf.conv2d(input, filter, [1, 1, 1, 1], 'SAME');\n  return tf.relu(tf.add(conv, biases));\n}",
      expect: /Line 2: Error: Unknown padding parameter: SAME.*lower case/,
      status: "error",
    },
  ],
  "max-pool": [
    {
      label: "TF1-style strides only",
      source: "function maxPool(x) {\n  return tf.maxPool(x, 3, [1, 2, 2, 1], 'same');\n}",
      expect: /strides \/ filterSize as \[height, width\].*\[1, 2, 2, 1\]/,
    },
    {
      label: "zero padding by hand then VALID (fails on all-negative input)",
      source:
        "function maxPool(x) {\n  const padded = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]]);\n  return tf.maxPool(padded, 3, 2, 'valid');\n}",
      expect: /all-negative values/,
    },
  ],
  "exponential-decay": [
    {
      label: "returns a string",
      source:
        "function exponentialDecay(lr, step, steps, rate, staircase) {\n  return (lr * Math.pow(rate, step / steps)).toFixed(4);\n}",
      expect: /returned a string, expected a number or a scalar tf\.Tensor/,
    },
  ],
  "sgd-step": [
    {
      label: "optimizer with the wrong sign of learning rate",
      source:
        "function sgdStep(x, y, w, learningRate) {\n  const v = tf.variable(w);\n  tf.train.sgd(-learningRate).minimize(() => tf.mean(tf.square(tf.sub(tf.matMul(x, v), y))));\n  return v;\n}",
      expect: /gradient is added \(ascent\)/,
    },
  ],
  "xor-network": [
    {
      label: "linear model without a hidden layer",
      source:
        "function trainXor(x, y, maxSteps) {\n  const w = tf.variable(tf.randomNormal([2, 1], 0, 1, 'float32', 3));\n  const b = tf.variable(tf.zeros([1]));\n  const predict = (inputs) => tf.tidy(() => tf.sigmoid(tf.add(tf.matMul(inputs, w), b)));\n  const optimizer = tf.train.adam(0.1);\n  for (let i = 0; i < 200; i++) optimizer.minimize(() => tf.losses.logLoss(y, predict(x)));\n  return predict;\n}",
      expect: /near 0\.5: a linear model/,
    },
    {
      label: "hidden layer without an activation",
      source:
        "function trainXor(x, y, maxSteps) {\n  const w1 = tf.variable(tf.randomNormal([2, 8], 0, 1, 'float32', 1));\n  const w2 = tf.variable(tf.randomNormal([8, 1], 0, 1, 'float32', 2));\n  const b = tf.variable(tf.zeros([1]));\n  const predict = (inputs) => tf.tidy(() => tf.sigmoid(tf.add(tf.matMul(tf.matMul(inputs, w1), w2), b)));\n  const optimizer = tf.train.adam(0.1);\n  for (let i = 0; i < 200; i++) optimizer.minimize(() => tf.losses.logLoss(y, predict(x)));\n  return predict;\n}",
      expect: /of 4 points are wrong/,
    },
    {
      label: "returns predictions instead of a function",
      source: "function trainXor(x, y, maxSteps) {\n  return tf.zeros([4, 1]);\n}",
      expect: /must return a function \(inputs\) => predictions, but returned a tensor/,
    },
    {
      label: "predict returns an array",
      source: "function trainXor(x, y, maxSteps) {\n  return (inputs) => [[0], [1], [1], [0]];\n}",
      expect: /must return a tf\.Tensor, but returned a JavaScript array/,
    },
  ],
  lenet5: [
    {
      label: "padding 'same'",
      source:
        "function buildLeNet5() {\n  const model = tf.sequential();\n  model.add(tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 5, padding: 'same', activation: 'relu' }));\n  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));\n  model.add(tf.layers.conv2d({ filters: 64, kernelSize: 5, padding: 'same', activation: 'relu' }));\n  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));\n  model.add(tf.layers.flatten());\n  model.add(tf.layers.dense({ units: 500, activation: 'relu' }));\n  model.add(tf.layers.dense({ units: 10, activation: 'softmax' }));\n  return model;\n}",
      expect: /layer 1 \(Conv2D\) outputs \[null,28,28,32\], expected \[null,24,24,32\].*default 'valid'/,
    },
    {
      label: "missing flatten",
      source:
        "function buildLeNet5() {\n  const model = tf.sequential();\n  model.add(tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 5, activation: 'relu' }));\n  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));\n  model.add(tf.layers.conv2d({ filters: 64, kernelSize: 5, activation: 'relu' }));\n  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));\n  model.add(tf.layers.dense({ units: 500, activation: 'relu' }));\n  model.add(tf.layers.dense({ units: 10, activation: 'softmax' }));\n  return model;\n}",
      expect: /A Flatten layer is needed/,
    },
    {
      label: "no softmax on the output",
      source:
        "function buildLeNet5() {\n  const model = tf.sequential();\n  model.add(tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 5, activation: 'relu' }));\n  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));\n  model.add(tf.layers.conv2d({ filters: 64, kernelSize: 5, activation: 'relu' }));\n  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));\n  model.add(tf.layers.flatten());\n  model.add(tf.layers.dense({ units: 500, activation: 'relu' }));\n  model.add(tf.layers.dense({ units: 10 }));\n  return model;\n}",
      expect: /needs a softmax activation/,
    },
    {
      label: "3×3 kernels",
      source:
        "function buildLeNet5() {\n  const model = tf.sequential();\n  model.add(tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 3, activation: 'relu' }));\n  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));\n  model.add(tf.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }));\n  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));\n  model.add(tf.layers.flatten());\n  model.add(tf.layers.dense({ units: 500, activation: 'relu' }));\n  model.add(tf.layers.dense({ units: 10, activation: 'softmax' }));\n  return model;\n}",
      expect: /parameters per layer \[320, 0, 18496/,
    },
  ],
};

describe.each(CODE_EXERCISES.map((e) => [e.id, e] as const))("%s", (_id, ex) => {
  it("the reference passes (two seeds)", async () => {
    for (const seed of [1, 2]) {
      const result = await checkSource(ex, ex.reference, tf, { seed });
      expect(result.status, failureText(result)).toBe("pass");
      expect(result.leakedTensors).toBeUndefined();
    }
  });

  it("has at least three wrong solutions that are caught", () => {
    expect(ex.mistakes.length + (EXTRA_WRONG[ex.id]?.length ?? 0)).toBeGreaterThanOrEqual(3);
  });

  it.each(ex.mistakes.map((m) => [m.id, m] as const))("known mistake %s fails and is named", async (_m, mistake) => {
    const result = await checkSource(ex, mistake.source, tf);
    expect(result.status).not.toBe("pass");
    expect(failureText(result)).toContain(`Likely cause: ${mistake.message.en}`);
    expect(result.hints).toEqual(ex.hints);
  });

  it.each((EXTRA_WRONG[ex.id] ?? []).map((w) => [w.label, w] as const))("wrong solution: %s", async (_label, wrong) => {
    const result = await checkSource(ex, wrong.source, tf);
    expect(result.status).toBe(wrong.status ?? "fail");
    expect(failureText(result)).toMatch(wrong.expect);
  });

  it("the unchanged starter is not attempted, even re-indented", async () => {
    expect((await checkSource(ex, ex.starter, tf)).status).toBe("not-attempted");
    expect((await checkSource(ex, `\n  ${ex.starter.replace(/\n/g, "\n    ")}\n`, tf)).status).toBe("not-attempted");
  });

  it("a throwing solution is an error with the learner's line number", async () => {
    const source = `function ${ex.functionName}() {\n  const unused = 1;\n  throw new Error("boom");\n}`;
    const result = await checkSource(ex, source, tf);
    expect(result.status).toBe("error");
    const text = failureText(result);
    expect(text).toContain("Line 3: Error: boom");
    expect(text).not.toMatch(/node_modules|run-checks|\.ts:\d/);
  });
});

describe("cross-cutting behaviour", () => {
  it("names the case, the shapes and the largest difference with its index", async () => {
    const result = await checkSource(
      exercise("cross-entropy-clip"),
      exercise("cross-entropy-clip").mistakes[0]?.source ?? "",
      tf,
    );
    const zeroCase = result.cases.find((c) => c.name.startsWith("zeros in yPred"));
    expect(zeroCase?.status).toBe("fail");
    expect(zeroCase?.message).toMatch(
      /^"zeros in yPred.*shape \[\] ok.*largest absolute difference .* at \[\].*received (NaN|-?Infinity).*1e-10/,
    );
  });

  it("reports leaked tensors as a note suggesting tf.tidy, not a failure", async () => {
    const leaky =
      "function mse(yTrue, yPred) {\n  const diff = tf.sub(yTrue, yPred);\n  const squared = tf.square(diff);\n  return tf.mean(squared);\n}";
    const before = tf.memory().numTensors;
    const result = await checkSource(exercise("mse"), leaky, tf);
    expect(result.status).toBe("pass");
    expect(result.leakedTensors).toBe(8);
    expect(result.notes?.join(" ")).toContain("tf.tidy");
    // The checker's own scope frees the leak, so a reused worker does not grow.
    expect(tf.memory().numTensors).toBe(before);
  });

  it("captures console output, tensor.print() included, and caps it", async () => {
    const chatty =
      "function mse(yTrue, yPred) {\n  console.log('shapes', yTrue.shape);\n  yTrue.print();\n  for (let i = 0; i < 500; i++) console.log('line', i);\n  return tf.tidy(() => tf.mean(tf.square(tf.sub(yTrue, yPred))));\n}";
    const result = await checkSource(exercise("mse"), chatty, tf);
    expect(result.status).toBe("pass");
    expect(result.output).toContain("shapes [4,1]");
    expect(result.output).toContain("Tensor");
    expect(result.output?.length).toBeLessThanOrEqual(2100);
    expect(result.output).toContain("output truncated");
    expect(result.notes).toContain("Console output was truncated.");
  });

  it("reports a syntax error with its line", async () => {
    const result = await checkSource(
      exercise("mse"),
      "function mse(yTrue, yPred) {\n  const a = ;\n  return a;\n}",
      tf,
    );
    expect(result.status).toBe("error");
    expect(result.error).toMatch(/^Line 2: SyntaxError: Unexpected token ';'/);
  });

  it("reports a missing function by name", async () => {
    const result = await checkSource(
      exercise("mse"),
      "function meanSquared(a, b) {\n  return tf.mean(tf.square(tf.sub(a, b)));\n}",
      tf,
    );
    expect(result.status).toBe("error");
    expect(result.error).toContain("No function named `mse`");
  });

  it("reports an error at the top level of the learner's code with its line", async () => {
    const result = await checkSource(
      exercise("mse"),
      "const k = 2;\nundefinedThing();\nfunction mse(a, b) { return a; }",
      tf,
    );
    expect(result.error).toBe("Line 2: ReferenceError: undefinedThing is not defined");
  });

  it("accepts equivalent solutions (tfjs loss helpers, optimizers, async)", async () => {
    const accepted: [string, string][] = [
      ["mse", "function mse(a, b) {\n  return tf.losses.meanSquaredError(a, b);\n}"],
      [
        "softmax-cross-entropy",
        "function softmaxCrossEntropyWithLogits(labels, logits) {\n  return tf.losses.softmaxCrossEntropy(labels, logits, undefined, undefined, tf.Reduction.NONE);\n}",
      ],
      [
        "sgd-step",
        "function sgdStep(x, y, w, learningRate) {\n  const v = tf.variable(w.clone());\n  tf.train.sgd(learningRate).minimize(() => tf.mean(tf.square(tf.sub(tf.matMul(x, v), y))));\n  return v;\n}",
      ],
      [
        "exponential-decay",
        "function exponentialDecay(lr, step, steps, rate, staircase = false) {\n  const p = tf.scalar(staircase ? Math.floor(step / steps) : step / steps);\n  return tf.mul(lr, tf.pow(rate, p));\n}",
      ],
      [
        "l2-regularized-loss",
        "async function regularizedLoss(yTrue, yPred, w, lambda) {\n  return tf.add(tf.losses.meanSquaredError(yTrue, yPred), tf.div(tf.regularizers.l2({ l2: lambda }).apply(w), 2));\n}",
      ],
      ["max-pool", "const maxPool = (x) => tf.maxPool(x, [3, 3], [2, 2], 'same');"],
    ];
    for (const [id, source] of accepted) {
      const result = await checkSource(exercise(id), source, tf);
      expect(result.status, `${id}: ${failureText(result)}`).toBe("pass");
    }
  });

  it("a wrong max-pool with TF1 arrays points at the strides", async () => {
    const result = await checkSource(
      exercise("max-pool"),
      "function maxPool(x) {\n  return tf.maxPool(x, [1, 3, 3, 1], [1, 2, 2, 1], 'same');\n}",
      tf,
    );
    expect(result.status).toBe("fail");
    expect(result.cases[0]?.message).toMatch(
      /received shape \[1,7,4,2\] vs expected \[1,4,4,2\].*strides \[1,2,2,1\].*\[height, width\]/,
    );
  });

  it("the L2 exercise names the factor 2 of tf.regularizers.l2", async () => {
    const source =
      "function regularizedLoss(yTrue, yPred, w, lambda) {\n  return tf.add(tf.losses.meanSquaredError(yTrue, yPred), tf.regularizers.l2({ l2: lambda }).apply(w));\n}";
    const result = await checkSource(exercise("l2-regularized-loss"), source, tf);
    expect(result.status).toBe("fail");
    expect(failureText(result)).toContain("factor 2");
  });

  it("messages follow the locale", async () => {
    const result = await checkSource(exercise("mse"), exercise("mse").mistakes[0]?.source ?? "", tf, { locale: "zh" });
    expect(failureText(result)).toContain("用了求和");
  });
});
