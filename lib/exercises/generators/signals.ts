/**
 * Channel capacity and symbol rates (notes: 部分概念补充 › 7、softmax、信息熵、香农定理).
 * Nyquist (noiseless): C = 2B·log2(L) (Nyquist 1928; Tanenbaum, Computer Networks, §2.1.3).
 * Shannon–Hartley (noisy): C = B·log2(1 + S/N), with S/N = 10^(dB/10) (Shannon 1948; Tanenbaum §2.1.3).
 * Bit rate = baud × bits per symbol, bits per symbol = log2(L) for L signal levels.
 */
import type { Rng } from "../../random";
import { computeLn, computeLog2, computePow } from "../math";
import { fmt, tex, text, withNote, wrong } from "../format";
import type { ExerciseGenerator, GeneratedExercise } from "../types";

const BIT_RATE_UNIT = "bit/s";
const BAUD_UNIT = "baud";
const BANDWIDTHS_HZ = [3000, 3100, 4000, 8000, 20000, 1_000_000, 2_000_000] as const;
const NYQUIST_LEVELS = [2, 3, 4, 5, 8, 10, 16, 32, 64] as const;
const SNR_DB = [0, 3, 10, 15, 20, 30, 40] as const;
/** dB is 10·log10 of a power ratio; 20·log10 applies to amplitudes (voltages). */
const DB_POWER_FACTOR = 10;
const DB_AMPLITUDE_FACTOR = 20;
const BAUD_RATES = [1200, 2400, 4800, 9600, 19200] as const;
const POWER_OF_TWO_LEVELS = [2, 4, 8, 16, 32, 64, 256] as const;

/** A bit rate from baud × bits per symbol is a whole number, so no significant figures are asked for. */
const WHOLE_RATE_NOTE = text(
  "（单位 bit/s；也可以写 kbps、Mbps 等，例如 `9.6 kbps`。）",
  "(Unit bit/s; you may also write kbps, Mbps …, e.g. `9.6 kbps`.)",
);

const RATE_NOTE = text(
  "（单位 bit/s；也可以写 kbps、Mbps 等，例如 `12 kbps`。保留至少 5 位有效数字。）",
  "(Unit bit/s; you may also write kbps, Mbps …, e.g. `12 kbps`. Give at least 5 significant figures.)",
);

function bandwidthText(b: number): string {
  return b >= 1_000_000
    ? `${b / 1_000_000}\\ \\text{MHz}`
    : b >= 1000
      ? `${b / 1000}\\ \\text{kHz}`
      : `${b}\\ \\text{Hz}`;
}

function generateNyquist(rng: Rng): GeneratedExercise {
  const bandwidthHz = rng.pick(BANDWIDTHS_HZ);
  const levels = rng.pick(NYQUIST_LEVELS);
  const bits = computeLog2(levels);
  const value = 2 * bandwidthHz * bits;
  return {
    params: { bandwidthHz, levels },
    prompt: withNote(
      text(
        `一条无噪声信道的带宽 $B = ${bandwidthText(bandwidthHz)}$，信号有 $L = ${levels}$ 个离散电平。按奈奎斯特定理，最大数据率 $C_{\\max}$ 是多少 bit/s？`,
        `A noiseless channel has bandwidth $B = ${bandwidthText(bandwidthHz)}$ and the signal uses $L = ${levels}$ discrete levels. By the Nyquist theorem, what is the maximum data rate $C_{\\max}$ in bit/s?`,
      ),
      RATE_NOTE,
    ),
    answer: { value, unit: BIT_RATE_UNIT, kind: "real" },
    hints: [
      text("无噪声信道每秒最多传 $2B$ 个符号。", "A noiseless channel carries at most $2B$ symbols per second."),
      text("每个符号携带 $\\log_2 L$ 比特。", "Each symbol carries $\\log_2 L$ bits."),
      text("$C_{\\max} = 2B\\log_2 L$", "$C_{\\max} = 2B\\log_2 L$"),
    ],
    solution: [
      text("$C_{\\max} = 2B\\log_2 L$", "$C_{\\max} = 2B\\log_2 L$"),
      text(
        `$= 2 \\times ${bandwidthHz} \\times \\log_2 ${levels} = 2 \\times ${bandwidthHz} \\times ${tex(bits)} = ${tex(value, 8)}$ bit/s`,
        `$= 2 \\times ${bandwidthHz} \\times \\log_2 ${levels} = 2 \\times ${bandwidthHz} \\times ${tex(bits)} = ${tex(value, 8)}$ bit/s`,
      ),
    ],
    wrongAnswers: [
      wrong(
        bandwidthHz * bits,
        "漏了因子 2：无噪声信道每秒最多传 2B 个符号。",
        "You dropped the factor 2: a noiseless channel carries at most 2B symbols per second.",
      ),
      wrong(2 * bandwidthHz * levels, "每个符号的比特数是 log2 L，不是 L。", "Bits per symbol is log2 L, not L."),
      wrong(
        2 * bandwidthHz * computeLn(levels),
        "你用了自然对数 ln；比特要用以 2 为底的对数。",
        "You used the natural log ln; bits need log base 2.",
      ),
    ],
    answerForms: [`2*${bandwidthHz}*log2(${levels})`, `${fmt(value / 1000, 12)} kbps`],
  };
}

