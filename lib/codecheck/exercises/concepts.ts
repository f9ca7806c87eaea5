/** 部分概念补充 › 8 the recurrent step with its output, and › 10 an Adam step checked against tf.train.adam. */
import { normalTensor, tensorArg, uniformTensor } from "../random";
import type { Bilingual } from "../types";
import { dedent, defineExercise } from "./define";

export const rnnForward = defineExercise({
  id: "rnn-forward",
  title: { zh: "循环神经网络：状态与输出", en: "Recurrent network: states and outputs" },
  topic: "rnn",
  source: "部分概念补充 › 8、循环神经网络",
  original: dedent(`
    # S代表记忆,t为时刻,U、W、v为线性参数,对于所有的节点都是相同的,函数是激活函数
    St = f(U*Xt + W*St-1)
    # 输出
    Ot = softmax(V*St)
  `),
  task: {
    zh: "实现 `rnnForward(xs, s0, U, W, V)`：对序列的每个时刻 t 依次计算 `S_t = tanh(U·X_t + W·S_{t-1})` 和 `O_t = softmax(V·S_t)`（无偏置，`f` 取 tanh），返回所有输出按时刻堆叠成的 `[T, out]` 张量。\n\n- `xs`：`[T, in]`，第 t 行是 `X_t`；`s0`：`[hidden]`，初始状态 `S_0`\n- `U`：`[hidden, in]`，`W`：`[hidden, hidden]`，`V`：`[out, hidden]`，和笔记一样按列向量相乘（`U·X_t`）\n- `U`、`W`、`V` 在所有时刻共享；每一步的状态要传给下一步。",
    en: "Implement `rnnForward(xs, s0, U, W, V)`: for every time step t in turn compute `S_t = tanh(U·X_t + W·S_{t-1})` and `O_t = softmax(V·S_t)` (no biases, `f` = tanh), and return all outputs stacked by time as a `[T, out]` tensor.\n\n- `xs`: `[T, in]`, row t is `X_t`; `s0`: `[hidden]`, the initial state `S_0`\n- `U`: `[hidden, in]`, `W`: `[hidden, hidden]`, `V`: `[out, hidden]`, multiplying column vectors as the notes do (`U·X_t`)\n- `U`, `W` and `V` are shared by all time steps; each step's state feeds the next.",
  },
  functionName: "rnnForward",
  starter: dedent(`
    function rnnForward(xs, s0, U, W, V) {
      // TODO: for each row X_t of xs: S_t = tanh(U·X_t + W·S_{t-1}), O_t = softmax(V·S_t); return the O_t stacked [T, out]
    }
  `),
  hints: [
    {
      zh: "`tf.unstack(xs)` 把序列拆成每个时刻的 `[in]` 向量；`x.reshape([-1, 1])` 变成列向量，才能 `tf.matMul(U, x)`。",
      en: "`tf.unstack(xs)` splits the sequence into one `[in]` vector per step; `x.reshape([-1, 1])` makes it a column so that `tf.matMul(U, x)` works.",
    },
    {
      zh: '状态是"记忆"：用一个变量保存 `S_{t-1}`，每一步算出新的 `S_t` 后覆盖它。',
      en: "The state is the memory: keep `S_{t-1}` in a variable and overwrite it with each new `S_t`.",
    },
    {
      zh: "softmax 作用在每个时刻的 `V·S_t` 上（`out` 个数），不是跨时刻；最后 `tf.stack(outputs)`。",
      en: "The softmax applies to each step's `V·S_t` (`out` numbers), not across time; finish with `tf.stack(outputs)`.",
    },
  ],
  reference: dedent(`
    function rnnForward(xs, s0, U, W, V) {
      return tf.tidy(() => {
        let state = s0.reshape([-1, 1]);
        const outputs = tf.unstack(xs).map((x) => {
          state = tf.tanh(tf.add(tf.matMul(U, x.reshape([-1, 1])), tf.matMul(W, state)));
          return tf.softmax(tf.matMul(V, state).reshape([-1]));
        });
        return tf.stack(outputs);
      });
    }
  `),
  output: "tensor",
  reportLeaks: true,
  mistakes: [
    {
      id: "no-recurrence",
      source:
        "function rnnForward(xs, s0, U, W, V) {\n  return tf.stack(tf.unstack(xs).map((x) => {\n    const s = tf.tanh(tf.matMul(U, x.reshape([-1, 1])));\n    return tf.softmax(tf.matMul(V, s).reshape([-1]));\n  }));\n}\n",
      message: {
        zh: "状态里漏了 W·S_{t-1}：上一时刻的记忆也要参与，S_t = tanh(U·X_t + W·S_{t-1})。",
        en: "the state leaves out W·S_{t-1}: the previous memory takes part, S_t = tanh(U·X_t + W·S_{t-1}).",
      },
    },
    {
      id: "stale-state",
      source:
        "function rnnForward(xs, s0, U, W, V) {\n  const s0c = s0.reshape([-1, 1]);\n  return tf.stack(tf.unstack(xs).map((x) => {\n    const s = tf.tanh(tf.add(tf.matMul(U, x.reshape([-1, 1])), tf.matMul(W, s0c)));\n    return tf.softmax(tf.matMul(V, s).reshape([-1]));\n  }));\n}\n",
      message: {
        zh: "每一步都用了初始状态 S_0：算出的 S_t 要传给下一步，作为新的 S_{t-1}。",
        en: "every step uses the initial state S_0: each S_t must be carried to the next step as its S_{t-1}.",
      },
    },
    {
      id: "no-softmax",
      source:
        "function rnnForward(xs, s0, U, W, V) {\n  let s = s0.reshape([-1, 1]);\n  return tf.stack(tf.unstack(xs).map((x) => {\n    s = tf.tanh(tf.add(tf.matMul(U, x.reshape([-1, 1])), tf.matMul(W, s)));\n    return tf.matMul(V, s).reshape([-1]);\n  }));\n}\n",
      message: {
        zh: "输出缺少 softmax：O_t = softmax(V·S_t)，每个时刻的输出是一个概率分布。",
        en: "the output lacks the softmax: O_t = softmax(V·S_t), a probability distribution at every step.",
      },
    },
    {
      id: "output-before-update",
      source:
        "function rnnForward(xs, s0, U, W, V) {\n  let s = s0.reshape([-1, 1]);\n  return tf.stack(tf.unstack(xs).map((x) => {\n    const o = tf.softmax(tf.matMul(V, s).reshape([-1]));\n    s = tf.tanh(tf.add(tf.matMul(U, x.reshape([-1, 1])), tf.matMul(W, s)));\n    return o;\n  }));\n}\n",
      message: {
        zh: "输出用了上一时刻的状态：先算出 S_t，再用它算 O_t = softmax(V·S_t)。",
        en: "the output uses the previous state: compute S_t first, then O_t = softmax(V·S_t) from it.",
      },
    },
    {
      id: "relu",
      source:
        "function rnnForward(xs, s0, U, W, V) {\n  let s = s0.reshape([-1, 1]);\n  return tf.stack(tf.unstack(xs).map((x) => {\n    s = tf.relu(tf.add(tf.matMul(U, x.reshape([-1, 1])), tf.matMul(W, s)));\n    return tf.softmax(tf.matMul(V, s).reshape([-1]));\n  }));\n}\n",
      message: { zh: "这里的激活函数 f 是 tanh，不是 relu。", en: "the activation f here is tanh, not relu." },
    },
  ],
  sourceHints: [],
  buildCases: (rng) => {
    const step = (name: Bilingual, steps: number, inputs: number, hidden: number, outputs: number, scale = 1) => ({
      name,
      args: [
        normalTensor(rng, [steps, inputs], scale),
        normalTensor(rng, [hidden], 0.5),
        normalTensor(rng, [hidden, inputs], 0.7),
        normalTensor(rng, [hidden, hidden], 0.7),
        normalTensor(rng, [outputs, hidden]),
      ],
    });
    return [
      step({ en: "sequence of 4 steps, in 2, hidden 3, out 2", zh: "4 步的序列，输入 2、隐藏 3、输出 2" }, 4, 2, 3, 2),
      step({ en: "a single step (T = 1)", zh: "只有一步（T = 1）" }, 1, 3, 2, 3),
      step({ en: "6 steps, hidden 4, out 3", zh: "6 步，隐藏 4、输出 3" }, 6, 2, 4, 3),
      step({ en: "large inputs (tanh saturates)", zh: "很大的输入（tanh 饱和）" }, 3, 2, 3, 2, 4),
    ];
  },
});

