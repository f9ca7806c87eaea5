import { afterEach, beforeEach, describe, expect, it } from "vitest";
import enAuth from "@/app/i18n/messages/en/auth.json";
import zhAuth from "@/app/i18n/messages/zh/auth.json";
import { saveSettingsForm } from "@/lib/server/account";
import { fetchReviewSession, gradeItem, undoReview } from "@/lib/server/reviews";
import { DEFAULT_FSRS_PARAMS, fsrsStateFromSm2, previewFsrsReview } from "@/lib/srs/fsrs";
import { NEW_SCHEDULE, type ScheduleState } from "@/lib/srs/schedule";
import { isQuality } from "@/lib/srs/sm2";
import { type TestDb, createTestDb, syncFixtureCards } from "../setup/test-db";

const DAY_MS = 86_400_000;
const DAY0 = new Date("2026-03-02T10:00:00Z");
const onDay = (d: number, minutes = 0) => new Date(DAY0.getTime() + d * DAY_MS + minutes * 60_000);
const LEARNER_DAY = { timeZone: "UTC", dayStartHour: 4 };

let t: TestDb;
let seq = 0;

beforeEach(async () => {
  t = await createTestDb();
  await syncFixtureCards(t.db, DAY0);
});
afterEach(async () => t.close());

async function addLearner(id: string, scheduler: "sm2" | "fsrs"): Promise<string> {
  await t.db.user.create({ data: { id, email: `${id}@example.test`, name: id, scheduler, ...LEARNER_DAY } });
  return id;
}

/** Grades the head of the queue at `now`; null when the queue is empty. */
async function gradeHead(userId: string, quality: number, now: Date) {
  const session = await fetchReviewSession(t.db, userId, now);
  const c = session.current;
  if (!c) return null;
  const result = await gradeItem(
    t.db,
    userId,
    { reviewId: `r-${++seq}`, itemId: c.itemId, quality, expectedVersion: c.version, durationMs: 1000 },
    now,
  );
  return { shown: c, result };
}

/** Grades the queue at `now` with `grades` in turn until it is empty or the grades run out. */
async function gradeQueue(userId: string, now: Date, grades: readonly number[]) {
  const done = [];
  for (const q of grades) {
    const graded = await gradeHead(userId, q, now);
    if (!graded) break;
    done.push(graded);
  }
  return done;
}

function settingsForm(fields: Record<string, string>): FormData {
  const form = new FormData();
  const all = { locale: "en", timeZone: "UTC", dayStartHour: "4", newPerDay: "20", maxReviewsPerDay: "200", ...fields };
  for (const [k, v] of Object.entries(all)) form.set(k, v);
  return form;
}

const states = (userId: string) => t.db.itemState.findMany({ where: { userId }, orderBy: { itemId: "asc" } });
const logs = (userId: string) =>
  t.db.reviewLog.findMany({ where: { userId }, orderBy: [{ reviewedAt: "asc" }, { id: "asc" }] });

/**
 * The memory state live FSRS grading would have reached on the same log
 * (the pure preview, not the switch's replay): every row not undone, in
 * time order, practice rows included (they change nothing under FSRS).
 */
async function liveFsrsMemory(userId: string, itemId: string) {
  let state: ScheduleState = NEW_SCHEDULE;
  for (const row of await logs(userId)) {
    if (row.itemId !== itemId || row.undoneAt !== null || !isQuality(row.quality)) continue;
    const outcome = previewFsrsReview(state, row.reviewedAt, LEARNER_DAY, DEFAULT_FSRS_PARAMS)[row.quality];
    expect(outcome.kind).toBe(row.kind);
    state = outcome.next;
  }
  return { stability: state.stability, difficulty: state.difficulty };
}

