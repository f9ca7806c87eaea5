import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { deleteAccount, exportAccount, saveSettingsForm } from "@/lib/server/account";
import { DomainError } from "@/lib/server/errors";
import { EnvError, parseEnv } from "@/lib/server/env";
import { fetchReviewSession, gradeItem, undoReview } from "@/lib/server/reviews";
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
    await expect(undoReview(t.db, b, "review-of-a-0002", NOW)).rejects.toMatchObject({ code: "nothing-to-undo" });
    await gradeHead(b, "review-of-b-0002");
    await expect(undoReview(t.db, b, "review-of-a-0002", NOW)).rejects.toMatchObject({ code: "undo-not-latest" });
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

function formOf(fields: Record<string, string>): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  return form;
}

const GOOD_SETTINGS = {
  locale: "en",
  timeZone: "Asia/Tokyo",
  dayStartHour: "5",
  newPerDay: "10",
  maxReviewsPerDay: "100",
};

describe("settings", () => {
  it("refuses a form with one bad field as a whole, names each bad field with a code and hands back what was typed", async () => {
    const before = await t.db.user.findUniqueOrThrow({ where: { id: a } });
    const typed = { ...GOOD_SETTINGS, dayStartHour: "25" };
    const result = await saveSettingsForm(t.db, a, formOf(typed));
    expect(result).toEqual({ ok: false, fieldErrors: { dayStartHour: "hourRange" }, values: typed });
    expect(await t.db.user.findUniqueOrThrow({ where: { id: a } })).toEqual(before);
    const bad = await saveSettingsForm(
      t.db,
      a,
      formOf({ locale: "fr", timeZone: "Mars/Olympus", dayStartHour: "4.5", newPerDay: "-1", maxReviewsPerDay: "x" }),
    );
    expect(bad.fieldErrors).toEqual({
      locale: "locale",
      timeZone: "timeZone",
      dayStartHour: "wholeNumber",
      newPerDay: "newRange",
      maxReviewsPerDay: "number",
    });
    // Not form data at all (a crafted call of the action).
    expect(await saveSettingsForm(t.db, a, "not form data")).toEqual({
      ok: false,
      fieldErrors: { form: "form" },
      values: {},
    });
  });

  it("stores a valid form, and never writes for a malformed one (fuzz through the same path the action takes)", async () => {
    expect((await saveSettingsForm(t.db, a, formOf(GOOD_SETTINGS))).ok).toBe(true);
    const stored = await t.db.user.findUniqueOrThrow({ where: { id: a } });
    expect(stored).toMatchObject({
      locale: "en",
      timeZone: "Asia/Tokyo",
      dayStartHour: 5,
      newPerDay: 10,
      maxReviewsPerDay: 100,
    });
    const field = fc.constantFrom(...Object.keys(GOOD_SETTINGS));
    const badValue = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.constantFrom("24", "-1", "1e9", "NaN", "", "Mars/Olympus", "fr", "3.5"),
    );
    await fc.assert(
      fc.asyncProperty(fc.dictionary(field, badValue, { minKeys: 1 }), async (overrides) => {
        const result = await saveSettingsForm(
          t.db,
          a,
          formOf({ ...GOOD_SETTINGS, timeZone: "Europe/Berlin", ...overrides }),
        );
        const after = await t.db.user.findUniqueOrThrow({ where: { id: a } });
        if (result.ok) {
          // Accepted: every override was in fact valid, and all of it was stored.
          expect(after.timeZone).toBe(result.saved?.timeZone);
        } else {
          expect(Object.keys(result.fieldErrors).length).toBeGreaterThan(0);
          expect({ ...after, updatedAt: null }).toEqual({ ...stored, updatedAt: null });
        }
        // Put the known state back for the next run.
        await t.db.user.update({
          where: { id: a },
          data: { locale: "en", timeZone: "Asia/Tokyo", dayStartHour: 5, newPerDay: 10, maxReviewsPerDay: 100 },
        });
      }),
      { numRuns: 150, seed: 20261201 },
    );
  });
});

describe("grading input fuzz", () => {
  it("malformed grades of real items never write", async () => {
    const session = await fetchReviewSession(t.db, a, NOW);
    const items = await t.db.itemState.findMany({ where: { userId: a }, select: { itemId: true, version: true } });
    expect(items.length).toBeGreaterThan(0);
    const before = await t.db.itemState.findMany({ where: { userId: a }, orderBy: { itemId: "asc" } });
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          reviewId: fc.string({ minLength: 1, maxLength: 40 }),
          item: fc.constantFrom(...items),
          quality: fc.oneof(
            fc.double(),
            fc.integer({ min: 6 }),
            fc.integer({ max: -1 }),
            fc.integer({ min: 0, max: 5 }),
          ),
          staleBy: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 5 }), fc.integer({ min: -5, max: -1 })),
          durationMs: fc.double(),
        }),
        async ({ reviewId, item, quality, staleBy, durationMs }) => {
          // Malformed: a grade that is not 0–5, or a version that is not the one shown.
          fc.pre(!(Number.isInteger(quality) && quality >= 0 && quality <= 5) || staleBy !== 0);
          const input = { reviewId, itemId: item.itemId, quality, expectedVersion: item.version + staleBy, durationMs };
          await expect(gradeItem(t.db, a, input, NOW)).rejects.toBeInstanceOf(DomainError);
        },
      ),
      { numRuns: 150, seed: 20261202 },
    );
    expect(session.current).not.toBeNull();
    expect(await t.db.reviewLog.count()).toBe(0);
    expect(await t.db.itemState.findMany({ where: { userId: a }, orderBy: { itemId: "asc" } })).toEqual(before);
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
