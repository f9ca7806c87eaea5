import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_INPUT_LENGTH, evaluateExpression, readAnswer, type AnswerExpectation } from "@/lib/answers";
import { HOSTILE_INPUTS } from "../../fixtures/hostile-answers";

function readOk(input: string, expectation: AnswerExpectation = {}) {
  const result = readAnswer(input, expectation);
  if (!result.ok) throw new Error(`"${input}" was refused: ${result.error.en}`);
  return result;
}

function expectRefused(input: string, expectation: AnswerExpectation = {}) {
  const result = readAnswer(input, expectation);
  expect(result.ok, `"${input.slice(0, 60)}" should be refused`).toBe(false);
  if (!result.ok) {
    expect(result.error.zh.length).toBeGreaterThan(0);
    expect(result.error.en.length).toBeGreaterThan(0);
  }
  return result;
}

describe("readAnswer accepts what a person types", () => {
  it.each([
    ["0.75", 0.75],
    ["3/4", 0.75],
    ["75%", 0.75],
    ["1.5e-3", 0.0015],
    ["2*log2(8)", 6],
    ["sqrt(2)", Math.SQRT2],
    ["-3", -3],
    ["(1+2)*3", 9],
    ["2^10", 1024],
    ["ln(e)", 1],
    ["log(e)", 1],
    ["log10(1000)", 3],
    ["log(8, 2)", 3],
    ["pi", Math.PI],
    ["2pi", 2 * Math.PI],
    ["exp(0)", 1],
    ["abs(-2.5)", 2.5],
    ["ceil(2.1) + floor(2.9)", 5],
    ["min(3, 1, 2)", 1],
    ["max(3, 1)", 3],
    ["+4", 4],
    ["50%*2", 1],
    ["（1＋2）×3", 9],
    [" 0.5 ", 0.5],
    ["１/６", 1 / 6],
    ["３／４", 0.75],
    ["（１＋２）＊３", 9],
    ["－０．５", -0.5],
    ["＋４", 4],
    ["0.5。", 0.5],
    ["3/4 。", 0.75],
    ["3。5", 3.5],
    ["2**10", 1024],
    ["2 ** -1", 0.5],
    ["-2**2", -4],
    ["2**3**2", 512],
    ["9,287,712", 9_287_712],
    ["１，０００", 1000],
    ["1,234.5", 1234.5],
    ["1,234e3", 1_234_000],
    ["2*(1,000 + 500)", 3000],
  ])("%s = %d", (input, expected) => {
    expect(readOk(input).value).toBeCloseTo(expected, 12);
  });

  it("shows how the input was read", () => {
    expect(readOk("3/4").interpretedAs).toBe("3/4 = 0.75");
    expect(readOk("75%").interpretedAs).toBe("75% = 0.75");
    expect(readOk("0.75").interpretedAs).toBe("0.75");
    expect(readOk("12 kbps", { unit: "bit/s" }).interpretedAs).toBe("12 kbps = 12000 bit/s");
  });

  it("shows the normalized reading of every accepted spelling", () => {
    expect(readOk("１/６").interpretedAs).toBe("1/6 = 0.166666666667");
    expect(readOk("（３＋１）／８").interpretedAs).toBe("(3 + 1)/8 = 0.5");
    expect(readOk("0.5。").interpretedAs).toBe("0.5");
    expect(readOk("2**10").interpretedAs).toBe("2^10 = 1024");
    expect(readOk("9,287,712").interpretedAs).toBe("9287712");
    expect(readOk("9,287,712 bit/s", { unit: "bit/s" }).interpretedAs).toBe("9287712 bit/s");
  });

  it("converts units to the answer's unit", () => {
    expect(readOk("12 kbps", { unit: "bit/s" }).value).toBe(12000);
    expect(readOk("12000", { unit: "bit/s" }).value).toBe(12000);
    expect(readOk("1.5 Mbps", { unit: "bit/s" }).value).toBe(1_500_000);
    expect(readOk("12000 bit/s", { unit: "bit/s" }).value).toBe(12000);
    expect(readOk("3kHz", { unit: "Hz" }).value).toBe(3000);
    expect(readOk("2.4 MHz", { unit: "Hz" }).value).toBe(2_400_000);
    expect(readOk("2400 baud", { unit: "baud" }).value).toBe(2400);
    expect(readOk("2.4 kBd", { unit: "baud" }).value).toBe(2400);
    expect(readOk("2*6 kbps", { unit: "bit/s" }).value).toBe(12000);
  });

  it("reads B as a byte and b as a bit (1 B = 8 bit), with SI prefixes", () => {
    expect(readOk("9.2877 MB/s", { unit: "bit/s" }).value).toBeCloseTo(74_301_600, 6);
    expect(readOk("9.2877 MB/s", { unit: "bit/s" }).interpretedAs).toBe("9.2877 MB/s = 74301600 bit/s");
    expect(readOk("9.2877 Mb/s", { unit: "bit/s" }).value).toBeCloseTo(9_287_700, 6);
    expect(readOk("1 B/s", { unit: "bit/s" }).value).toBe(8);
    expect(readOk("2 kB/s", { unit: "bit/s" }).value).toBe(16_000);
    expect(readOk("2 KB/s", { unit: "bit/s" }).value).toBe(16_000);
    expect(readOk("2 Kbps", { unit: "bit/s" }).value).toBe(2000);
    expect(readOk("3 GBps", { unit: "bit/s" }).value).toBe(24e9);
    expect(readOk("1 KiB/s", { unit: "bit/s" }).value).toBe(8192);
    expect(readOk("1 MiB/s", { unit: "bit/s" }).value).toBe(8 * 2 ** 20);
    expect(readOk("4 字节/秒", { unit: "bit/s" }).value).toBe(32);
    expect(readOk("1 bytes/s", { unit: "bit/s" }).value).toBe(8);
    fc.assert(
      fc.property(fc.double({ min: 1e-3, max: 1e6, noNaN: true }), fc.constantFrom("", "k", "K", "M", "G"), (x, p) => {
        const bytes = readOk(`${x} ${p}B/s`, { unit: "bit/s" }).value as number;
        const bits = readOk(`${x} ${p}b/s`, { unit: "bit/s" }).value as number;
        expect(bytes).toBeCloseTo(8 * bits, 6);
      }),
      { numRuns: 100 },
    );
  });

  it("reads a unit typed in the wrong case when only one unit fits", () => {
    expect(readOk("3 KHZ", { unit: "Hz" }).value).toBe(3000);
    expect(readOk("3 khz", { unit: "Hz" }).interpretedAs).toBe("3 kHz = 3000 Hz");
    expect(readOk("2 mbit/s", { unit: "bit/s" }).value).toBe(2e6);
    expect(readOk("2 BYTES/S", { unit: "bit/s" }).value).toBe(16);
  });

  it.each([
    ["9.2877 mb/s", "Mb/s", "MB/s"],
    ["5 MBPS", "Mbps", "MBps"],
    ["5 KBPS", "kbps", "kBps"],
    ["1 gb/s", "Gb/s", "GB/s"],
    ["1 mB/s", "Mb/s", "MB/s"],
    ["2 BPS", "bps", "Bps"],
  ])("refuses %s, whose case leaves bit or byte open, naming both", (input, bit, byte) => {
    const result = expectRefused(input, { unit: "bit/s" });
    if (result.ok) return;
    for (const text of [result.error.en, result.error.zh]) {
      expect(text).toContain(bit);
      expect(text).toContain(byte);
      expect(text).toContain("1 B = 8 bit");
    }
  });

  it("refuses units of another dimension, and units where none apply", () => {
    expectRefused("3 kHz", { unit: "bit/s" });
    expectRefused("12 kbps");
  });

  it("reads vectors only when the answer is a vector", () => {
    expect(readOk("[0.2, 0.3, 0.5]", { vectorLength: 3 }).value).toEqual([0.2, 0.3, 0.5]);
    expect(readOk("0.2, 0.3, 0.5", { vectorLength: 3 }).value).toEqual([0.2, 0.3, 0.5]);
    expect(readOk("[1/5，3/10，max(0, 1/2)]", { vectorLength: 3 }).value).toEqual([0.2, 0.3, 0.5]);
    expectRefused("[0.2, 0.3]", { vectorLength: 3 });
    expectRefused("[0.2, 0.3, 0.5]");
    expectRefused("0.2, 0.3, 0.5");
  });

  it("reads thousands separators only in well-formed groups of three", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: Number.MAX_SAFE_INTEGER }), (n) => {
        expect(readOk(n.toLocaleString("en-US")).value).toBe(n);
      }),
      { numRuns: 300 },
    );
    for (const malformed of ["9,28,7712", "12,34", "1,2345", "1,234,5", "0,500", ",500", "1,000,", "9,287,712,"]) {
      expectRefused(malformed);
    }
  });

  it("keeps commas as separators inside calls and lists", () => {
    expect(readOk("min(3,100)").value).toBe(3);
    expect(readOk("[1,000, 2]", { vectorLength: 3 }).value).toEqual([1, 0, 2]);
    expect(readOk("[0.2,0.3,0.5]", { vectorLength: 3 }).value).toEqual([0.2, 0.3, 0.5]);
  });

  it.each([
    ["0,5", "0.5", "[0, 5]"],
    ["3,14", "3.14", "[3, 14]"],
    ["-0,25", "0.25", "[0, 25]"],
    ["0，5", "0.5", "[0, 5]"],
    ["1,5 kbps", "1.5", "[1, 5]"],
  ])("asks whether a decimal comma or a list was meant: %s", (input, decimal, list) => {
    const result = expectRefused(input, input.includes("kbps") ? { unit: "bit/s" } : {});
    if (result.ok) return;
    for (const text of [result.error.en, result.error.zh]) {
      expect(text).toContain(decimal);
      expect(text).toContain(list);
    }
  });

  it("reads a comma between digits as a separator in a list, and says so when the count is off", () => {
    expect(readOk("0,5", { vectorLength: 2 }).value).toEqual([0, 5]);
    const result = expectRefused("[0,5, 0,3]", { vectorLength: 2 });
    if (!result.ok) {
      expect(result.error.en).toMatch(/got 4.*"0,5" counts as two/);
      expect(result.error.zh).toContain("「0,5」算作两个数");
    }
  });

  it("reads full-width digits and operators as their ASCII forms", () => {
    const toFullWidth = (text: string) =>
      text.replace(/[!-~]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));
    fc.assert(
      fc.property(fc.integer({ min: -1e6, max: 1e6 }), fc.integer({ min: 1, max: 1e6 }), (a, b) => {
        const ascii = `(${a})/${b}*1.5`;
        expect(readOk(toFullWidth(ascii))).toEqual(readOk(ascii));
      }),
      { numRuns: 200 },
    );
  });

  it("reads Python's ** as ^", () => {
    fc.assert(
      fc.property(fc.integer({ min: -9, max: 9 }), fc.integer({ min: -5, max: 5 }), (a, b) => {
        fc.pre(a !== 0 || b >= 0);
        expect(readOk(`${a}**${b}`)).toEqual(readOk(`${a}^${b}`));
      }),
      { numRuns: 200 },
    );
  });

  it("reads any finite double written by String() back exactly", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        expect(readOk(String(x)).value).toBe(Object.is(x, -0) ? 0 : x);
      }),
      { numRuns: 500 },
    );
  });

  it("reads integer fractions as their quotient", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e6, max: 1e6 }), fc.integer({ min: 1, max: 1e6 }), (a, b) => {
        expect(readOk(`${a}/${b}`).value).toBe(a / b === 0 ? 0 : a / b);
      }),
      { numRuns: 300 },
    );
  });

  it("reads the activations the exercises use: tanh, sigmoid, ReLU", () => {
    expect(readOk("tanh(0.5)").value).toBe(Math.tanh(0.5));
    expect(readOk("sigmoid(-2)").value).toBeCloseTo(1 / (1 + Math.exp(2)), 15);
    expect(readOk("relu(-2) + ReLU(3)").value).toBe(3);
    expect(readOk("ReLU(-2)").interpretedAs).toBe("relu(-2) = 0");
    expectRefused("tanh(1, 2)");
    expectRefused("sigmoid()");
  });
});