describe("the same day under both schedulers", () => {
  it("previews and grades with each learner's scheduler; FSRS rows record it and the memory state", async () => {
    const sm2 = await addLearner("sm2-learner", "sm2");
    const fsrs = await addLearner("fsrs-learner", "fsrs");
    const [a, f] = await Promise.all([fetchReviewSession(t.db, sm2, DAY0), fetchReviewSession(t.db, fsrs, DAY0)]);
    expect(a.current?.itemId).toBe(f.current?.itemId);
    // SM-2: 1 day for any pass of a new item; FSRS-6 defaults: 2, 3 and 8 days for Hard, Good and Easy.
    expect(a.current?.options.map((o) => o.intervalDays)).toEqual([0, 0, 0, 1, 1, 1]);
    expect(f.current?.options.map((o) => o.intervalDays)).toEqual([0, 0, 0, 2, 3, 8]);
    expect(f.current?.options.map((o) => o.againToday)).toEqual([true, true, true, true, false, false]);

    const grades = [4, 5, 3, 1];
    const gradedA = await gradeQueue(sm2, DAY0, grades);
    const gradedF = await gradeQueue(fsrs, DAY0, grades);
    expect(gradedF.map((g) => g.shown.itemId)).toEqual(gradedA.map((g) => g.shown.itemId));
    // What the buttons said is what grading stored.
    gradedF.forEach(({ shown, result }, i) => {
      const option = shown.options[grades[i] ?? 0];
      expect([result.intervalDays, result.dueAt]).toEqual([option?.intervalDays, option?.dueAt]);
    });

    const rowsA = await logs(sm2);
    const rowsF = await logs(fsrs);
    expect(rowsA.map((r) => [r.scheduler, r.stabilityAfter, r.difficultyAfter])).toEqual(
      grades.map(() => ["sm2", null, null]),
    );
    expect(rowsA.map((r) => r.intervalAfter)).toEqual([1, 1, 1, 0]);
    // ts-fsrs's first-review memory states (FSRS-6.test.ts 'first repeat') for Good, Easy, Hard and Again.
    expect(
      rowsF.map((r) => [r.scheduler, r.kind, r.stabilityBefore, r.stabilityAfter, r.difficultyAfter, r.intervalAfter]),
    ).toEqual([
      ["fsrs", "new", null, 2.3065, 2.11810397, 3],
      ["fsrs", "new", null, 8.2956, 1, 8],
      ["fsrs", "new", null, 1.2931, 5.11217071, 2],
      ["fsrs", "new", null, 0.212, 6.4133, 0],
    ]);
    const stored = await states(fsrs);
    for (const row of rowsF) {
      const state = stored.find((s) => s.itemId === row.itemId);
      expect([state?.stability, state?.difficulty, state?.intervalDays]).toEqual([
        row.stabilityAfter,
        row.difficultyAfter,
        row.intervalAfter,
      ]);
    }

    // Today's re-drills work the same under both: the failed card is relearned, the q = 3 card practised.
    const later = onDay(0, 30);
    const redrillA = await gradeQueue(sm2, later, [4, 4]);
    const redrillF = await gradeQueue(fsrs, later, [4, 4]);
    expect(redrillF.map((g) => [g.shown.itemId, g.result.kind])).toEqual(
      redrillA.map((g) => [g.shown.itemId, g.result.kind]),
    );
    expect(redrillF.map((g) => g.result.kind).sort()).toEqual(["practice", "relearn"]);
    const relearned = (await logs(fsrs)).find((r) => r.kind === "relearn");
    // Same day, retrievability 1: a recall keeps the stability the lapse left.
    expect([relearned?.scheduler, relearned?.stabilityBefore, relearned?.stabilityAfter]).toEqual([
      "fsrs",
      0.212,
      0.212,
    ]);
    expect(relearned?.intervalAfter).toBeGreaterThanOrEqual(1);
    expect((await fetchReviewSession(t.db, fsrs, later)).current).toBeNull();
  });
});

