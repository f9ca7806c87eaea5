import { describe, expect, it } from "vitest";
import {
  MAX_CASES,
  MAX_MESSAGE_CHARS,
  randomToken,
  readBackend,
  readCheckResult,
  readResultFor,
} from "@/lib/codecheck/browser/protocol";
import { sandboxHeaders } from "@/lib/codecheck/browser/sandbox-document";

const run = { runId: "r1", nonce: "n1" };
const passing = { status: "pass", cases: [{ id: "a", name: "a", status: "pass", message: "ok" }] };

describe("readResultFor", () => {
  it("accepts a well-formed reply to exactly this run", () => {
    expect(readResultFor({ type: "result", ...run, result: passing }, run)).toEqual(passing);
  });

  it("refuses a reply with another nonce or run id", () => {
    expect(readResultFor({ type: "result", runId: "r1", nonce: "guess", result: passing }, run)).toBeNull();
    expect(readResultFor({ type: "result", runId: "r0", nonce: "n1", result: passing }, run)).toBeNull();
    expect(readResultFor({ type: "result", result: passing }, run)).toBeNull();
  });

  it("refuses a hollow pass: no cases, or a case that did not pass", () => {
    expect(readResultFor({ type: "result", ...run, result: { status: "pass", cases: [] } }, run)).toBeNull();
    const mixed = { status: "pass", cases: [{ name: "a", status: "fail", message: "x" }] };
    expect(readResultFor({ type: "result", ...run, result: mixed }, run)).toBeNull();
  });

  it("refuses unknown statuses and malformed cases", () => {
    expect(readCheckResult({ status: "passed", cases: [] })).toBeNull();
    expect(readCheckResult({ status: "fail", cases: [{ name: "a", status: "ok" }] })).toBeNull();
    expect(readCheckResult("pass")).toBeNull();
  });
});

describe("readBackend", () => {
  it("names the backend a reply reports, and nothing else", () => {
    expect(readBackend({ type: "result", ...run, result: passing, backend: "wasm" })).toBe("wasm");
    expect(readBackend({ type: "ready", bootMs: 1, backend: "cpu" })).toBe("cpu");
    expect(readBackend({ type: "result", ...run, result: passing, backend: "webgl" })).toBeUndefined();
    expect(readBackend({ type: "result", ...run, result: passing })).toBeUndefined();
  });
});

describe("readCheckResult", () => {
  it("caps what the sandbox can make the page show", () => {
    const cases = Array.from({ length: MAX_CASES + 10 }, (_, i) => ({
      name: `c${i}`,
      status: "fail",
      message: "m".repeat(MAX_MESSAGE_CHARS * 2),
    }));
    const read = readCheckResult({ status: "fail", cases, output: "o".repeat(100_000) });
    expect(read?.cases).toHaveLength(MAX_CASES);
    expect(read?.cases[0]?.message.length).toBeLessThan(MAX_MESSAGE_CHARS + 20);
    expect(read?.output?.length).toBeLessThan(5000);
  });
});

describe("randomToken", () => {
  it("is 128 bits of hex and does not repeat", () => {
    const tokens = new Set(Array.from({ length: 100 }, randomToken));
    expect(tokens.size).toBe(100);
    for (const token of tokens) expect(token).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe("sandboxHeaders", () => {
  it("forbids the network, foreign scripts and same-origin access", () => {
    const policy = sandboxHeaders("http://127.0.0.1:3000")["Content-Security-Policy"] ?? "";
    const directives = new Map(
      policy
        .split(";")
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name, values]),
    );
    expect(directives.get("default-src")).toEqual(["'none'"]);
    expect(directives.get("connect-src")).toEqual(["'none'"]);
    // The wasm backend compiles its embedded binary: 'wasm-unsafe-eval', and no source or scheme beyond the host script.
    expect(directives.get("script-src")).toEqual([
      "http://127.0.0.1:3000/sandbox/host.js",
      "'unsafe-eval'",
      "'wasm-unsafe-eval'",
    ]);
    expect(directives.get("worker-src")).toEqual(["blob:"]);
    expect(directives.get("sandbox")).toEqual(["allow-scripts"]);
  });
});
