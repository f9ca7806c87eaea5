import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { deleteAccount, exportAccount, settingsSchema, updateSettings } from "@/lib/server/account";
import { DomainError } from "@/lib/server/errors";
import { EnvError, parseEnv } from "@/lib/server/env";
import { fetchReviewSession, gradeItem, undoLastReview } from "@/lib/server/reviews";
import { adoptLocalLearner, ensureLocalLearner } from "@/lib/server/users";
import { type TestDb, createTestDb, syncFixtureCards } from "../setup/test-db";

const NOW = new Date("2026-03-02T10:00:00Z");

let t: TestDb;
let a: string;
let b: string;

beforeEach(async () => {
  t = await createTestDb();
  await syncFixtureCards(t.db, NOW);
  a = (await t.db.user.create({ data: { email: "a@example.test", name: "A" } })).id;
  b = (await t.db.user.create({ data: { email: "b@example.test", name: "B" } })).id;
});
afterEach(async () => t.close());

async function gradeHead(userId: string, reviewId: string, quality = 4) {
  const s = await fetchReviewSession(t.db, userId, NOW);
  const c = s.current!;
  return gradeItem(
    t.db,
    userId,
    { reviewId, itemId: c.itemId, quality, expectedVersion: c.version, durationMs: 1000 },
    NOW,
  );
}

async function snapshot(userId: string) {
  const [states, logs] = await Promise.all([
    t.db.itemState.findMany({ where: { userId }, orderBy: { itemId: "asc" } }),
    t.db.reviewLog.findMany({ where: { userId }, orderBy: { id: "asc" } }),
  ]);
  return { states, logs };
}

describe("each learner's progress is theirs alone", () => {
  it("B cannot reuse A's review id, and B's grades never touch A's schedule", async () => {
    await gradeHead(a, "review-of-a-0001");
    const before = await snapshot(a);
    const s = await fetchReviewSession(t.db, b, NOW);
    await expect(
      gradeItem(
        t.db,
        b,
        { reviewId: "review-of-a-0001", itemId: s.current!.itemId, quality: 5, expectedVersion: 0, durationMs: 1 },
        NOW,
      ),
    ).rejects.toBeInstanceOf(DomainError);
    await gradeHead(b, "review-of-b-0001", 1);
    expect(await snapshot(a)).toEqual(before);
  });

  it("B's undo only ever undoes B's own reviews", async () => {
    await gradeHead(a, "review-of-a-0002");
    const before = await snapshot(a);
    await expect(undoLastReview(t.db, b, NOW)).rejects.toMatchObject({ code: "nothing-to-undo" });
    expect(await snapshot(a)).toEqual(before);
  });

  it("an export holds only the learner's own data and no secrets", async () => {
    await gradeHead(a, "review-of-a-0003");
    await gradeHead(b, "review-of-b-0003");
    const exported = await exportAccount(t.db, b);
    expect(exported.user.email).toBe("b@example.test");
    expect(exported.reviews.map((r) => r.id)).toEqual(["review-of-b-0003"]);
    expect(JSON.stringify(exported)).not.toContain("a@example.test");
    expect(JSON.stringify(exported)).not.toContain("review-of-a-0003");
  });

  it("deleting B removes B's schedule and log and leaves A's intact", async () => {
    await gradeHead(a, "review-of-a-0004");
    await gradeHead(b, "review-of-b-0004");
    const before = await snapshot(a);
    await deleteAccount(t.db, b);
    expect(await t.db.itemState.count({ where: { userId: b } })).toBe(0);
    expect(await t.db.reviewLog.count({ where: { userId: b } })).toBe(0);
    expect(await snapshot(a)).toEqual(before);
  });
});

describe("the first account adopts the local learner", () => {
  it("moves the local schedule, log and settings to the new account once", async () => {
    const local = await ensureLocalLearner(t.db);
    await t.db.user.update({ where: { id: local.id }, data: { timeZone: "Asia/Shanghai", newPerDay: 7 } });
    await gradeHead(local.id, "local-review-0001");
    expect(await adoptLocalLearner(t.db, a)).toBe(true);
    expect(await t.db.user.findUnique({ where: { id: local.id } })).toBeNull();
    expect((await t.db.reviewLog.findUniqueOrThrow({ where: { id: "local-review-0001" } })).userId).toBe(a);
    expect(await t.db.user.findUniqueOrThrow({ where: { id: a } })).toMatchObject({
      timeZone: "Asia/Shanghai",
      newPerDay: 7,
    });
    expect(await adoptLocalLearner(t.db, b)).toBe(false);
  });
});

describe("settings", () => {
  it("validates every field with a clear message", () => {
    const bad = settingsSchema.safeParse({
      locale: "fr",
      timeZone: "Mars/Olympus",
      dayStartHour: "24",
      newPerDay: "-1",
      maxReviewsPerDay: "x",
    });
    expect(bad.success).toBe(false);
    const fields = Object.fromEntries(bad.error!.issues.map((i) => [String(i.path[0]), i.message]));
    expect(fields).toEqual({
      locale: "must be zh or en",
      timeZone: "must be an IANA time zone such as Asia/Shanghai",
      dayStartHour: "must be 0–23",
      newPerDay: "must be 0–1000",
      maxReviewsPerDay: "must be a number",
    });
  });

  it("never writes when the input is malformed (fuzz)", async () => {
    const before = await t.db.user.findUniqueOrThrow({ where: { id: a } });
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.string(), fc.jsonValue()), async (input) => {
        const parsed = settingsSchema.safeParse(input);
        if (parsed.success) return; // only malformed bodies are of interest here
        expect(await t.db.user.findUniqueOrThrow({ where: { id: a } })).toEqual(before);
      }),
      { numRuns: 200 },
    );
    await updateSettings(t.db, a, {
      locale: "en",
      timeZone: "Europe/Berlin",
      dayStartHour: 5,
      newPerDay: 10,
      maxReviewsPerDay: 100,
    });
    expect(await t.db.user.findUniqueOrThrow({ where: { id: a } })).toMatchObject({
      timeZone: "Europe/Berlin",
      dayStartHour: 5,
    });
  });
});

describe("grading input fuzz", () => {
  it("malformed grades never write", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          reviewId: fc.string(),
          itemId: fc.string(),
          quality: fc.oneof(fc.double(), fc.integer({ min: 6 }), fc.integer({ max: -1 })),
          expectedVersion: fc.integer(),
          durationMs: fc.double(),
        }),
        async (input) => {
          await expect(gradeItem(t.db, a, input, NOW)).rejects.toBeInstanceOf(DomainError);
        },
      ),
      { numRuns: 100 },
    );
    expect(await t.db.reviewLog.count()).toBe(0);
  });
});

describe("environment", () => {
  it("refuses to start in production without an auth secret, naming the variable", () => {
    expect(() => parseEnv({ NODE_ENV: "production" }, "/nonexistent")).toThrow(/BETTER_AUTH_SECRET is missing/);
    expect(() => parseEnv({ NODE_ENV: "production", BETTER_AUTH_SECRET: "short" }, "/nonexistent")).toThrow(EnvError);
    expect(() => parseEnv({ NODE_ENV: "test", BETTER_AUTH_URL: "not a url" }, "/nonexistent")).toThrow(
      /BETTER_AUTH_URL/,
    );
    expect(
      parseEnv({ NODE_ENV: "production", BETTER_AUTH_SECRET: "x".repeat(40), PORT: "4000" }, "/nonexistent"),
    ).toMatchObject({
      authUrl: "http://localhost:4000",
      authRateLimitPerMinute: 10,
    });
  });
});
