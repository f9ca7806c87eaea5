import { describe, expect, it } from "vitest";
import { default_w } from "ts-fsrs";
import {
  DEFAULT_SIMULATOR_CONFIG,
  type SimulatorConfig,
  computeFsrsIntervalDays,
  measureSimulatedRetention,
  simulate,
  simulateWorkload,
} from "@/lib/srs/simulate";

const W = [...default_w];
const SMALL: SimulatorConfig = { ...DEFAULT_SIMULATOR_CONFIG, deckSize: 300, learnSpanDays: 120, learnLimitPerDay: 10 };

describe("the workload simulator (fsrs-rs simulate)", () => {
  it("gives identical output for identical seeds", () => {
    const a = simulate(SMALL, W, { kind: "fsrs", desiredRetention: 0.9 }, 42);
    const b = simulate(SMALL, W, { kind: "fsrs", desiredRetention: 0.9 }, 42);
    expect(b).toEqual(a);
    const sm2a = simulate(SMALL, W, { kind: "sm2" }, "learner-1");
    const sm2b = simulate(SMALL, W, { kind: "sm2" }, "learner-1");
    expect(sm2b).toEqual(sm2a);
  });

  it("gives different output for different seeds", () => {
    const a = simulate(SMALL, W, { kind: "fsrs", desiredRetention: 0.9 }, 1);
    const b = simulate(SMALL, W, { kind: "fsrs", desiredRetention: 0.9 }, 2);
    expect(b.reviewsPerDay).not.toEqual(a.reviewsPerDay);
  });

  it("introduces new cards at the learn limit until the deck is used up", () => {
    const r = simulate(SMALL, W, { kind: "fsrs", desiredRetention: 0.9 }, 7);
    expect(r.learnsPerDay.slice(0, 30)).toEqual(new Array(30).fill(10));
    expect(r.learnsPerDay.slice(30).every((n) => n === 0)).toBe(true);
    expect(r.reviewsPerDay[0]).toBe(0);
  });

  it("asks for more reviews the higher the desired retention, and recalls about as often as asked", () => {
    const config = { ...SMALL, deckSize: 2000, learnSpanDays: 200, learnLimitPerDay: 20 };
    const { fsrs } = simulateWorkload(config, W, [0.7, 0.8, 0.9, 0.97], 3);
    const perDay = fsrs.map((p) => p.reviewsPerDay);
    expect([...perDay].sort((x, y) => x - y)).toEqual(perDay);
    const at90 = simulate(config, W, { kind: "fsrs", desiredRetention: 0.9 }, 3);
    expect(measureSimulatedRetention(at90)).toBeGreaterThan(0.85);
    expect(measureSimulatedRetention(at90)).toBeLessThan(0.95);
  });

  it("schedules FSRS's interval where the forgetting curve meets the desired retention", () => {
    // FSRS-6: at R = 0.9 the interval equals the stability.
    expect(computeFsrsIntervalDays(W, 10, 0.9)).toBeCloseTo(10, 10);
    expect(computeFsrsIntervalDays(W, 10, 0.8)).toBeGreaterThan(10);
  });

  it("refuses parameters that are not FSRS-6's 21", () => {
    expect(() => simulate(SMALL, W.slice(0, 19), { kind: "sm2" }, 1)).toThrow(/21 finite FSRS-6 parameters/);
    expect(() => simulate(SMALL, W, { kind: "fsrs", desiredRetention: 1.2 }, 1)).toThrow(/desiredRetention/);
  });
});