describe("switching schedulers", () => {
  it("SM-2 → FSRS replays each item's log (as live FSRS grading would have), seeds the rest from SM-2, and keeps every due date and review", async () => {
    const id = await addLearner("switcher", "sm2");
    await t.db.user.update({ where: { id }, data: { newPerDay: 3 } });
    await gradeQueue(id, onDay(0), [4, 2, 3, 4, 4]);
    await t.db.user.update({ where: { id }, data: { newPerDay: 0 } });
    // A grade undone: not part of the history that is replayed.
    const undone = await gradeHead(id, 5, onDay(1));
    await undoReview(t.db, id, undone?.result.reviewId ?? "", onDay(1, 1));
    await gradeQueue(id, onDay(1, 2), [4, 4, 4]);
    await gradeQueue(id, onDay(7), [5, 4, 1, 4]);
    // The fourth card never reviewed here, given an SM-2 schedule by hand (as a browser reschedule does).
    const unseen = (await states(id)).find((s) => s.status === "new");
    if (!unseen) throw new Error("expected a card left new");
    await t.db.itemState.update({
      where: { userId_itemId: { userId: id, itemId: unseen.itemId } },
      data: { status: "active", intervalDays: 10, easePermille: 2500, repetitions: 3, dueAt: onDay(12) },
    });
    const statesBefore = await states(id);
    const logsBefore = await logs(id);
    expect(logsBefore.some((r) => r.undoneAt !== null)).toBe(true);
    expect(logsBefore.some((r) => r.kind === "practice")).toBe(true);

    const saved = await saveSettingsForm(t.db, id, settingsForm({ scheduler: "fsrs", desiredRetention: "0.9" }));
    expect(saved.ok).toBe(true);

    expect(await logs(id)).toEqual(logsBefore);
    const after = await states(id);
    for (const before of statesBefore) {
      const now = after.find((s) => s.itemId === before.itemId);
      // Only the memory state (and the version) changes: due date, interval, ease and counts stay.
      expect({ ...now, stability: null, difficulty: null, version: 0 }).toEqual({
        ...before,
        stability: null,
        difficulty: null,
        version: 0,
      });
      expect(now?.version).toBe(before.version + 1);
      if (before.itemId === unseen.itemId) {
        const seeded = fsrsStateFromSm2(10, 2500, 0.9);
        expect(now?.stability).toBeCloseTo(10, 9);
        expect(Math.abs((now?.difficulty ?? 0) - 6.9140563)).toBeLessThan(1e-4);
        expect(now?.difficulty).toBe(seeded.difficulty);
      } else {
        expect({ stability: now?.stability, difficulty: now?.difficulty }).toEqual(
          await liveFsrsMemory(id, before.itemId),
        );
      }
    }

    // FSRS grades from here on; then back to SM-2, which continues from FSRS's interval with the ease it kept.
    const fsrsDay = onDay(30);
    const underFsrs = await gradeQueue(id, fsrsDay, [4, 4, 4, 4]);
    expect(underFsrs.length).toBeGreaterThan(0);
    const fsrsRows = (await logs(id)).filter((r) => r.reviewedAt.getTime() === fsrsDay.getTime());
    expect(fsrsRows.every((r) => r.scheduler === "fsrs" && r.stabilityAfter !== null)).toBe(true);
    const afterFsrs = await states(id);
    for (const row of fsrsRows) {
      const ease = (list: typeof afterFsrs) => list.find((s) => s.itemId === row.itemId)?.easePermille;
      expect(ease(afterFsrs)).toBe(ease(statesBefore));
    }

    expect((await saveSettingsForm(t.db, id, settingsForm({ scheduler: "sm2" }))).ok).toBe(true);
    expect(await states(id)).toEqual(afterFsrs);

    const head = (await fetchReviewSession(t.db, id, onDay(400))).current;
    if (!head) throw new Error("expected a due item a year later");
    const before = afterFsrs.find((s) => s.itemId === head.itemId);
    if (!before) throw new Error("no state for the head");
    expect(before.repetitions).toBeGreaterThanOrEqual(2);
    // SM-2 q = 4 keeps the ease; the interval is ceil(previous interval × ease).
    expect(head.options[4]?.intervalDays).toBe(Math.ceil((before.intervalDays * before.easePermille) / 1000));
    await gradeHead(id, 4, onDay(400));
    const last = (await logs(id)).at(-1);
    expect([last?.scheduler, last?.stabilityAfter, last?.difficultyAfter]).toEqual([
      "sm2",
      before.stability,
      before.difficulty,
    ]);
    // Nothing lost across both switches: every grade given is in the log, one row each.
    const totalGrades = 5 + 1 + 3 + 4 + underFsrs.length + 1;
    const allRows = await logs(id);
    expect(allRows.filter((r) => r.kind !== "drill")).toHaveLength(totalGrades);
    expect(new Set(allRows.map((r) => r.id)).size).toBe(totalGrades);
  });

  it("a refused save switches nothing", async () => {
    const id = await addLearner("stays", "sm2");
    await gradeQueue(id, onDay(0), [4, 4]);
    const before = await states(id);
    const refused = await saveSettingsForm(t.db, id, settingsForm({ scheduler: "fsrs", desiredRetention: "0.99" }));
    expect(refused.fieldErrors).toEqual({ desiredRetention: "retentionRange" });
    expect(await states(id)).toEqual(before);
    expect((await t.db.user.findUniqueOrThrow({ where: { id } })).scheduler).toBe("sm2");
  });
});