function generateShannon(rng: Rng): GeneratedExercise {
  const bandwidthHz = rng.pick(BANDWIDTHS_HZ);
  const snrDb = rng.pick(SNR_DB);
  const snr = computePow(10, snrDb / DB_POWER_FACTOR);
  const value = bandwidthHz * computeLog2(1 + snr);
  return {
    params: { bandwidthHz, snrDb },
    prompt: withNote(
      text(
        `一条信道的带宽 $B = ${bandwidthText(bandwidthHz)}$，信噪比为 $${snrDb}\\ \\text{dB}$。按香农定理，信道容量 $C$ 是多少 bit/s？`,
        `A channel has bandwidth $B = ${bandwidthText(bandwidthHz)}$ and a signal-to-noise ratio of $${snrDb}\\ \\text{dB}$. By the Shannon–Hartley theorem, what is its capacity $C$ in bit/s?`,
      ),
      RATE_NOTE,
    ),
    answer: { value, unit: BIT_RATE_UNIT, kind: "real" },
    hints: [
      text(
        "香农公式里的 $S/N$ 是功率之比，不是分贝数。",
        "The $S/N$ in Shannon's formula is a power ratio, not a number of decibels.",
      ),
      text("$S/N = 10^{\\text{dB}/10}$", "$S/N = 10^{\\text{dB}/10}$"),
      text("$C = B\\log_2(1 + S/N)$", "$C = B\\log_2(1 + S/N)$"),
    ],
    solution: [
      text(`$S/N = 10^{${snrDb}/10} = ${tex(snr)}$`, `$S/N = 10^{${snrDb}/10} = ${tex(snr)}$`),
      text(
        `$C = ${bandwidthHz} \\times \\log_2(1 + ${tex(snr)}) \\approx ${tex(value, 8)}$ bit/s`,
        `$C = ${bandwidthHz} \\times \\log_2(1 + ${tex(snr)}) \\approx ${tex(value, 8)}$ bit/s`,
      ),
    ],
    wrongAnswers: [
      wrong(
        bandwidthHz * computeLog2(1 + snrDb),
        "你把分贝数直接当成了 S/N；要先换算 S/N = 10^(dB/10)。",
        "You used the dB value as S/N; convert first: S/N = 10^(dB/10).",
      ),
      wrong(
        bandwidthHz * computeLn(1 + snr),
        "你用了自然对数 ln；容量以比特计要用 log2。",
        "You used the natural log ln; capacity in bits needs log2.",
      ),
      wrong(
        bandwidthHz * computeLog2(1 + computePow(10, snrDb / DB_AMPLITUDE_FACTOR)),
        "10^(dB/20) 是幅度比；S/N 是功率比，用 10^(dB/10)。",
        "10^(dB/20) is an amplitude ratio; S/N is a power ratio, 10^(dB/10).",
      ),
      wrong(
        2 * bandwidthHz * computeLog2(1 + snr),
        "香农公式里没有因子 2（那是奈奎斯特公式）。",
        "Shannon's formula has no factor 2 (that is Nyquist's).",
      ),
    ],
    answerForms: [`${bandwidthHz}*log2(1 + 10^(${snrDb}/10))`],
  };
}

