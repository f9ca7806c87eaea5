import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FsrsFitter, MIN_FIT_REVIEWS, fetchFitJob, runFsrsFit, startFsrsFit } from "@/lib/server/fsrs-fit";
import { type TestDb, createTestDb } from "../setup/test-db";
import { seedSyntheticLearner } from "../setup/synthetic-learner";
import { fetchCardHistories, fetchLearnerFsrsSettings } from "@/lib/server/fsrs-history";

const NOW = new Date("2026-06-15T10:00:00Z");
const clock = () => NOW;
const EARLIER_WEIGHTS = JSON.stringify(Array.from({ length: 21 }, (_, i) => 0.1 + i / 100));

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(async () => {
  await t.close();
});

async function weightsOf(userId: string) {
  return (await t.db.user.findUniqueOrThrow({ where: { id: userId }, select: { fsrsWeights: true } })).fsrsWeights;
}

describe("the log as FSRS reads it", () => {
  it("holds each card's counted reviews with their exact instants, grades, kinds and durations, in time order", async () => {
    const { reviews } = await seedSyntheticLearner(t.db, "u", {
      seed: 8,
      items: 20,
      reviews: 200,
      now: NOW,
      historyDays: 300,
    });
    const cards = await fetchCardHistories(t.db, "u", await fetchLearnerFsrsSettings(t.db, "u"));
    const read = cards.flatMap((c) => c.reviews.map((r) => [c.itemId, r.order, r.quality, r.kind, r.durationMs]));
    const expected = reviews
      .filter((r) => r.kind === "new" || r.kind === "review" || r.kind === "relearn")
      .map((r) => [r.itemId, r.reviewedAt.getTime(), r.quality, r.kind, r.durationMs])
      .sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : (a[1] as number) - (b[1] as number)));
    expect(read).toEqual(expected);
  });
});

describe("fitting FSRS parameters to the learner's log", () => {
  it("keeps the defaults below the minimum and says so, without calling the fitter", async () => {
    await seedSyntheticLearner(t.db, "few", { seed: 1, items: 30, reviews: 200, now: NOW, historyDays: 200 });
    let called = false;
    const job = await runFsrsFit(t.db, "few", {
      now: clock,
      fitter: () => {
        called = true;
        return Promise.resolve([]);
      },
    });
    expect(called).toBe(false);
    expect(job).toMatchObject({ status: "done", message: "below-minimum" });
    expect(job.reviewCount).toBeLessThan(MIN_FIT_REVIEWS);
    expect(await weightsOf("few")).toBeNull();
  });

  it("counts only reviews FSRS sees: practice re-drills, drills and undone reviews are left out", async () => {
    const { reviews } = await seedSyntheticLearner(t.db, "u", {
      seed: 2,
      items: 60,
      reviews: 900,
      now: NOW,
      historyDays: 400,
    });
    const first = reviews.find((r) => r.kind === "review")!;
    await t.db.reviewLog.update({ where: { id: `u-${first.id}` }, data: { undoneAt: NOW } });
    let seen = 0;
    const job = await runFsrsFit(t.db, "u", {
      now: clock,
      fitter: (items) => {
        seen = items.length;
        return Promise.reject(new Error("stop here"));
      },
    });
    const counted = reviews.filter((r) => r.kind === "new" || r.kind === "review" || r.kind === "relearn").length - 1;
    expect(job.reviewCount).toBe(counted);
    expect(seen).toBeGreaterThan(0);
    expect(seen).toBeLessThan(counted);
  });

  it("leaves the learner's parameters in place when the fitter fails", async () => {
    await seedSyntheticLearner(t.db, "u", { seed: 3, items: 80, reviews: 1200, now: NOW, historyDays: 500 });
    await t.db.user.update({ where: { id: "u" }, data: { fsrsWeights: EARLIER_WEIGHTS } });
    const job = await runFsrsFit(t.db, "u", {
      now: clock,
      fitter: () => Promise.reject(new Error("optimizer blew up")),
    });
    expect(job).toMatchObject({ status: "failed", message: "failed" });
    expect(await weightsOf("u")).toBe(EARLIER_WEIGHTS);
  });

  it("leaves the learner's parameters in place when the fitter returns something that is not 21 numbers", async () => {
    await seedSyntheticLearner(t.db, "u", { seed: 3, items: 80, reviews: 1200, now: NOW, historyDays: 500 });
    await t.db.user.update({ where: { id: "u" }, data: { fsrsWeights: EARLIER_WEIGHTS } });
    const job = await runFsrsFit(t.db, "u", { now: clock, fitter: () => Promise.resolve([1, 2, Number.NaN]) });
    expect(job.status).toBe("failed");
    expect(await weightsOf("u")).toBe(EARLIER_WEIGHTS);
  });

  it("times out on its own deadline, stops the fitter through its progress callback, and keeps the parameters", async () => {
    await seedSyntheticLearner(t.db, "u", { seed: 4, items: 80, reviews: 1200, now: NOW, historyDays: 500 });
    await t.db.user.update({ where: { id: "u" }, data: { fsrsWeights: EARLIER_WEIGHTS } });
    let keepGoing: boolean | null = null;
    let report: (f: number) => boolean = () => true;
    const hanging: FsrsFitter = (_items, onProgress) => {
      report = onProgress;
      return new Promise(() => {});
    };
    const job = await runFsrsFit(t.db, "u", { now: clock, fitter: hanging, deadlineMs: 50 });
    keepGoing = report(0.5);
    expect(job).toMatchObject({ status: "timed-out", message: "timed-out" });
    expect(keepGoing).toBe(false);
    expect(await weightsOf("u")).toBe(EARLIER_WEIGHTS);
  });

  it("writes the fitted parameters on success (the binding's computeParameters) and reports progress 1", async () => {
    await seedSyntheticLearner(t.db, "u", { seed: 5, items: 300, reviews: 3000, now: NOW, historyDays: 900 });
    await seedSyntheticLearner(t.db, "other", { seed: 6, items: 60, reviews: 600, now: NOW, historyDays: 300 });
    const { job: queued, done } = await startFsrsFit(t.db, "u", { now: clock });
    expect(queued.status).toBe("queued");
    const job = await done;
    expect(job).toMatchObject({ status: "done", message: "fitted", progress: 1 });
    const w = JSON.parse((await weightsOf("u"))!) as number[];
    expect(w).toHaveLength(21);
    expect(w.every(Number.isFinite)).toBe(true);
    // Another learner's parameters and job are untouched.
    expect(await weightsOf("other")).toBeNull();
    expect(await fetchFitJob(t.db, "other", NOW)).toBeNull();
  });

  it("reports a job left running past its deadline by an ended process as timed out", async () => {
    await seedSyntheticLearner(t.db, "u", { seed: 7, items: 10, reviews: 50, now: NOW, historyDays: 50 });
    await t.db.fsrsFitJob.create({
      data: { userId: "u", status: "running", startedAt: new Date(NOW.getTime() - 120_000) },
    });
    expect(await fetchFitJob(t.db, "u", NOW)).toMatchObject({ status: "timed-out", message: "timed-out" });
  });
});
