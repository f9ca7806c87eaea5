/**
 * The review loop's JSON API over HTTP against the built server
 * (docs/api.md): the session cookie authenticates, cross-site writes are
 * refused, a review id is recorded once, a named review is undone, and one
 * learner's review ids are nothing to another learner.
 */
import { randomUUID } from "node:crypto";
import { type APIRequestContext, expect, request as playwrightRequest, test } from "@playwright/test";
import { sqlAll, sqlGet } from "./db";
import { TEST_PASSWORD, openReview, signIn, uniqueClientAddress } from "./support";

const baseURL = process.env.E2E_BASE_URL ?? "";

interface ReviewView {
  current: { itemId: string; version: number; itemKind: string } | null;
  remaining: { total: number };
  doneToday: number;
  undoable: string | null;
}

interface ApiError {
  error: { code: string; message: string };
}

/** A client of its own (a cookie jar), signed up as a brand-new learner through the real auth endpoint. */
async function newLearner(): Promise<{ api: APIRequestContext; email: string }> {
  const api = await playwrightRequest.newContext({ baseURL });
  const email = `api-${randomUUID()}@example.test`;
  const response = await api.post("/api/auth/sign-up/email", {
    data: { email, password: TEST_PASSWORD, name: "API learner" },
    headers: { origin: baseURL, "x-forwarded-for": uniqueClientAddress() },
  });
  expect(response.status()).toBe(200);
  return { api, email };
}

async function queueOf(api: APIRequestContext): Promise<ReviewView> {
  const response = await api.get("/api/v1/review");
  expect(response.status()).toBe(200);
  return ((await response.json()) as { review: ReviewView }).review;
}

function gradeBody(view: ReviewView, quality: number, reviewId = `e2e-${randomUUID()}`) {
  if (!view.current) throw new Error("the queue is empty");
  return { reviewId, itemId: view.current.itemId, quality, expectedVersion: view.current.version, durationMs: 1500 };
}

const jsonHeaders = { "content-type": "application/json", origin: baseURL };

function postJson(api: APIRequestContext, path: string, body: unknown, headers: Record<string, string> = {}) {
  return api.post(path, { data: JSON.stringify(body), headers: { ...jsonHeaders, ...headers } });
}

async function logRows(email: string) {
  return sqlAll<{ id: string; quality: number; undoneAt: unknown }>(
    `SELECT r."id", r."quality", r."undoneAt" FROM "ReviewLog" r JOIN "User" u ON u."id" = r."userId"
     WHERE u."email" = ? ORDER BY r."reviewedAt", r."id"`,
    email,
  );
}

async function stateOf(email: string, itemId: string) {
  return sqlGet<{ version: number; status: string; repetitions: number }>(
    `SELECT s."version", s."status", s."repetitions" FROM "ItemState" s JOIN "User" u ON u."id" = s."userId"
     WHERE u."email" = ? AND s."itemId" = ?`,
    email,
    itemId,
  );
}

test("answers 401 JSON without a session, on every endpoint", async () => {
  const anonymous = await playwrightRequest.newContext({ baseURL });
  const responses = [
    await anonymous.get("/api/v1/review"),
    await postJson(anonymous, "/api/v1/review/grades", {
      reviewId: "e2e-anonymous",
      itemId: "card:x",
      quality: 4,
      expectedVersion: 0,
      durationMs: 1,
    }),
    await postJson(anonymous, "/api/v1/review/undo", { reviewId: "e2e-anonymous" }),
  ];
  for (const response of responses) {
    expect(response.status()).toBe(401);
    expect(response.headers()["content-type"]).toContain("application/json");
    expect(((await response.json()) as ApiError).error.code).toBe("unauthorized");
  }
  await anonymous.dispose();
});

test("refuses cross-origin and non-JSON writes with 403, and records nothing", async () => {
  const { api, email } = await newLearner();
  const view = await queueOf(api);
  const body = gradeBody(view, 4);
  const crossOrigin = await postJson(api, "/api/v1/review/grades", body, { origin: "https://evil.example" });
  expect(crossOrigin.status()).toBe(403);
  expect(((await crossOrigin.json()) as ApiError).error.code).toBe("cross-site");
  const crossSite = await postJson(api, "/api/v1/review/grades", body, { "sec-fetch-site": "cross-site" });
  expect(crossSite.status()).toBe(403);
  // What an HTML form on another site could send: not JSON.
  const form = await api.post("/api/v1/review/grades", {
    form: { reviewId: body.reviewId, itemId: body.itemId, quality: "4", expectedVersion: "0", durationMs: "1" },
    headers: { origin: baseURL },
  });
  expect(form.status()).toBe(403);
  expect(await logRows(email)).toEqual([]);
  await api.dispose();
});

