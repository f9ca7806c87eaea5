/**
 * Realistic wrong solutions beyond each exercise's known mistakes, with what
 * the English message must say: the exercises' tests run them, and the
 * Chinese-messages test runs them again in zh.
 */
export interface WrongSolution {
  label: string;
  source: string;
  expect: RegExp;
  status?: "fail" | "error";
}

const TWO_BRANCH_INPUT = "  const inp = tf.input({ shape: [8, 8, 3] });\n";
const CONV_1X1 = "tf.layers.conv2d({ filters: 4, kernelSize: 1, padding: 'same', activation: 'relu' })";
const CONV_3X3 = "tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' })";

export const EXTRA_WRONG: Record<string, WrongSolution[]> = {
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
      expect: /Line 4: `Error: Error in matMul: inner shapes \(2\) and \(3\)/,
      status: "error",
    },
  ],
  "adam-step": [
    {
      label: "tf.train.adam without the given ε (tfjs's default is used)",
      source:
        "function adamSteps(theta0, grads, learningRate, beta1, beta2, epsilon) {\n  const theta = tf.variable(theta0);\n  const optimizer = tf.train.adam(learningRate, beta1, beta2);\n  for (const g of tf.unstack(grads)) optimizer.applyGradients({ [theta.name]: g });\n  return theta;\n}",
      expect: /ε = 0\.1 with small gradients[^\n]*: shape \[3\] ok, but 3 of 3 value\(s\) differ/,
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
      expect: /Line 5: ``Error: A `Concatenate` layer requires inputs with matching shapes except for the concat axis/,
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
      expect: /Line 2: `Error: Operands could not be broadcast/,
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
      expect: /Line 2: `Error: Unknown padding parameter: SAME`\ntfjs spells padding in lower case/,
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
      expect: /all-negative values \(padding must not act as 0\): shape \[1,3,3,1\] ok/,
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
      expect: /must return a function `\(inputs\) => predictions`, but returned a tensor/,
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
