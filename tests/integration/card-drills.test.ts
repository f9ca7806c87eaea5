/**
 * Practising a card outside the schedule: a "drill" row that never changes
 * SM-2 state, recorded once per review id, and the learner's alone.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { NotACardError, fetchCardPractice, recordCardDrill } from "@/lib/server/card-drills";
import { createProgressCache } from "@/lib/server/progress/cache";
import { fetchDashboard } from "@/lib/server/progress/dashboard";
import { fetchItemHistory } from "@/lib/server/progress/item-history";
import { fetchReviewSession } from "@/lib/server/reviews";
import { MAX_REVIEW_DURATION_MS } from "@/lib/srs/schedule";
import { type TestDb, createTestDb } from "../setup/test-db";

// Tuesday 10 March 2026, 10:00 UTC; both learners' days start at 04:00 UTC.
const NOW = new Date("2026-03-10T10:00:00Z");
const LATER = new Date("2026-03-10T10:05:00Z");
const DAY_MS = 86_400_000;
const CARD = "card:norm-l0";

let t: TestDb;

async function addItem(id: string, kind: string, retiredAt: Date | null = null) {
  await t.db.item.create({
    data: {
      id,
      kind,
      contentId: id.slice(id.indexOf(":") + 1),
      deck: kind === "card" ? "concepts-norms" : "exercises-norms",
      position: 0,
      payload: JSON.stringify(
        kind === "card"
          ? {
              kind,
              deckTitle: { zh: "范数", en: "Norms" },
              chapter: "concepts",
              source: "部分概念补充 › 4、范数",
              front: { zh: "<p>L0 范数？</p>", en: "<p>The L0 norm?</p>" },
              back: { zh: "<p>非零元素个数</p>", en: "<p>The count of non-zero entries</p>" },
            }
          : { kind, generatorId: "norm-lp", topic: "norms", title: { zh: "范数", en: "Norms" } },
      ),
      contentHash: "h",
      retiredAt,
    },
  });
}

beforeEach(async () => {
  t = await createTestDb();
  for (const id of ["a", "b"])
    await t.db.user.create({ data: { id, email: `${id}@example.test`, timeZone: "UTC", dayStartHour: 4 } });
  await addItem(CARD, "card");
  await addItem("exercise:norm-lp", "exercise");
  await addItem("card:gone", "card", new Date(NOW.getTime() - DAY_MS));
  // A has learned the card (due tomorrow); B has never seen it.
  await t.db.itemState.create({
    data: {
      userId: "a",
      itemId: CARD,
      status: "active",
      position: 0,
      repetitions: 2,
      intervalDays: 6,
      easePermille: 2360,
      dueAt: new Date(NOW.getTime() + DAY_MS),
      lapses: 1,
      lastReviewedAt: new Date(NOW.getTime() - 6 * DAY_MS),
      version: 4,
    },
  });
});
afterEach(async () => t.close());

const drill = (userId: string, reviewId: string, quality: number, itemId = CARD, now = NOW, durationMs = 4000) =>
  recordCardDrill(t.db, userId, { reviewId, itemId, quality, durationMs }, now);

describe("a card drill", () => {
  it("is logged as a drill whose state before and after are the learner's state, which stays as it was", async () => {
    const stateBefore = await t.db.itemState.findUniqueOrThrow({
      where: { userId_itemId: { userId: "a", itemId: CARD } },
    });
    const sessionBefore = await fetchReviewSession(t.db, "a", NOW);
    expect(await drill("a", "drill-a-0001", 1)).toEqual({ reviewId: "drill-a-0001", duplicate: false, quality: 1 });
    expect(await t.db.itemState.findUniqueOrThrow({ where: { userId_itemId: { userId: "a", itemId: CARD } } })).toEqual(
      stateBefore,
    );
    const row = await t.db.reviewLog.findUniqueOrThrow({ where: { id: "drill-a-0001" } });
    expect(row).toMatchObject({
      userId: "a",
      itemId: CARD,
      kind: "drill",
      quality: 1,
      durationMs: 4000,
      statusBefore: "active",
      repsBefore: 2,
      repsAfter: 2,
      intervalBefore: 6,
      intervalAfter: 6,
      easeBefore: 2360,
      easeAfter: 2360,
      lapsesBefore: 1,
      dueBefore: stateBefore.dueAt,
      dueAfter: stateBefore.dueAt,
      lastReviewedBefore: stateBefore.lastReviewedAt,
      detail: null,
      undoneAt: null,
    });
    // The daily review sees nothing new to do and nothing to undo (undo never reaches a drill).
    const sessionAfter = await fetchReviewSession(t.db, "a", NOW);
    expect(sessionAfter.remaining).toEqual(sessionBefore.remaining);
    expect(sessionAfter.current).toEqual(sessionBefore.current);
    expect(sessionAfter.undoable).toBeNull();
    const d = await fetchDashboard(t.db, "a", NOW, createProgressCache());
    expect(d.today).toMatchObject({ reviewsDone: 0, practiceDone: 1 });
    expect(d.hardest.map((h) => [h.itemId, h.lapses, h.recentFailures])).toEqual([[CARD, 1, 1]]);
  });

  it("is recorded once per review id: a retry, even with another grade, returns the stored grade", async () => {
    await drill("a", "drill-a-0002", 4);
    expect(await drill("a", "drill-a-0002", 0, CARD, LATER)).toEqual({
      reviewId: "drill-a-0002",
      duplicate: true,
      quality: 4,
    });
    expect(await t.db.reviewLog.count({ where: { userId: "a" } })).toBe(1);
    expect((await t.db.reviewLog.findUniqueOrThrow({ where: { id: "drill-a-0002" } })).reviewedAt).toEqual(NOW);
  });

  it("of one learner is neither visible to nor reusable by another", async () => {
    await drill("a", "drill-a-0003", 5);
    const row = await t.db.reviewLog.findUniqueOrThrow({ where: { id: "drill-a-0003" } });
    await expect(drill("b", "drill-a-0003", 2)).rejects.toMatchObject({ code: "conflict" });
    expect(await t.db.reviewLog.findUniqueOrThrow({ where: { id: "drill-a-0003" } })).toEqual(row);
    expect(await t.db.reviewLog.count({ where: { userId: "b" } })).toBe(0);
    expect((await fetchItemHistory(t.db, "b", CARD))?.reviews).toEqual([]);
    expect((await fetchItemHistory(t.db, "a", CARD))?.reviews.map((r) => [r.id, r.kind, r.quality])).toEqual([
      ["drill-a-0003", "drill", 5],
    ]);
    expect((await fetchDashboard(t.db, "b", NOW, createProgressCache())).today.practiceDone).toBe(0);
    expect((await fetchCardPractice(t.db, "b", CARD)).schedule).toBeNull();
  });

  it("of a card the learner has not learned uses a new card's defaults and creates no schedule row", async () => {
    await drill("b", "drill-b-0001", 3, CARD, NOW, 3 * MAX_REVIEW_DURATION_MS);
    expect(await t.db.itemState.count({ where: { userId: "b" } })).toBe(0);
    expect(await t.db.reviewLog.findUniqueOrThrow({ where: { id: "drill-b-0001" } })).toMatchObject({
      statusBefore: "new",
      repsBefore: 0,
      repsAfter: 0,
      intervalAfter: 0,
      easeAfter: 2500,
      dueAfter: null,
      durationMs: MAX_REVIEW_DURATION_MS,
    });
  });

  it("is refused for anything but an existing, current card, and writes nothing", async () => {
    await expect(drill("a", "drill-a-0004", 4, "exercise:norm-lp")).rejects.toBeInstanceOf(NotACardError);
    await expect(drill("a", "drill-a-0005", 4, "exercise:norm-lp")).rejects.toMatchObject({ code: "invalid-input" });
    await expect(drill("a", "drill-a-0006", 4, "norm-l0")).rejects.toBeInstanceOf(NotACardError);
    await expect(drill("a", "drill-a-0007", 4, "card:missing")).rejects.toMatchObject({ code: "not-found" });
    await expect(drill("a", "drill-a-0008", 4, "card:gone")).rejects.toMatchObject({ code: "not-found" });
    await expect(drill("a", "drill-a-0009", 6)).rejects.toMatchObject({ code: "invalid-input" });
    await expect(fetchCardPractice(t.db, "a", "exercise:norm-lp")).rejects.toBeInstanceOf(NotACardError);
    expect(await t.db.reviewLog.count()).toBe(0);
  });
});

describe("the card practice page's data", () => {
  it("holds the card's faces and the learner's own schedule and time zone", async () => {
    await t.db.user.update({ where: { id: "a" }, data: { timeZone: "Asia/Kathmandu" } });
    const practice = await fetchCardPractice(t.db, "a", CARD);
    expect(practice).toMatchObject({
      item: { id: CARD, kind: "card", chapter: "部分概念补充", title: { en: "The L0 norm?" } },
      card: {
        front: { en: "<p>The L0 norm?</p>" },
        back: { zh: "<p>非零元素个数</p>" },
        source: "部分概念补充 › 4、范数",
      },
      schedule: { status: "active", dueAt: "2026-03-11T10:00:00.000Z", intervalDays: 6 },
      timeZone: "Asia/Kathmandu",
    });
  });
});
