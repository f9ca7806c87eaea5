import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadDecks } from "@/lib/content/deck";
import { syncItems } from "@/lib/server/content-store";
import { createDb } from "@/lib/server/db";
import { DomainError, InvalidInputError, NotFoundError, StaleStateError } from "@/lib/server/errors";
import { type GradeInput, fetchDueToday, fetchReviewSession, gradeItem, undoReview } from "@/lib/server/reviews";
import { ensureLocalLearner, raiseNewLimitToday } from "@/lib/server/users";
import { TEST_ENGINE, type TestDb, createTestDb, fixtureDeckInputs, syncFixtureCards } from "../setup/test-db";

const MONDAY_10 = new Date("2026-03-02T10:00:00Z");
const TUESDAY_05 = new Date("2026-03-03T05:00:00Z");

let t: TestDb;
let userId: string;
let seq = 0;

beforeEach(async () => {
  t = await createTestDb();
  await syncFixtureCards(t.db, MONDAY_10);
  userId = (await ensureLocalLearner(t.db)).id;
});
afterEach(async () => t.close());

async function gradeCurrent(quality: number, now: Date, extra: Partial<GradeInput> = {}) {
  const session = await fetchReviewSession(t.db, userId, now);
  if (!session.current) throw new Error("queue is empty");
  const input: GradeInput = {
    reviewId: `r-${++seq}`,
    itemId: session.current.itemId,
    quality,
    expectedVersion: session.current.version,
    durationMs: 1500,
    ...extra,
  };
  return { session, input, result: await gradeItem(t.db, userId, input, now) };
}