const ADAM_DEFAULTS = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } as const;

export const adamStep = defineExercise({
  id: "adam-step",
  title: { zh: "Adam 优化器的更新", en: "The Adam update" },
  topic: "optimization",
  source: "部分概念补充 › 10、优化器原理详解",
  original: dedent(`
    optimizer = tf.train.AdamOptimizer(learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-08)
    train_step = optimizer.minimize(loss)
  `),
  originalFrom: {
    en: "The notes' section 10 has only its heading and points to ruder.io; this is TF1's Adam optimizer, whose update the exercise writes out.",
    zh: "笔记第 10 节只有标题，并指向 ruder.io；这里是 TF1 的 Adam 优化器，练习要把它的更新写出来。",
  },
  task: {
    zh: "实现 `adamSteps(theta0, grads, learningRate, beta1, beta2, epsilon)`：从参数 `theta0` 出发，依次用 `grads` 的每一行做一步 Adam 更新，返回最后的参数（形状与 `theta0` 相同）。检查时与 TF.js 的 `tf.train.adam(learningRate, beta1, beta2, epsilon)` 的结果比较。\n\n- `grads`：`[T, ...theta0.shape]`，第 t 行是第 t 步的梯度 `g_t`\n- `m_0 = v_0 = 0`；`m_t = β1·m_{t-1} + (1−β1)·g_t`，`v_t = β2·v_{t-1} + (1−β2)·g_t²`\n- 偏差修正 `m̂_t = m_t / (1 − β1^t)`、`v̂_t = v_t / (1 − β2^t)`（t 从 1 开始），更新 `θ ← θ − lr·m̂_t / (√v̂_t + ε)`（Kingma & Ba 2015，算法 1）\n\n上面 TF1 的 `AdamOptimizer` 用的是论文 2.1 节之前的等价写法，它的 `epsilon` 相当于这里的 ε·√(1 − β2^t)；ε 很小时两者几乎没有差别。",
    en: "Implement `adamSteps(theta0, grads, learningRate, beta1, beta2, epsilon)`: starting from `theta0`, take one Adam step with each row of `grads` in turn and return the final parameter (same shape as `theta0`). The check compares it with TF.js's `tf.train.adam(learningRate, beta1, beta2, epsilon)`.\n\n- `grads`: `[T, ...theta0.shape]`, row t is step t's gradient `g_t`\n- `m_0 = v_0 = 0`; `m_t = β1·m_{t-1} + (1−β1)·g_t`, `v_t = β2·v_{t-1} + (1−β2)·g_t²`\n- bias correction `m̂_t = m_t / (1 − β1^t)`, `v̂_t = v_t / (1 − β2^t)` (t from 1), update `θ ← θ − lr·m̂_t / (√v̂_t + ε)` (Kingma & Ba 2015, Algorithm 1)\n\nTF1's `AdamOptimizer` above uses the paper's equivalent form from just before §2.1, whose `epsilon` stands for ε·√(1 − β2^t) here; for a tiny ε the two barely differ.",
  },
  functionName: "adamSteps",
  starter: dedent(`
    function adamSteps(theta0, grads, learningRate, beta1, beta2, epsilon) {
      // TODO: m = v = 0; for each gradient g_t (t = 1, 2, …): update m, v, correct the bias, step theta
    }
  `),
  hints: [
    {
      zh: "`tf.unstack(grads)` 给出每一步的梯度；用 `tf.zerosLike(theta0)` 初始化 m 和 v。",
      en: "`tf.unstack(grads)` gives one gradient per step; start m and v with `tf.zerosLike(theta0)`.",
    },
    {
      zh: "偏差修正的指数是步数 t（从 1 开始）：`1 - Math.pow(beta1, t)`；ε 加在 `√v̂` 之后，不在根号里。",
      en: "The bias correction's exponent is the step number t (from 1): `1 - Math.pow(beta1, t)`; ε is added after `√v̂`, not inside the root.",
    },
    {
      zh: "也可以直接用 `tf.train.adam`：`tf.variable(theta0)`，每一步 `optimizer.applyGradients({[v.name]: g})`，最后记得 `dispose`。",
      en: "You may also use `tf.train.adam` itself: `tf.variable(theta0)`, then `optimizer.applyGradients({[v.name]: g})` per step; remember to `dispose`.",
    },
  ],
  reference: dedent(`
    function adamSteps(theta0, grads, learningRate, beta1, beta2, epsilon) {
      const theta = tf.variable(theta0);
      const optimizer = tf.train.adam(learningRate, beta1, beta2, epsilon);
      for (const gradient of tf.unstack(grads)) {
        optimizer.applyGradients({ [theta.name]: gradient });
        gradient.dispose();
      }
      const result = theta.clone();
      optimizer.dispose();
      theta.dispose();
      return result;
    }
  `),
  output: "tensor",
  reportLeaks: true,
  mistakes: [
    {
      id: "no-bias-correction",
      source:
        "function adamSteps(theta0, grads, learningRate, beta1, beta2, epsilon) {\n  let theta = theta0, m = tf.zerosLike(theta0), v = tf.zerosLike(theta0);\n  for (const g of tf.unstack(grads)) {\n    m = tf.add(tf.mul(beta1, m), tf.mul(1 - beta1, g));\n    v = tf.add(tf.mul(beta2, v), tf.mul(1 - beta2, tf.square(g)));\n    theta = tf.sub(theta, tf.div(tf.mul(learningRate, m), tf.add(tf.sqrt(v), epsilon)));\n  }\n  return theta;\n}\n",
      message: {
        zh: "没有做偏差修正：m、v 从 0 开始，要除以 1 − β^t（m̂、v̂）再更新。",
        en: "no bias correction: m and v start at 0, so divide them by 1 − β^t (m̂, v̂) before the update.",
      },
    },
    {
      id: "epsilon-inside-root",
      source:
        "function adamSteps(theta0, grads, learningRate, beta1, beta2, epsilon) {\n  let theta = theta0, m = tf.zerosLike(theta0), v = tf.zerosLike(theta0);\n  tf.unstack(grads).forEach((g, i) => {\n    m = tf.add(tf.mul(beta1, m), tf.mul(1 - beta1, g));\n    v = tf.add(tf.mul(beta2, v), tf.mul(1 - beta2, tf.square(g)));\n    const mHat = tf.div(m, 1 - Math.pow(beta1, i + 1));\n    const vHat = tf.div(v, 1 - Math.pow(beta2, i + 1));\n    theta = tf.sub(theta, tf.div(tf.mul(learningRate, mHat), tf.sqrt(tf.add(vHat, epsilon))));\n  });\n  return theta;\n}\n",
      message: {
        zh: "ε 放进了根号里：Adam 的分母是 √v̂ + ε（根号里加 ε 是 RMSprop 的写法）。",
        en: "ε is inside the root: Adam's denominator is √v̂ + ε (ε inside the root is RMSprop's form).",
      },
    },
    {
      id: "swapped-betas",
      source:
        "function adamSteps(theta0, grads, learningRate, beta1, beta2, epsilon) {\n  let theta = theta0, m = tf.zerosLike(theta0), v = tf.zerosLike(theta0);\n  tf.unstack(grads).forEach((g, i) => {\n    m = tf.add(tf.mul(beta2, m), tf.mul(1 - beta2, g));\n    v = tf.add(tf.mul(beta1, v), tf.mul(1 - beta1, tf.square(g)));\n    const mHat = tf.div(m, 1 - Math.pow(beta2, i + 1));\n    const vHat = tf.div(v, 1 - Math.pow(beta1, i + 1));\n    theta = tf.sub(theta, tf.div(tf.mul(learningRate, mHat), tf.add(tf.sqrt(vHat), epsilon)));\n  });\n  return theta;\n}\n",
      message: {
        zh: "β1 和 β2 用反了：一阶矩 m 用 β1，二阶矩 v 用 β2。",
        en: "β1 and β2 are swapped: the first moment m uses β1, the second moment v uses β2.",
      },
    },
    {
      id: "constant-correction",
      source:
        "function adamSteps(theta0, grads, learningRate, beta1, beta2, epsilon) {\n  let theta = theta0, m = tf.zerosLike(theta0), v = tf.zerosLike(theta0);\n  for (const g of tf.unstack(grads)) {\n    m = tf.add(tf.mul(beta1, m), tf.mul(1 - beta1, g));\n    v = tf.add(tf.mul(beta2, v), tf.mul(1 - beta2, tf.square(g)));\n    const mHat = tf.div(m, 1 - beta1);\n    const vHat = tf.div(v, 1 - beta2);\n    theta = tf.sub(theta, tf.div(tf.mul(learningRate, mHat), tf.add(tf.sqrt(vHat), epsilon)));\n  }\n  return theta;\n}\n",
      message: {
        zh: "偏差修正用的是 1 − β，每一步都一样；应为 1 − β^t，t 是步数。",
        en: "the bias correction uses 1 − β at every step; it is 1 − β^t, with t the step number.",
      },
    },
    {
      id: "plain-sgd",
      source:
        "function adamSteps(theta0, grads, learningRate, beta1, beta2, epsilon) {\n  return tf.sub(theta0, tf.mul(learningRate, tf.sum(grads, 0)));\n}\n",
      message: {
        zh: "这是普通梯度下降：Adam 用 m̂ / (√v̂ + ε) 代替梯度本身。",
        en: "that is plain gradient descent: Adam steps along m̂ / (√v̂ + ε), not the raw gradient.",
      },
    },
  ],
  sourceHints: [],
  buildCases: (rng) => [
    {
      name: {
        en: "defaults (0.9, 0.999, 1e-8), lr 0.01, θ [3], 3 steps",
        zh: "默认参数（0.9、0.999、1e-8），学习率 0.01，θ [3]，3 步",
      },
      args: [
        normalTensor(rng, [3]),
        normalTensor(rng, [3, 3]),
        0.01,
        ADAM_DEFAULTS.beta1,
        ADAM_DEFAULTS.beta2,
        ADAM_DEFAULTS.epsilon,
      ],
    },
    {
      name: { en: "one step: bias correction makes it ±lr", zh: "只走一步：偏差修正使更新量为 ±学习率" },
      args: [
        normalTensor(rng, [4]),
        normalTensor(rng, [1, 4]),
        0.1,
        ADAM_DEFAULTS.beta1,
        ADAM_DEFAULTS.beta2,
        ADAM_DEFAULTS.epsilon,
      ],
    },
    {
      name: {
        en: "ε = 0.1 with small gradients (ε outside the root matters)",
        zh: "ε = 0.1、梯度很小（ε 在根号外才有区别）",
      },
      args: [
        normalTensor(rng, [3]),
        uniformTensor(rng, [2, 3], -0.3, 0.3),
        0.1,
        ADAM_DEFAULTS.beta1,
        ADAM_DEFAULTS.beta2,
        0.1,
      ],
    },
    {
      name: { en: "β1 0.8, β2 0.99, matrix θ [2,2], 5 steps", zh: "β1 0.8、β2 0.99，矩阵 θ [2,2]，5 步" },
      args: [normalTensor(rng, [2, 2]), normalTensor(rng, [5, 2, 2]), 0.05, 0.8, 0.99, 1e-7],
    },
    {
      name: { en: "gradient 0 in one coordinate", zh: "某一维的梯度为 0" },
      args: [
        tensorArg([2], [0.5, -0.5]),
        tensorArg([2, 2], [1, 0, -2, 0]),
        0.1,
        ADAM_DEFAULTS.beta1,
        ADAM_DEFAULTS.beta2,
        ADAM_DEFAULTS.epsilon,
      ],
    },
  ],
});