function generateBitrateBaud(rng: Rng): GeneratedExercise {
  const levels = rng.pick(POWER_OF_TWO_LEVELS);
  const bitsPerSymbol = computeLog2(levels);
  const baudRate = rng.pick(BAUD_RATES);
  const bitRate = baudRate * bitsPerSymbol;
  const hints = [
    text(
      "波特率是每秒传送的符号数；比特率是每秒传送的比特数。",
      "Baud is symbols per second; bit rate is bits per second.",
    ),
    text(`$L$ 个电平的每个符号携带 $\\log_2 L$ 比特。`, `With $L$ levels each symbol carries $\\log_2 L$ bits.`),
    text("比特率 = 波特率 × 每符号比特数", "bit rate = baud × bits per symbol"),
  ];
  if (rng.bool()) {
    return {
      params: { direction: "to-bit-rate", baudRate, levels },
      prompt: withNote(
        text(
          `一个调制解调器的波特率为 $${baudRate}$ baud，每个符号有 $L = ${levels}$ 种电平。它的比特率是多少 bit/s？`,
          `A modem signals at $${baudRate}$ baud and each symbol has $L = ${levels}$ possible levels. What is its bit rate in bit/s?`,
        ),
        WHOLE_RATE_NOTE,
      ),
      answer: { value: bitRate, unit: BIT_RATE_UNIT, kind: "integer" },
      hints,
      solution: [
        text(
          `每符号比特数 $= \\log_2 ${levels} = ${bitsPerSymbol}$`,
          `Bits per symbol $= \\log_2 ${levels} = ${bitsPerSymbol}$`,
        ),
        text(
          `比特率 $= ${baudRate} \\times ${bitsPerSymbol} = ${bitRate}$ bit/s`,
          `Bit rate $= ${baudRate} \\times ${bitsPerSymbol} = ${bitRate}$ bit/s`,
        ),
      ],
      wrongAnswers: [
        wrong(
          baudRate * levels,
          "每个符号携带 log2 L 比特，不是 L 比特。",
          "Each symbol carries log2 L bits, not L bits.",
        ),
        wrong(
          baudRate,
          "你把波特率当成了比特率；只有二电平时两者才相等。",
          "You took the baud rate as the bit rate; they are equal only with two levels.",
        ),
      ],
      answerForms: [`${baudRate}*log2(${levels})`],
    };
  }
  const value = baudRate;
  return {
    params: { direction: "to-baud-rate", bitRate, levels },
    prompt: withNote(
      text(
        `一条线路的比特率为 $${bitRate}$ bit/s，采用 $L = ${levels}$ 电平的调制。它的波特率（每秒符号数）是多少？`,
        `A line carries $${bitRate}$ bit/s using $L = ${levels}$-level modulation. What is its baud rate (symbols per second)?`,
      ),
      text("（单位 baud，也可以写 kBd。）", "(Unit baud; you may also write kBd.)"),
    ),
    answer: { value, unit: BAUD_UNIT, kind: "integer" },
    hints,
    solution: [
      text(
        `每符号比特数 $= \\log_2 ${levels} = ${bitsPerSymbol}$`,
        `Bits per symbol $= \\log_2 ${levels} = ${bitsPerSymbol}$`,
      ),
      text(
        `波特率 $= \\dfrac{${bitRate}}{${bitsPerSymbol}} = ${value}$ baud`,
        `Baud rate $= \\dfrac{${bitRate}}{${bitsPerSymbol}} = ${value}$ baud`,
      ),
    ],
    wrongAnswers: [
      wrong(
        bitRate * bitsPerSymbol,
        "应该用比特率除以每符号比特数，而不是相乘。",
        "Divide the bit rate by the bits per symbol, do not multiply.",
      ),
      wrong(
        bitRate / levels,
        "要除以 log2 L（每符号比特数），不是电平数 L。",
        "Divide by log2 L (bits per symbol), not by the number of levels L.",
      ),
    ],
    answerForms: [`${bitRate}/log2(${levels})`],
  };
}

export const SIGNAL_GENERATORS: ExerciseGenerator[] = [
  {
    info: {
      id: "nyquist-capacity",
      topic: "signals",
      chapter: "concepts",
      title: text("奈奎斯特定理：无噪声信道的最大数据率", "Nyquist: maximum data rate of a noiseless channel"),
      source: "部分概念补充 › 7、softmax、信息熵、香农定理",
    },
    generate: generateNyquist,
  },
  {
    info: {
      id: "shannon-capacity",
      topic: "signals",
      chapter: "concepts",
      title: text("香农定理：有噪声信道的容量", "Shannon–Hartley: capacity of a noisy channel"),
      source: "部分概念补充 › 7、softmax、信息熵、香农定理",
    },
    generate: generateShannon,
  },
  {
    info: {
      id: "bitrate-baud",
      topic: "signals",
      chapter: "concepts",
      title: text("比特率与波特率", "Bit rate and baud rate"),
      source: "部分概念补充 › 7、softmax、信息熵、香农定理",
    },
    generate: generateBitrateBaud,
  },
];