describe("the daily queue", () => {
  it("shows new cards in content order with every grade's outcome", async () => {
    const s = await fetchReviewSession(t.db, userId, MONDAY_10);
    expect(s.current?.itemId).toBe("card:fixture-l1");
    expect(s.current?.reviewKind).toBe("new");
    expect(s.remaining).toEqual({ due: 0, new: 4, redrill: 0, total: 4 });
    expect(s.current?.options.map((o) => [o.quality, o.intervalDays, o.againToday])).toEqual([
      [0, 0, true],
      [1, 0, true],
      [2, 0, true],
      [3, 1, true],
      [4, 1, false],
      [5, 1, false],
    ]);
    expect(s.current?.options[4]?.dueAt).toBe("2026-03-03T04:00:00.000Z");
  });

  it("finishes the day, says when the next card is due, and brings cards back on the SM-2 schedule", async () => {
    for (let i = 0; i < 4; i++) await gradeCurrent(4, MONDAY_10);
    const done = await fetchReviewSession(t.db, userId, MONDAY_10);
    expect(done.current).toBeNull();
    expect(done.doneToday).toBe(4);
    expect(done.nextWorkAt).toBe("2026-03-03T04:00:00.000Z");
    // Still Monday at 03:59 local (day starts at 04:00): nothing due yet.
    expect((await fetchReviewSession(t.db, userId, new Date("2026-03-03T03:59:00Z"))).current).toBeNull();
    const tuesday = await fetchReviewSession(t.db, userId, TUESDAY_05);
    expect(tuesday.remaining).toEqual({ due: 4, new: 0, redrill: 0, total: 4 });
    expect(tuesday.current?.reviewKind).toBe("review");
    const { result } = await gradeCurrent(4, TUESDAY_05);
    expect(result.intervalDays).toBe(6);
    expect(result.dueAt).toBe("2026-03-09T04:00:00.000Z");
  });

  it("re-drills a failed card until it scores 4, and a 3 re-drill changes no SM-2 state", async () => {
    const first = await gradeCurrent(1, MONDAY_10);
    expect(first.result.kind).toBe("new");
    for (let i = 0; i < 3; i++) await gradeCurrent(5, MONDAY_10);
    let s = await fetchReviewSession(t.db, userId, MONDAY_10);
    expect(s.current?.itemId).toBe(first.input.itemId);
    expect(s.current?.section).toBe("redrill");
    expect(s.current?.reviewKind).toBe("relearn");
    const relearn = await gradeCurrent(3, MONDAY_10);
    expect(relearn.result).toMatchObject({ kind: "relearn", intervalDays: 1 });
    const before = await t.db.itemState.findUniqueOrThrow({
      where: { userId_itemId: { userId, itemId: first.input.itemId } },
    });
    s = await fetchReviewSession(t.db, userId, MONDAY_10);
    expect(s.current?.reviewKind).toBe("practice");
    await gradeCurrent(3, MONDAY_10); // practice again
    await gradeCurrent(4, MONDAY_10); // practice ends the re-drill
    const after = await t.db.itemState.findUniqueOrThrow({
      where: { userId_itemId: { userId, itemId: first.input.itemId } },
    });
    expect({ ...after, version: 0, lastReviewedAt: null, redrill: "" }).toEqual({
      ...before,
      version: 0,
      lastReviewedAt: null,
      redrill: "",
    });
    expect(after.redrill).toBe("none");
    expect((await fetchReviewSession(t.db, userId, MONDAY_10)).current).toBeNull();
    const kinds = await t.db.reviewLog.findMany({
      where: { userId, itemId: first.input.itemId },
      orderBy: { reviewedAt: "asc" },
    });
    expect(kinds.map((k) => [k.kind, k.quality])).toEqual([
      ["new", 1],
      ["relearn", 3],
      ["practice", 3],
      ["practice", 4],
    ]);
  });

  it("respects the daily new-card limit and points to tomorrow", async () => {
    await t.db.user.update({ where: { id: userId }, data: { newPerDay: 2 } });
    expect((await fetchReviewSession(t.db, userId, MONDAY_10)).remaining.new).toBe(2);
    await gradeCurrent(5, MONDAY_10);
    await gradeCurrent(5, MONDAY_10);
    const s = await fetchReviewSession(t.db, userId, MONDAY_10);
    expect(s.current).toBeNull();
    expect(s.nextWorkAt).toBe("2026-03-03T04:00:00.000Z");
  });

  it("says an item is due today exactly when the day's queue holds it, limits included", async () => {
    await t.db.user.update({ where: { id: userId }, data: { newPerDay: 2, maxReviewsPerDay: 1 } });
    const all = (await t.db.item.findMany({ select: { id: true } })).map((i) => i.id);
    const check = async (now: Date) => {
      const session = await fetchReviewSession(t.db, userId, now);
      const due = await fetchDueToday(t.db, userId, all, now);
      expect(due.size).toBe(session.remaining.total);
      if (session.current) expect(due.has(session.current.itemId)).toBe(true);
      return { session, due };
    };
    const monday = await check(MONDAY_10);
    expect(monday.due).toEqual(new Set(["card:fixture-l1", "card:fixture-relu"]));
    await gradeCurrent(1, MONDAY_10); // l1 fails: re-drilled today
    await check(MONDAY_10);
    await gradeCurrent(4, MONDAY_10); // relu
    await gradeCurrent(4, MONDAY_10); // l1 again, passes
    expect((await check(MONDAY_10)).due.size).toBe(0);
    // Tuesday: both are due, the review limit lets one through, and two new cards.
    const tuesday = await check(TUESDAY_05);
    expect(tuesday.due.size).toBe(3);
  });

  it("names the item that follows the head, and the server then serves exactly that one, pass or fail", async () => {
    await t.db.user.update({ where: { id: userId }, data: { newPerDay: 3 } });
    for (const quality of [1, 5, 4]) {
      const before = await fetchReviewSession(t.db, userId, MONDAY_10);
      expect(before.upNext).not.toBeNull();
      await gradeCurrent(quality, MONDAY_10);
      const after = await fetchReviewSession(t.db, userId, MONDAY_10);
      expect(after.current?.itemId).toBe(before.upNext?.itemId);
      expect(after.current?.version).toBe(before.upNext?.version);
      expect(after.current?.options).toEqual(before.upNext?.options);
    }
    // Only the failed card is left, as a re-drill: nothing follows it but itself, so nothing is named.
    const last = await fetchReviewSession(t.db, userId, MONDAY_10);
    expect(last.current?.section).toBe("redrill");
    expect(last.upNext).toBeNull();
  });

  it("counts the head against its limit when naming what follows", async () => {
    await t.db.user.update({ where: { id: userId }, data: { newPerDay: 1 } });
    const s = await fetchReviewSession(t.db, userId, MONDAY_10);
    expect(s.current?.section).toBe("new");
    // The only new card today is the head: after it, nothing.
    expect(s.upNext).toBeNull();
  });

  it("raises today's new-card limit for today only", async () => {
    await t.db.user.update({ where: { id: userId }, data: { newPerDay: 1 } });
    await gradeCurrent(5, MONDAY_10);
    expect((await fetchReviewSession(t.db, userId, MONDAY_10)).current).toBeNull();
    await raiseNewLimitToday(t.db, userId, MONDAY_10, 2);
    const raised = await fetchReviewSession(t.db, userId, MONDAY_10);
    expect(raised.remaining.new).toBe(2);
    // A second raise the same day adds to the first.
    await raiseNewLimitToday(t.db, userId, MONDAY_10, 1);
    expect((await fetchReviewSession(t.db, userId, MONDAY_10)).remaining.new).toBe(3);
    // The next learner day (04:00) is back to the setting: one new card.
    const tuesday = await fetchReviewSession(t.db, userId, TUESDAY_05);
    expect(tuesday.remaining.new).toBe(1);
  });

  it("starts the learner's day at their hour in their time zone", async () => {
    await t.db.user.update({ where: { id: userId }, data: { timeZone: "Asia/Shanghai" } });
    const { result } = await gradeCurrent(4, MONDAY_10); // 18:00 in Shanghai
    expect(result.dueAt).toBe("2026-03-02T20:00:00.000Z"); // 04:00 Tuesday in Shanghai
  });
});