describe("readAnswer refuses hostile input", () => {
  it.each(
    HOSTILE_INPUTS.map((input) => [
      input.length > 40 ? `${input.slice(0, 20)}… (${input.length} chars)` : input,
      input,
    ]),
  )("refuses %s with a message", (_label, input) => {
    expectRefused(input);
  });

  it("refuses too-long input before parsing it", () => {
    const result = expectRefused("1+".repeat(MAX_INPUT_LENGTH));
    if (!result.ok) expect(result.error.en).toMatch(/too long/);
  });

  it("refuses deep nesting before parsing it, full-width brackets too", () => {
    for (const [open, close] of [
      ["(", ")"],
      ["（", "）"],
      ["［", "］"],
    ]) {
      const result = expectRefused(`${(open ?? "").repeat(30)}1${(close ?? "").repeat(30)}`);
      if (!result.ok) expect(result.error.en).toMatch(/Brackets are nested too deeply/);
    }
    expect(() => evaluateExpression(`${"（".repeat(25)}1${"）".repeat(25)}`)).toThrow(/nested too deeply/);
  });

  it("refuses the whole corpus, in vector and unit mode too (its speed is measured by bench:exercises)", () => {
    for (const input of HOSTILE_INPUTS) {
      expect(readAnswer(input).ok).toBe(false);
      expect(readAnswer(input, { vectorLength: 3 }).ok, input.slice(0, 40)).toBe(false);
      expect(readAnswer(input, { unit: "bit/s" }).ok).toBe(false);
    }
  });

  it("leaves no trace: a refused createUnit/import does not define anything", () => {
    expectRefused('createUnit("x")');
    expectRefused("import({x: 1}, {override: true})");
    expectRefused("1 x");
    expectRefused("x");
  });

  it("never reaches mathjs evaluation: lib/answers builds a mathjs instance of parse alone", () => {
    const dir = path.resolve(import.meta.dirname, "../../../lib/answers");
    const allowed = new Set(["create", "parseDependencies", "MathNode"]);
    let creates = 0;
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".ts"))) {
      const source = readFileSync(path.join(dir, file), "utf8");
      expect(source, `${file} imports mathjs as a whole`).not.toMatch(/import\s+\*\s+as\s+\w+\s+from\s+"mathjs/);
      for (const m of source.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}\s+from\s+"mathjs(?:\/number)?"/g)) {
        const names = (m[1] ?? "")
          .split(",")
          .map((s) => s.trim().replace(/^type\s+/, ""))
          .filter(Boolean);
        expect(
          names.every((n) => allowed.has(n)),
          `${file}: ${names.join(", ")}`,
        ).toBe(true);
      }
      for (const m of source.matchAll(/\bcreate\s*\(([^)]*)\)/g)) {
        expect(m[1], `${file}: ${m[0]}`).toMatch(/^\s*\{\s*parseDependencies\s*\}\s*(?:,|$)/);
        creates++;
      }
      expect(source).not.toMatch(/\bevaluate\s*\(|\.compile\s*\(|\bimport\s*\(/);
    }
    expect(creates).toBe(1);
  });
});