test("a grade, then the same review id again: the repeat is a no-op answered with the first result", async () => {
  const { api, email } = await newLearner();
  const view = await queueOf(api);
  const body = gradeBody(view, 4);
  const first = await postJson(api, "/api/v1/review/grades", body);
  expect(first.status()).toBe(200);
  const graded = (await first.json()) as { grade: { duplicate: boolean; quality: number }; review: ReviewView };
  expect(graded.grade).toMatchObject({ duplicate: false, quality: 4 });
  expect(graded.review.current?.itemId).not.toBe(body.itemId);
  expect(graded.review.doneToday).toBe(1);
  const stateAfterFirst = await stateOf(email, body.itemId);
  const repeat = await postJson(api, "/api/v1/review/grades", body);
  expect(repeat.status()).toBe(200);
  const repeated = (await repeat.json()) as { grade: { duplicate: boolean; quality: number }; review: ReviewView };
  expect(repeated.grade).toMatchObject({ duplicate: true, quality: 4 });
  expect(repeated.review.doneToday).toBe(1);
  expect(await logRows(email)).toEqual([expect.objectContaining({ id: body.reviewId, quality: 4 })]);
  expect(await stateOf(email, body.itemId)).toEqual(stateAfterFirst);
  // A stale version is refused with its code, not recorded.
  const stale = await postJson(api, "/api/v1/review/grades", { ...gradeBody(graded.review, 5), expectedVersion: 99 });
  expect(stale.status()).toBe(409);
  expect(((await stale.json()) as ApiError).error.code).toBe("stale-state");
  expect(await logRows(email)).toHaveLength(1);
  await api.dispose();
});

test("undoes the named review and restores the item; the same undo again changes nothing", async () => {
  const { api, email } = await newLearner();
  const body = gradeBody(await queueOf(api), 5);
  const before = await stateOf(email, body.itemId);
  expect((await postJson(api, "/api/v1/review/grades", body)).status()).toBe(200);
  const undo = await postJson(api, "/api/v1/review/undo", { reviewId: body.reviewId });
  expect(undo.status()).toBe(200);
  const undone = (await undo.json()) as { undone: { reviewId: string; duplicate: boolean }; review: ReviewView };
  expect(undone.undone).toEqual({ reviewId: body.reviewId, itemId: body.itemId, duplicate: false });
  expect(undone.review.current?.itemId).toBe(body.itemId);
  expect(undone.review.doneToday).toBe(0);
  const restored = await stateOf(email, body.itemId);
  expect({ ...restored, version: before?.version }).toEqual(before);
  const rows = await logRows(email);
  expect(rows).toHaveLength(1);
  expect(rows[0]?.undoneAt).not.toBeNull();
  const again = await postJson(api, "/api/v1/review/undo", { reviewId: body.reviewId });
  expect(again.status()).toBe(200);
  expect(((await again.json()) as { undone: { duplicate: boolean } }).undone.duplicate).toBe(true);
  expect(await stateOf(email, body.itemId)).toEqual(restored);
  await api.dispose();
});

test("a second learner can neither grade with nor undo the first learner's review", async () => {
  const first = await newLearner();
  const second = await newLearner();
  const body = gradeBody(await queueOf(first.api), 4);
  expect((await postJson(first.api, "/api/v1/review/grades", body)).status()).toBe(200);
  const firstState = await stateOf(first.email, body.itemId);
  // Same review id, same item (items are shared, schedules are not).
  const theirs = gradeBody(await queueOf(second.api), 1, body.reviewId);
  const stolen = await postJson(second.api, "/api/v1/review/grades", theirs);
  expect(stolen.status()).toBe(409);
  expect(((await stolen.json()) as ApiError).error.code).toBe("conflict");
  const undo = await postJson(second.api, "/api/v1/review/undo", { reviewId: body.reviewId });
  expect(undo.status()).toBe(409);
  expect(((await undo.json()) as ApiError).error.code).toBe("nothing-to-undo");
  expect(await logRows(second.email)).toEqual([]);
  expect(await logRows(first.email)).toEqual([expect.objectContaining({ id: body.reviewId, undoneAt: null })]);
  expect(await stateOf(first.email, body.itemId)).toEqual(firstState);
  expect((await queueOf(first.api)).undoable).toBe(body.reviewId);
  await first.api.dispose();
  await second.api.dispose();
});

test("answers paths it does not serve with a 4xx, malformed ones included", async () => {
  const { api } = await newLearner();
  for (const path of ["/api/v1/review/nothing-here", "/api/v1/%E0%A4%A", "/api/v1/review/%ZZ"]) {
    const response = await api.get(path);
    expect(response.status(), path).toBeGreaterThanOrEqual(400);
    expect(response.status(), path).toBeLessThan(500);
  }
  const wrongMethod = await api.put("/api/v1/review/grades", { data: "{}", headers: jsonHeaders });
  expect(wrongMethod.status()).toBe(405);
  await api.dispose();
});

test("the app's own page can call the API with fetch: the browser's Origin and Sec-Fetch-Site pass", async ({
  page,
}) => {
  await signIn(page);
  await openReview(page);
  const status = await page.evaluate(async () => {
    const queue = (await (await fetch("/api/v1/review")).json()) as {
      review: { current: { itemId: string; version: number } | null };
    };
    const current = queue.review.current;
    if (!current) return -1;
    const response = await fetch("/api/v1/review/grades", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        reviewId: `page-${Date.now()}`,
        itemId: current.itemId,
        quality: 4,
        expectedVersion: current.version,
        durationMs: 900,
      }),
    });
    return response.status;
  });
  expect(status).toBe(200);
});
