import { describe, expect, it } from "vitest";
import { type QueueCandidate, buildQueue, nextWorkAt, remainingLimits } from "@/lib/srs/queue";
import { NEW_SCHEDULE, type ScheduleState, previewReview } from "@/lib/srs/schedule";

const day = { timeZone: "UTC", dayStartHour: 4 };
const NOW = new Date("2026-03-02T10:00:00Z");
const at = (iso: string) => new Date(iso);

function candidate(itemId: string, position: number, state: Partial<ScheduleState>): QueueCandidate {
  return { itemId, position, state: { ...NEW_SCHEDULE, ...state } };
}
const active = (due: string, last = "2026-02-20T10:00:00Z", extra: Partial<ScheduleState> = {}) => ({
  status: "active" as const,
  repetitions: 2,
  intervalDays: 6,
  dueAt: at(due),
  lastReviewedAt: at(last),
  ...extra,
});

describe("buildQueue", () => {
  const candidates = [
    candidate("new-b", 5, {}),
    candidate("due-recent", 1, active("2026-03-02T04:00:00Z")),
    candidate(
      "redrill",
      2,
      active("2026-03-02T09:00:00Z", "2026-03-02T09:00:00Z", { redrill: "relearn", repetitions: 0 }),
    ),
    candidate("new-a", 3, {}),
    candidate("due-old", 9, active("2026-02-25T04:00:00Z")),
    candidate("future", 0, active("2026-03-05T04:00:00Z")),
    candidate("retired", 0, { ...active("2026-02-01T04:00:00Z"), status: "retired" }),
  ];

  it("puts due items first (most overdue first), then new in content order, then re-drills", () => {
    const q = buildQueue(candidates, { newLimit: 20, reviewLimit: 200 }, NOW, day);
    expect(q.map((e) => [e.itemId, e.section])).toEqual([
      ["due-old", "due"],
      ["due-recent", "due"],
      ["new-a", "new"],
      ["new-b", "new"],
      ["redrill", "redrill"],
    ]);
  });

  it("caps reviews and new items but never re-drills", () => {
    const q = buildQueue(candidates, { newLimit: 1, reviewLimit: 1 }, NOW, day);
    expect(q.map((e) => e.itemId)).toEqual(["due-old", "new-a", "redrill"]);
  });

  it("treats a practice re-drill left from yesterday as nothing to do today", () => {
    const stale = candidate(
      "stale",
      1,
      active("2026-03-07T04:00:00Z", "2026-03-01T10:00:00Z", { redrill: "practice" }),
    );
    expect(buildQueue([stale], { newLimit: 20, reviewLimit: 200 }, NOW, day)).toEqual([]);
  });
});

describe("limits and what comes next", () => {
  it("subtracts today's work from the daily limits", () => {
    expect(
      remainingLimits(
        { newPerDay: 20, maxReviewsPerDay: 200 },
        { new: 5, review: 199, relearn: 3, practice: 9, drill: 4 },
      ),
    ).toEqual({
      newLimit: 15,
      reviewLimit: 1,
    });
    expect(
      remainingLimits({ newPerDay: 2, maxReviewsPerDay: 0 }, { new: 5, review: 0, relearn: 0, practice: 0, drill: 0 }),
    ).toEqual({
      newLimit: 0,
      reviewLimit: 0,
    });
  });

  it("points at the earliest future due, or tomorrow when work waits behind a limit", () => {
    expect(nextWorkAt(at("2026-03-09T04:00:00Z"), false, NOW, day)?.toISOString()).toBe("2026-03-09T04:00:00.000Z");
    expect(nextWorkAt(at("2026-03-09T04:00:00Z"), true, NOW, day)?.toISOString()).toBe("2026-03-03T04:00:00.000Z");
    expect(nextWorkAt(null, false, NOW, day)).toBeNull();
  });
});

describe("previewReview", () => {
  it("labels each grade with the outcome the write will apply", () => {
    const p = previewReview({ ...NEW_SCHEDULE, ...active("2026-03-02T04:00:00Z") }, NOW, day);
    expect(p[4].next).toMatchObject({
      intervalDays: 15,
      dueAt: at("2026-03-17T04:00:00Z"),
      redrill: "none",
      repetitions: 3,
    });
    expect(p[3].next).toMatchObject({ redrill: "practice", easePermille: 2360 });
    expect(p[1].next).toMatchObject({ repetitions: 0, intervalDays: 0, dueAt: NOW, redrill: "relearn", lapses: 1 });
    expect(p[1].kind).toBe("review");
  });

  it("does not count a lapse for failing a new item", () => {
    expect(previewReview(NEW_SCHEDULE, NOW, day)[0].next.lapses).toBe(0);
  });
});
