/**
 * The JSON API's route handlers (app/api/v1/review) on a real database:
 * the session is whatever getCurrentUser answers (here, the learner the
 * test names), everything else is the app's own code, from the cross-site
 * rule down to the data layer.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { exerciseItems } from "@/lib/content/schedulable";
import { listGenerators } from "@/lib/exercises";
import { syncItems } from "@/lib/server/content-store";
import type { CurrentUser } from "@/lib/server/auth";
import { type Db, createDb } from "@/lib/server/db";
import { answerExercise, revealExerciseSolution, startExerciseAttempt } from "@/lib/server/exercises";
import { MAX_API_BODY_BYTES } from "@/lib/server/json-api";
import { recordGrade } from "@/lib/server/review-input";
import type { ReviewSessionView } from "@/lib/server/reviews";
import { type TestDb, createTestDb, syncFixtureCards } from "../setup/test-db";

const served: { db: unknown; user: unknown } = vi.hoisted(() => ({ db: null, user: null }));

vi.mock("@/lib/server/auth", () => ({
  getCurrentUser: () => Promise.resolve(served.user),
  requireUser: () => Promise.reject(new Error("route handlers never redirect")),
}));
vi.mock("@/lib/server/db", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/server/db")>()),
  getDb: () => served.db,
}));

const { GET } = await import("@/app/api/v1/review/route");
const { POST: postGrade } = await import("@/app/api/v1/review/grades/route");
const { POST: postUndo } = await import("@/app/api/v1/review/undo/route");

const APP = "http://study.test";
const SYNCED_AT = new Date("2026-03-02T10:00:00Z");

let t: TestDb;
let learnerA: CurrentUser;
let learnerB: CurrentUser;
let seq = 0;

beforeAll(() => {
  process.env.BETTER_AUTH_URL = APP;
});

beforeEach(async () => {
  t = await createTestDb();
  await syncFixtureCards(t.db, SYNCED_AT);
  const a = await t.db.user.create({ data: { kind: "account", email: "a@example.test", name: "A" } });
  const b = await t.db.user.create({ data: { kind: "account", email: "b@example.test", name: "B" } });
  learnerA = { id: a.id, email: "a@example.test", name: "A" };
  learnerB = { id: b.id, email: "b@example.test", name: "B" };
  served.db = t.db;
  served.user = learnerA;
});
afterEach(async () => t.close());

function as(user: CurrentUser | null): void {
  served.user = user;
}

function post(path: string, body: unknown, headers: Record<string, string> = {}): Request {
  return new Request(`${APP}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: APP, ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

interface Json {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

async function json(response: Response | Promise<Response>): Promise<Json> {
  const r = await response;
  return { status: r.status, body: (await r.json()) as Record<string, unknown>, headers: r.headers };
}

async function queue(): Promise<ReviewSessionView> {
  const r = await json(GET(new Request(`${APP}/api/v1/review`)));
  expect(r.status).toBe(200);
  return r.body.review as ReviewSessionView;
}

function gradeOf(view: ReviewSessionView, quality = 4, reviewId = `api-review-${++seq}`) {
  if (!view.current) throw new Error("queue is empty");
  return { reviewId, itemId: view.current.itemId, quality, expectedVersion: view.current.version, durationMs: 1200 };
}

const grade = (body: unknown, headers?: Record<string, string>) =>
  json(postGrade(post("/api/v1/review/grades", body, headers)));
const undo = (body: unknown, headers?: Record<string, string>) =>
  json(postUndo(post("/api/v1/review/undo", body, headers)));
const logCount = () => t.db.reviewLog.count();

describe("authentication and the cross-site rule", () => {
  it("answers 401 JSON to every endpoint without a session, and writes nothing", async () => {
    as(null);
    for (const r of [
      await json(GET(new Request(`${APP}/api/v1/review`))),
      await grade({
        reviewId: "r-without-session",
        itemId: "card:fixture-l1",
        quality: 4,
        expectedVersion: 0,
        durationMs: 1,
      }),
      await undo({ reviewId: "r-without-session" }),
    ]) {
      expect(r.status).toBe(401);
      expect(r.body).toMatchObject({ error: { code: "unauthorized" } });
      expect(r.headers.get("cache-control")).toBe("no-store");
    }
    expect(await logCount()).toBe(0);
  });

  it("refuses a cross-origin or non-JSON write with 403 before reading it, even with a session", async () => {
    const input = gradeOf(await queue());
    const refused: Record<string, string>[] = [
      { origin: "https://evil.example" },
      { origin: APP, "sec-fetch-site": "cross-site" },
      { "content-type": "text/plain" },
      { "content-type": "application/x-www-form-urlencoded" },
    ];
    for (const headers of refused) {
      const r = await grade(input, headers);
      expect(r.status).toBe(403);
      expect(r.body).toMatchObject({ error: { code: "cross-site" } });
    }
    expect((await undo({ reviewId: input.reviewId }, { origin: "https://evil.example" })).status).toBe(403);
    expect(await logCount()).toBe(0);
    // A program that sends no browser headers at all is not a cross-site page.
    const bare = new Request(`${APP}/api/v1/review/grades`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(input),
    });
    const ok = await json(postGrade(bare));
    expect(ok.status).toBe(200);
  });
});

describe("bad input is a 4xx with a code, never a 500", () => {
  it("refuses malformed JSON, a wrong shape, an oversized and a deeply nested body", async () => {
    const input = gradeOf(await queue());
    const cases: [unknown, number, RegExp][] = [
      ["{not json", 400, /not valid JSON/],
      [{ ...input, quality: 7 }, 400, /quality/],
      [{ ...input, extra: 1 }, 400, /extra|Unrecognized/i],
      [{ ...input, reviewId: "no spaces allowed" }, 400, /reviewId/],
      [[input], 400, /input/],
      [{ ...input, detail: "x".repeat(MAX_API_BODY_BYTES) }, 413, /limit/],
      ["[".repeat(30_000) + "]".repeat(30_000), 400, /input/],
      [{ ...input, detail: JSON.parse("[".repeat(20) + "]".repeat(20)) as unknown }, 400, /detail/],
    ];
    for (const [body, status, message] of cases) {
      const r = await grade(body);
      expect(r.status, JSON.stringify(r.body)).toBe(status);
      const error = r.body.error as { code: string; message: string };
      expect(error.message).toMatch(message);
    }
    expect((await undo({ reviewId: 42 })).status).toBe(400);
    expect(await logCount()).toBe(0);
  });

  it("maps the data layer's refusals to 404 and 409 with their codes and messages", async () => {
    const view = await queue();
    const stale = await grade({ ...gradeOf(view), expectedVersion: view.current!.version + 1 });
    expect(stale).toMatchObject({ status: 409, body: { error: { code: "stale-state" } } });
    const missing = await grade({ ...gradeOf(view), itemId: "card:no-such-card" });
    expect(missing).toMatchObject({ status: 404, body: { error: { code: "not-found" } } });
    const nothing = await undo({ reviewId: "never-graded" });
    expect(nothing).toMatchObject({ status: 409, body: { error: { code: "nothing-to-undo" } } });
  });
});

describe("every answer is JSON with a request id", () => {
  it("answers a bug as a logged JSON 500 naming the request id, never an HTML page", async () => {
    const input = gradeOf(await queue());
    served.db = new Proxy(
      {},
      {
        get() {
          throw new TypeError("a bug in the data layer");
        },
      },
    );
    const r = await grade(input);
    expect(r.status).toBe(500);
    const id = r.headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.body).toMatchObject({ error: { code: "internal" } });
    expect((r.body.error as { message: string }).message).toContain(id);
    served.db = t.db;
    const ok = await grade(input);
    expect(ok.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(ok.headers.get("x-request-id")).not.toBe(id);
  });
});

describe("grading and undoing by review id", () => {
  it("grades the head, answers with the next one, and a repeat of the review id changes nothing", async () => {
    const before = await queue();
    const input = gradeOf(before, 4);
    const first = await grade(input);
    expect(first.status).toBe(200);
    expect(first.body.grade).toMatchObject({ reviewId: input.reviewId, duplicate: false, quality: 4, kind: "new" });
    const next = first.body.review as ReviewSessionView;
    expect(next.current?.itemId).not.toBe(input.itemId);
    expect(next.undoable).toBe(input.reviewId);
    const state = await t.db.itemState.findUniqueOrThrow({
      where: { userId_itemId: { userId: learnerA.id, itemId: input.itemId } },
    });
    const repeat = await grade(input);
    expect(repeat.status).toBe(200);
    expect(repeat.body.grade).toMatchObject({ reviewId: input.reviewId, duplicate: true, quality: 4 });
    expect(await logCount()).toBe(1);
    const after = await t.db.itemState.findUniqueOrThrow({
      where: { userId_itemId: { userId: learnerA.id, itemId: input.itemId } },
    });
    expect(after).toEqual(state);
  });

  it("undoes the named review, answers a repeated undo as a repeat, and refuses one that is not the latest", async () => {
    const first = gradeOf(await queue(), 5);
    await grade(first);
    const second = gradeOf(await queue(), 2);
    await grade(second);
    const older = await undo({ reviewId: first.reviewId });
    expect(older).toMatchObject({ status: 409, body: { error: { code: "undo-not-latest" } } });
    const undone = await undo({ reviewId: second.reviewId });
    expect(undone.status).toBe(200);
    expect(undone.body.undone).toEqual({ reviewId: second.reviewId, itemId: second.itemId, duplicate: false });
    expect((undone.body.review as ReviewSessionView).current?.itemId).toBe(second.itemId);
    expect((undone.body.review as ReviewSessionView).undoable).toBe(first.reviewId);
    const again = await undo({ reviewId: second.reviewId });
    expect(again.status).toBe(200);
    expect(again.body.undone).toEqual({ reviewId: second.reviewId, itemId: second.itemId, duplicate: true });
    // The repeat did not undo the review before it.
    const log = await t.db.reviewLog.findUniqueOrThrow({ where: { id: first.reviewId } });
    expect(log.undoneAt).toBeNull();
  });

  it("lets a second learner neither grade with nor undo the first learner's review", async () => {
    const input = gradeOf(await queue(), 4);
    expect((await grade(input)).status).toBe(200);
    as(learnerB);
    const theirs = gradeOf(await queue(), 1, input.reviewId);
    const stolen = await grade(theirs);
    expect(stolen).toMatchObject({ status: 409, body: { error: { code: "conflict" } } });
    const undoOther = await undo({ reviewId: input.reviewId });
    expect(undoOther).toMatchObject({ status: 409, body: { error: { code: "nothing-to-undo" } } });
    const rows = await t.db.reviewLog.findMany();
    expect(rows.map((r) => [r.id, r.userId, r.quality, r.undoneAt])).toEqual([[input.reviewId, learnerA.id, 4, null]]);
    as(learnerA);
    expect((await queue()).undoable).toBe(input.reviewId);
  });

  it("takes a computed exercise's grade from the attempt the server recorded, never from the body", async () => {
    await syncItems(t.db, "exercise", exerciseItems(listGenerators(), []), SYNCED_AT);
    await queue(); // enrolls the learner in the exercises
    const generatorId = "norm-lp";
    const itemId = `exercise:${generatorId}`;
    const state = await t.db.itemState.findUniqueOrThrow({
      where: { userId_itemId: { userId: learnerA.id, itemId } },
    });
    const base = { itemId, quality: 5, expectedVersion: state.version, durationMs: 10 };
    const noAttempt = await grade({ ...base, reviewId: "exercise-without-attempt" });
    expect(noAttempt).toMatchObject({ status: 400, body: { error: { code: "invalid-input" } } });
    const now = new Date();
    const view = await startExerciseAttempt(t.db, learnerA.id, generatorId, "review", now);
    await answerExercise(t.db, learnerA.id, view.attemptId, "-1", now);
    await revealExerciseSolution(t.db, learnerA.id, view.attemptId, now);
    const graded = await grade({ ...base, reviewId: "exercise-revealed", detail: { attemptId: view.attemptId } });
    expect(graded.status).toBe(200);
    // A reveal after a wrong answer is a 1, whatever the body claimed.
    expect(graded.body.grade).toMatchObject({ quality: 1, duplicate: false });
  });
});

describe("two server processes on one database", () => {
  it("records the same review id sent to both at once as one grade and one repeat", async () => {
    const other: Db = createDb(t.url);
    try {
      const input = gradeOf(await queue(), 4);
      const now = new Date();
      const results = await Promise.all([
        recordGrade(t.db, learnerA.id, input, now),
        recordGrade(other, learnerA.id, input, now),
      ]);
      expect(results.map((r) => r.duplicate).sort()).toEqual([false, true]);
      expect(await t.db.reviewLog.count({ where: { id: input.reviewId } })).toBe(1);
      const state = await t.db.itemState.findUniqueOrThrow({
        where: { userId_itemId: { userId: learnerA.id, itemId: input.itemId } },
      });
      expect(state.version).toBe(input.expectedVersion + 1);
    } finally {
      await other.$disconnect();
    }
  });
});