describe("undo under FSRS", () => {
  it("restores the memory state the grade replaced", async () => {
    const id = await addLearner("undoer", "fsrs");
    const first = await gradeHead(id, 4, onDay(0));
    const itemId = first?.shown.itemId ?? "";
    const afterFirst = await t.db.itemState.findUniqueOrThrow({ where: { userId_itemId: { userId: id, itemId } } });
    expect(afterFirst.stability).toBe(2.3065);
    // Due in 3 days: graded Easy then, then taken back.
    await gradeQueue(id, onDay(0, 5), [4, 4, 4]);
    const second = await gradeHead(id, 5, onDay(3));
    expect(second?.shown.itemId).toBe(itemId);
    const afterSecond = await t.db.itemState.findUniqueOrThrow({ where: { userId_itemId: { userId: id, itemId } } });
    expect(afterSecond.stability).toBeGreaterThan(2.3065);
    await undoReview(t.db, id, second?.result.reviewId ?? "", onDay(3, 1));
    const restored = await t.db.itemState.findUniqueOrThrow({ where: { userId_itemId: { userId: id, itemId } } });
    expect({ ...restored, version: 0 }).toEqual({ ...afterFirst, version: 0 });
    const again = await fetchReviewSession(t.db, id, onDay(3, 2));
    expect(again.current?.itemId).toBe(itemId);
    expect(again.current?.options[5]?.intervalDays).toBe(second?.result.intervalDays);
  });
});

describe("settings refusals", () => {
  it("names the scheduler or the retention field, with a message in each language, and stores nothing", async () => {
    const id = await addLearner("settings", "sm2");
    const stored = await t.db.user.findUniqueOrThrow({ where: { id } });
    const cases: [Record<string, string>, Record<string, string>][] = [
      [{ scheduler: "lstm" }, { scheduler: "scheduler" }],
      [{ scheduler: "" }, { scheduler: "scheduler" }],
      [{ desiredRetention: "0.69" }, { desiredRetention: "retentionRange" }],
      [{ desiredRetention: "0.971" }, { desiredRetention: "retentionRange" }],
      [{ desiredRetention: "ninety" }, { desiredRetention: "number" }],
      [
        { scheduler: "SM2", desiredRetention: "1" },
        { scheduler: "scheduler", desiredRetention: "retentionRange" },
      ],
    ];
    for (const [fields, errors] of cases) {
      const result = await saveSettingsForm(t.db, id, settingsForm(fields));
      expect(result.ok, JSON.stringify(fields)).toBe(false);
      expect(result.fieldErrors).toEqual(errors);
      for (const code of Object.values(errors)) {
        const key = code as keyof typeof enAuth.settings.errors;
        expect(enAuth.settings.errors[key]).toMatch(/\S/);
        expect(zhAuth.settings.errors[key]).toMatch(/\S/);
      }
    }
    expect(await t.db.user.findUniqueOrThrow({ where: { id } })).toEqual(stored);
    const ends = await saveSettingsForm(t.db, id, settingsForm({ scheduler: "fsrs", desiredRetention: "0.97" }));
    expect(ends.ok).toBe(true);
    expect(await t.db.user.findUniqueOrThrow({ where: { id } })).toMatchObject({
      scheduler: "fsrs",
      desiredRetention: 0.97,
    });
    expect((await saveSettingsForm(t.db, id, settingsForm({ desiredRetention: "0.70" }))).ok).toBe(true);
  });
});