describe("grading safely", () => {
  it("treats a repeated review id as a no-op", async () => {
    const { input, result } = await gradeCurrent(4, MONDAY_10);
    const again = await gradeItem(t.db, userId, input, MONDAY_10);
    expect(again).toEqual({ ...result, duplicate: true });
    expect(await t.db.reviewLog.count()).toBe(1);
    const state = await t.db.itemState.findUniqueOrThrow({
      where: { userId_itemId: { userId, itemId: input.itemId } },
    });
    expect(state.version).toBe(1);
  });

  it("refuses a grade for a state that changed since it was shown", async () => {
    const s = await fetchReviewSession(t.db, userId, MONDAY_10);
    const item = s.current!;
    await gradeItem(
      t.db,
      userId,
      { reviewId: "tab-1", itemId: item.itemId, quality: 1, expectedVersion: item.version, durationMs: 1 },
      MONDAY_10,
    );
    await expect(
      gradeItem(
        t.db,
        userId,
        { reviewId: "tab-2", itemId: item.itemId, quality: 5, expectedVersion: item.version, durationMs: 1 },
        MONDAY_10,
      ),
    ).rejects.toBeInstanceOf(StaleStateError);
    expect(await t.db.reviewLog.count()).toBe(1);
  });

  it("refuses bad grades and unknown items and writes nothing", async () => {
    const s = await fetchReviewSession(t.db, userId, MONDAY_10);
    const base = { reviewId: "x", itemId: s.current!.itemId, expectedVersion: 0, durationMs: 1 };
    for (const quality of [-1, 6, 2.5, Number.NaN]) {
      await expect(gradeItem(t.db, userId, { ...base, quality }, MONDAY_10)).rejects.toBeInstanceOf(InvalidInputError);
    }
    await expect(
      gradeItem(t.db, userId, { ...base, quality: 4, itemId: "card:nope" }, MONDAY_10),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect(await t.db.reviewLog.count()).toBe(0);
    expect(await t.db.itemState.count({ where: { NOT: { version: 0 } } })).toBe(0);
  });

  it("refuses to grade an item that is not due", async () => {
    const { input } = await gradeCurrent(5, MONDAY_10);
    await expect(
      gradeItem(t.db, userId, { ...input, reviewId: "later", expectedVersion: 1 }, MONDAY_10),
    ).rejects.toBeInstanceOf(InvalidInputError);
  });

  it("undoes the named grade: the state comes back and the log row is stamped, not deleted", async () => {
    const { input } = await gradeCurrent(5, MONDAY_10);
    expect((await fetchReviewSession(t.db, userId, MONDAY_10)).undoable).toBe(input.reviewId);
    const undone = await undoReview(t.db, userId, input.reviewId, MONDAY_10);
    expect(undone).toEqual({ reviewId: input.reviewId, itemId: input.itemId });
    const s = await fetchReviewSession(t.db, userId, MONDAY_10);
    expect(s.current?.itemId).toBe(input.itemId);
    expect(s.current?.reviewKind).toBe("new");
    expect(s.doneToday).toBe(0);
    expect(s.undoable).toBeNull();
    const log = await t.db.reviewLog.findUniqueOrThrow({ where: { id: input.reviewId } });
    expect(log.undoneAt).toEqual(MONDAY_10);
    await expect(undoReview(t.db, userId, input.reviewId, MONDAY_10)).rejects.toMatchObject({
      code: "nothing-to-undo",
    });
  });

  it("undoes grades one after another, latest first, and refuses a grade that is no longer the latest", async () => {
    const first = await gradeCurrent(4, MONDAY_10);
    const second = await gradeCurrent(4, MONDAY_10);
    // A tab that last graded `first` (another tab graded `second` since) is refused, and nothing changes.
    const before = await t.db.itemState.findMany({ where: { userId }, orderBy: { itemId: "asc" } });
    await expect(undoReview(t.db, userId, first.input.reviewId, MONDAY_10)).rejects.toMatchObject({
      code: "undo-not-latest",
    });
    expect(await t.db.itemState.findMany({ where: { userId }, orderBy: { itemId: "asc" } })).toEqual(before);
    await undoReview(t.db, userId, second.input.reviewId, MONDAY_10);
    expect((await fetchReviewSession(t.db, userId, MONDAY_10)).undoable).toBe(first.input.reviewId);
    await undoReview(t.db, userId, first.input.reviewId, MONDAY_10);
    expect((await fetchReviewSession(t.db, userId, MONDAY_10)).doneToday).toBe(0);
  });

  it("never undoes a drill: undo reaches past it to the last grade of the review, or says there is nothing", async () => {
    // A learner who never opened the review page (no schedule rows) and only drilled.
    await t.db.reviewLog.create({
      data: {
        id: "drill-before-any-review",
        userId,
        itemId: "card:fixture-l1",
        kind: "drill",
        quality: 5,
        reviewedAt: MONDAY_10,
        durationMs: 1000,
        repsBefore: 0,
        intervalBefore: 0,
        easeBefore: 2500,
        statusBefore: "new",
        redrillBefore: "none",
        lapsesBefore: 0,
        repsAfter: 0,
        intervalAfter: 0,
        easeAfter: 2500,
      },
    });
    await expect(undoReview(t.db, userId, "drill-before-any-review", MONDAY_10)).rejects.toMatchObject({
      code: "nothing-to-undo",
    });
    const graded = await gradeCurrent(4, MONDAY_10);
    await t.db.reviewLog.update({
      where: { id: "drill-before-any-review" },
      data: { reviewedAt: new Date(MONDAY_10.getTime() + 1000) },
    });
    expect((await fetchReviewSession(t.db, userId, MONDAY_10)).undoable).toBe(graded.input.reviewId);
    await expect(undoReview(t.db, userId, "drill-before-any-review", MONDAY_10)).rejects.toMatchObject({
      code: "undo-not-latest",
    });
    await undoReview(t.db, userId, graded.input.reviewId, MONDAY_10);
    const drill = await t.db.reviewLog.findUniqueOrThrow({ where: { id: "drill-before-any-review" } });
    expect(drill.undoneAt).toBeNull();
  });

  it("two tabs undoing the same grade at once undo it once", async () => {
    await gradeCurrent(4, MONDAY_10);
    const { input } = await gradeCurrent(3, MONDAY_10);
    // Both requests reach the server's one client at the same moment.
    const results = await Promise.allSettled([
      undoReview(t.db, userId, input.reviewId, MONDAY_10),
      undoReview(t.db, userId, input.reviewId, MONDAY_10),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected");
    expect(refused?.reason).toBeInstanceOf(DomainError);
    expect(["undo-not-latest", "nothing-to-undo"]).toContain((refused?.reason as DomainError).code);
    expect(await t.db.reviewLog.count({ where: { userId, undoneAt: { not: null } } })).toBe(1);
    expect((await fetchReviewSession(t.db, userId, MONDAY_10)).doneToday).toBe(1);
  });

  // Two clients at once need an engine with concurrent writers: one SQLite process serializes them.
  it.runIf(TEST_ENGINE === "postgresql")(
    "enrolls a learner once when two requests (two processes) read the queue at the same moment",
    async () => {
      const other = createDb(t.url);
      try {
        const fresh = (await t.db.user.create({ data: { email: "twice@example.test" } })).id;
        const [a, b] = await Promise.all([
          fetchReviewSession(t.db, fresh, MONDAY_10),
          fetchReviewSession(other, fresh, MONDAY_10),
        ]);
        expect(a.current?.itemId).toBe(b.current?.itemId);
        expect(await t.db.itemState.count({ where: { userId: fresh } })).toBe(await t.db.item.count());
      } finally {
        await other.$disconnect();
      }
    },
  );

  it("keeps every grade across a restart of the process", async () => {
    await gradeCurrent(4, MONDAY_10);
    const reopened = createDb(t.url);
    try {
      const s = await fetchReviewSession(reopened, userId, MONDAY_10);
      expect(s.doneToday).toBe(1);
      expect(s.remaining.new).toBe(3);
    } finally {
      await reopened.$disconnect();
    }
  });
});

describe("content sync", () => {
  it("keeps history when a card is edited, retires removed cards and revives them", async () => {
    const { input } = await gradeCurrent(4, MONDAY_10); // card:fixture-l1
    const [deck] = fixtureDeckInputs();
    const edited = deck!.text.replace("What is the L1 norm?", "What is the L1 norm of a vector?");
    const summary = await syncItems(t.db, "card", loadDecks([{ file: deck!.file, text: edited }]), MONDAY_10);
    expect(summary).toMatchObject({ created: 0, updated: 1, unchanged: 3, retired: 0 });
    expect(await t.db.reviewLog.count({ where: { itemId: input.itemId } })).toBe(1);

    const removed = deck!.text.replace(/  - id: fixture-relu[\s\S]*?(?=  - id: fixture-nyquist)/, "");
    const retire = await syncItems(t.db, "card", loadDecks([{ file: deck!.file, text: removed }]), MONDAY_10);
    expect(retire.retired).toBe(1);
    const item = await t.db.item.findUniqueOrThrow({ where: { id: "card:fixture-relu" } });
    expect(item.retiredAt).toEqual(MONDAY_10);
    const s = await fetchReviewSession(t.db, userId, MONDAY_10);
    expect(s.remaining.new).toBe(2);

    const back = await syncItems(t.db, "card", loadDecks([deck!]), MONDAY_10);
    expect(back.revived).toBe(1);
    expect((await fetchReviewSession(t.db, userId, MONDAY_10)).remaining.new).toBe(3);
  });

  it("enrolls a learner in cards added later", async () => {
    await fetchReviewSession(t.db, userId, MONDAY_10);
    const [deck] = fixtureDeckInputs();
    const added = deck!.text.replace(
      "  - id: fixture-relu",
      `  - id: fixture-extra\n    source: "x"\n    front: { zh: 问, en: Q }\n    back: { zh: 答, en: A }\n  - id: fixture-relu`,
    );
    await syncItems(t.db, "card", loadDecks([{ file: deck!.file, text: added }]), MONDAY_10);
    const s = await fetchReviewSession(t.db, userId, MONDAY_10);
    expect(s.remaining.new).toBe(5);
  });
});
