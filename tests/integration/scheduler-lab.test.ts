import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fetchSchedulerLab, startSchedulerLabComputation } from "@/lib/server/scheduler-lab";
import { WORKLOAD_RETENTIONS } from "@/lib/srs/scheduler-lab";
import { type TestDb, createTestDb } from "../setup/test-db";
import { seedSyntheticLearner } from "../setup/synthetic-learner";

const NOW = new Date("2026-06-15T10:00:00Z");
const deps = { now: () => NOW };

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(async () => {
  await t.close();
});

describe("the scheduler lab's data on a seeded synthetic learner", () => {
  it("is computed in the background, then read from the cache until the next review", async () => {
    await seedSyntheticLearner(t.db, "u", { seed: 11, items: 400, reviews: 4000, now: NOW, historyDays: 900 });
    await t.db.user.update({ where: { id: "u" }, data: { newPerDay: 10, scheduler: "fsrs", desiredRetention: 0.88 } });

    const first = await fetchSchedulerLab(t.db, "u", deps);
    expect(first).toMatchObject({
      status: "computing",
      figures: null,
      current: { scheduler: "fsrs", desiredRetention: 0.88 },
    });
    await startSchedulerLabComputation(t.db, "u", deps);

    const ready = await fetchSchedulerLab(t.db, "u", deps);
    expect(ready.status).toBe("ready");
    const f = ready.figures!;
    expect(f.weightsSource).toBe("default");
    expect(f.cardCount).toBe(400);
    // Calibration: both schedulers scored on the same reviews, none of them in the first split's training part.
    expect(f.calibration).not.toBeNull();
    const { fsrs, sm2 } = f.calibration!;
    expect(fsrs.reviewsScored).toBe(sm2.reviewsScored);
    expect(fsrs.reviewsScored).toBeGreaterThan(0);
    expect(fsrs.reviewsScored).toBeLessThan(f.reviewCount);
    // The learner's memory is FSRS's model: FSRS predicts it better than SM-2's 0.9^(t/I).
    expect(fsrs.logLoss).toBeLessThan(sm2.logLoss);
    expect(fsrs.rmseBins).toBeLessThan(sm2.rmseBins);
    // Workload: every sampled retention plus the learner's own, more reviews the higher it is.
    expect(f.workload.fsrs.map((p) => p.retention)).toEqual([
      ...WORKLOAD_RETENTIONS.slice(0, 4),
      0.88,
      ...WORKLOAD_RETENTIONS.slice(4),
    ]);
    const perDay = f.workload.fsrs.map((p) => p.reviewsPerDay);
    expect([...perDay].sort((a, b) => a - b)).toEqual(perDay);
    expect(f.workload.sm2.retention).toBeGreaterThan(0.7);
    expect(f.workload.sm2.retention).toBeLessThan(1);
    expect(f.workload).toMatchObject({ days: 365, deckSize: 400, learnLimitPerDay: 10, seed: 42 });

    // Read again: the same cached figures.
    expect((await fetchSchedulerLab(t.db, "u", deps)).figures).toEqual(f);

    // A new review makes them stale.
    await t.db.reviewLog.create({
      data: {
        id: "later",
        userId: "u",
        itemId: "card:u-0",
        kind: "review",
        quality: 4,
        reviewedAt: NOW,
        durationMs: 5000,
        repsBefore: 3,
        intervalBefore: 10,
        easeBefore: 2500,
        statusBefore: "active",
        redrillBefore: "none",
        lapsesBefore: 0,
        repsAfter: 4,
        intervalAfter: 25,
        easeAfter: 2500,
      },
    });
    const stale = fetchSchedulerLab(t.db, "u", deps);
    expect((await stale).status).toBe("computing");
    await startSchedulerLabComputation(t.db, "u", deps);
    const again = await fetchSchedulerLab(t.db, "u", deps);
    expect(again.status).toBe("ready");
    expect(again.figures!.reviewCount).toBe(f.reviewCount + 1);
  });

  it("computes each learner's figures from their own log only", async () => {
    await seedSyntheticLearner(t.db, "a", { seed: 12, items: 100, reviews: 800, now: NOW, historyDays: 500 });
    await seedSyntheticLearner(t.db, "b", { seed: 13, items: 40, reviews: 300, now: NOW, historyDays: 300 });
    await startSchedulerLabComputation(t.db, "a", deps);
    await startSchedulerLabComputation(t.db, "b", deps);
    const a = (await fetchSchedulerLab(t.db, "a", deps)).figures!;
    const b = (await fetchSchedulerLab(t.db, "b", deps)).figures!;
    expect(a.cardCount).toBe(100);
    expect(b.cardCount).toBe(40);
    expect(b.workload.deckSize).toBe(40);
  });
});
