/**
 * The floor of `npm run bench:load`: the JSON API's review loop served by a
 * bare node:http handler on the raw driver (better-sqlite3 or pg) of the
 * engine DATABASE_URL names, with no Next, Prisma or better-auth in between.
 * Per request it runs the statements the app runs: the session lookup (one
 * join, where better-auth asks for the session with its user), the grade
 * transaction of gradeItem (learner, repeat check, state, version-guarded
 * update, log row) and the queue read of fetchReviewSession (the very
 * Prisma.sql objects of lib/server/sql/queue.ts), with the same pure core
 * (previewReview, buildQueue). What the app spends beyond this is what the
 * framework costs.
 *
 * Sign-up here only creates the learner and a session (no password hash):
 * the benchmark times grades, not sign-ups.
 *
 *   DATABASE_URL=… PORT=4180 node --conditions=react-server --import tsx scripts/bench-load-floor.ts
 */
import { randomBytes, randomUUID } from "node:crypto";
import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import Database from "better-sqlite3";
import pg from "pg";
import { engineOf, resolveDatabaseUrl, sqliteFilePath } from "../lib/server/database-url";
import { Prisma } from "../lib/server/generated/prisma/client";
import { countReviewSql } from "../lib/server/review-aggregates";
import { toScheduleState } from "../lib/server/reviews";
import {
  type QueueContextRow,
  type StateRow,
  queueContextSql,
  queueSnapshotSql,
  toNumber,
  toStateRow,
} from "../lib/server/sql/queue";
import { dayContextOf, limitsOf } from "../lib/server/users";
import { learnerDayKey, learnerDayStart } from "../lib/srs/day";
import { NOTHING_DONE, buildQueue, queueSectionOf, remainingLimits } from "../lib/srs/queue";
import { SCHEDULED_REVIEW_KINDS, clampDurationMs, previewReview } from "../lib/srs/schedule";
import { QUALITIES, isQuality } from "../lib/srs/sm2";
import { INITIAL_EASE_PERMILLE } from "../lib/srs/sm2";

const url = resolveDatabaseUrl(process.env.DATABASE_URL);
const postgres = engineOf(url) === "postgresql";
const port = Number(process.env.PORT ?? 4180);
const SESSION_COOKIE = "floor.session";
const SESSION_DAYS = 30;
/** As lib/server/db.ts: connections per process, busy timeout, statement timeout. */
const POOL_SIZE = 10;
const BUSY_TIMEOUT_MS = 10_000;
const STATEMENT_TIMEOUT_MS = 15_000;

type Row = Record<string, unknown>;

interface Statement {
  text: string;
  values: unknown[];
}

interface Queryable {
  all(statement: Statement): Promise<Row[]>;
}

interface Driver extends Queryable {
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
}

/** Instants as each engine's Prisma adapter writes them: ISO text in SQLite, a zone-less UTC timestamp in PostgreSQL. */
function toDriverValue(value: unknown): unknown {
  if (!(value instanceof Date)) return value;
  return postgres ? value.toISOString().replace("Z", "") : value.toISOString().replace("Z", "+00:00");
}

function toDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  if (typeof value === "string" || typeof value === "number") return new Date(value);
  throw new TypeError(`Not an instant: ${typeof value}`);
}

/** A Prisma.sql statement in the driver's placeholder style. */
function fromSql(sql: Prisma.Sql): Statement {
  return { text: postgres ? sql.text : sql.sql, values: sql.values };
}

/** A statement written here with `?` placeholders, numbered for PostgreSQL. */
function statement(text: string, ...values: unknown[]): Statement {
  let n = 0;
  return { text: postgres ? text.replace(/\?/g, () => `$${++n}`) : text, values };
}

function sqliteDriver(): Driver {
  const db = new Database(sqliteFilePath(url), { timeout: BUSY_TIMEOUT_MS });
  db.pragma("journal_mode = WAL");
  const cache = new Map<string, Database.Statement>();
  const run = (s: Statement): Row[] => {
    let prepared = cache.get(s.text);
    if (!prepared) {
      prepared = db.prepare(s.text);
      cache.set(s.text, prepared);
    }
    const values = s.values.map(toDriverValue);
    if (prepared.reader) return prepared.all(...values) as Row[];
    prepared.run(...values);
    return [];
  };
  // One connection: transactions take turns, as in Prisma's better-sqlite3 adapter.
  let queue: Promise<unknown> = Promise.resolve();
  const queryable: Queryable = { all: (s) => Promise.resolve(run(s)) };
  return {
    ...queryable,
    transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
      const turn = queue.then(async () => {
        db.exec("BEGIN");
        try {
          const result = await work(queryable);
          db.exec("COMMIT");
          return result;
        } catch (error) {
          db.exec("ROLLBACK");
          throw error;
        }
      });
      queue = turn.catch(() => undefined);
      return turn;
    },
  };
}

function postgresDriver(): Driver {
  pg.types.setTypeParser(pg.types.builtins.TIMESTAMP, (text) => new Date(`${text.replace(" ", "T")}Z`));
  const pool = new pg.Pool({
    connectionString: url,
    max: POOL_SIZE,
    statement_timeout: STATEMENT_TIMEOUT_MS,
    options: "-c TimeZone=UTC",
  });
  pool.on("error", () => undefined);
  const on = (client: pg.Pool | pg.PoolClient): Queryable => ({
    async all(s) {
      return (await client.query(s.text, s.values.map(toDriverValue))).rows as Row[];
    },
  });
  return {
    ...on(pool),
    async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const result = await work(on(client));
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
  };
}

const db: Driver = postgres ? postgresDriver() : sqliteDriver();

class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function learnerOf(request: IncomingMessage): Promise<Row> {
  const token = /(?:^|;\s*)floor\.session=([^;]+)/.exec(request.headers.cookie ?? "")?.[1];
  if (!token) throw new Refusal(401, "unauthorized", "Sign in first.");
  const [row] = await db.all(
    statement(
      `SELECT s."id" AS "sessionId", s."expiresAt", u."id", u."email", u."name" FROM "Session" s
       JOIN "User" u ON u."id" = s."userId" WHERE s."token" = ?`,
      token,
    ),
  );
  if (!row || (toDate(row.expiresAt)?.getTime() ?? 0) < Date.now()) throw new Refusal(401, "unauthorized", "Sign in.");
  return row;
}

async function signUp(body: Row): Promise<{ cookie: string; body: unknown }> {
  const now = new Date();
  const id = randomUUID();
  const token = randomBytes(24).toString("base64url");
  await db.all(
    statement(
      `INSERT INTO "User" ("id", "email", "name", "kind", "createdAt", "updatedAt") VALUES (?, ?, ?, 'account', ?, ?)`,
      id,
      typeof body.email === "string" ? body.email : "",
      typeof body.name === "string" ? body.name : "",
      now,
      now,
    ),
  );
  await db.all(
    statement(
      `INSERT INTO "Session" ("id", "token", "userId", "expiresAt", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?)`,
      randomUUID(),
      token,
      id,
      new Date(now.getTime() + SESSION_DAYS * 86_400_000),
      now,
      now,
    ),
  );
  return { cookie: `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax`, body: { user: { id } } };
}

/** insertMissingStates of lib/server/sql/queue.ts, statement for statement. */
async function enroll(userId: string, contentVersion: number): Promise<void> {
  await db.transaction(async (tx) => {
    const ease = postgres
      ? Prisma.sql`CAST(${INITIAL_EASE_PERMILLE} AS INTEGER)`
      : Prisma.sql`${INITIAL_EASE_PERMILLE}`;
    await tx.all(
      fromSql(Prisma.sql`
        INSERT INTO "ItemState" ("userId", "itemId", "status", "position", "repetitions", "intervalDays",
                                 "easePermille", "lapses", "redrill", "version")
        SELECT ${userId}, i."id", 'new', i."position", 0, 0, ${ease}, 0, 'none', 0
        FROM "Item" i
        WHERE i."retiredAt" IS NULL
          AND NOT EXISTS (SELECT 1 FROM "ItemState" s WHERE s."userId" = ${userId} AND s."itemId" = i."id")`),
    );
    await tx.all(statement(`UPDATE "User" SET "enrolledContentVersion" = ? WHERE "id" = ?`, contentVersion, userId));
  });
}

/** fetchReviewSession's statements and pure core, for the view the API answers with. */
async function reviewView(userId: string, now: Date) {
  const [context] = (await db.all(fromSql(queueContextSql(userId)))) as unknown as QueueContextRow[];
  if (!context) throw new Refusal(404, "not-found", "No such learner.");
  const contentVersion = Number(context.contentVersion ?? 0);
  if (toNumber(context.enrolledContentVersion) !== contentVersion) await enroll(userId, contentVersion);
  const learner = {
    timeZone: context.timeZone,
    dayStartHour: toNumber(context.dayStartHour),
    newPerDay: toNumber(context.newPerDay),
    maxReviewsPerDay: toNumber(context.maxReviewsPerDay),
    extraNewDayKey: context.extraNewDayKey,
    extraNewCount: toNumber(context.extraNewCount),
  };
  const day = dayContextOf(learner);
  const dayStart = learnerDayStart(now, day);
  const dayKey = learnerDayKey(now, day);
  const limits = limitsOf(learner, dayKey);
  const rows = await db.all(
    fromSql(queueSnapshotSql(userId, now, dayStart, limits.maxReviewsPerDay, limits.newPerDay, SCHEDULED_REVIEW_KINDS)),
  );
  const meta = rows.find((r) => r.section === "meta");
  if (!meta) throw new Error("The queue snapshot has no meta row");
  const done = {
    ...NOTHING_DONE,
    new: toNumber(meta.doneNew),
    review: toNumber(meta.doneReview),
    relearn: toNumber(meta.doneRelearn),
    practice: toNumber(meta.donePractice),
    drill: toNumber(meta.doneDrill),
  };
  const remaining = remainingLimits(limits, done);
  const candidates = new Map<string, { row: StateRow; kind: string; payload: string }>();
  for (const r of rows) {
    if (r.section === "meta") continue;
    if (r.section === "due" && remaining.reviewLimit === 0) continue;
    if (r.section === "new" && remaining.newLimit === 0) continue;
    const row = toStateRow(r);
    candidates.set(row.itemId, { row, kind: String(r.kind), payload: String(r.payload) });
  }
  const queue = buildQueue(
    [...candidates.values()].map(({ row }) => ({
      itemId: row.itemId,
      position: row.position,
      state: toScheduleState(row),
    })),
    remaining,
    now,
    day,
  );
  const counts = {
    due: Math.min(toNumber(meta.dueCount), remaining.reviewLimit),
    new: Math.min(toNumber(meta.newCount), remaining.newLimit),
    redrill: queue.filter((e) => e.section === "redrill").length,
  };
  const head = queue[0];
  let current = null;
  if (head) {
    const item = candidates.get(head.itemId);
    if (!item) throw new Error(`Queue item ${head.itemId} vanished`);
    const preview = previewReview(head.state, now, day);
    current = {
      itemId: head.itemId,
      itemKind: item.kind,
      version: item.row.version,
      section: head.section,
      reviewKind: preview[0].kind,
      payload: JSON.parse(item.payload) as unknown,
      options: QUALITIES.map((q) => ({
        quality: q,
        kind: preview[q].kind,
        intervalDays: preview[q].next.intervalDays,
        dueAt: preview[q].next.dueAt?.toISOString() ?? null,
      })),
    };
  }
  return {
    now: now.toISOString(),
    dayKey,
    timeZone: day.timeZone,
    current,
    remaining: { ...counts, total: counts.due + counts.new + counts.redrill },
    doneToday: done.new + done.review + done.relearn + done.practice,
    nextWorkAt: null,
    undoable: typeof meta.undoable === "string" ? meta.undoable : null,
  };
}

function resultOf(log: Row, duplicate: boolean) {
  const dueAfter = toDate(log.dueAfter);
  return {
    reviewId: String(log.id),
    duplicate,
    kind: String(log.kind),
    quality: toNumber(log.quality),
    intervalDays: toNumber(log.intervalAfter),
    dueAt: dueAfter ? dueAfter.toISOString() : null,
  };
}

/** gradeItem's transaction, statement for statement. */
async function grade(userId: string, input: Row, now: Date) {
  const quality = input.quality;
  const reviewId = String(input.reviewId);
  const itemId = String(input.itemId);
  const expectedVersion = Number(input.expectedVersion);
  if (typeof quality !== "number" || !isQuality(quality)) throw new Refusal(400, "invalid-input", "Bad quality.");
  const durationMs = clampDurationMs(Number(input.durationMs));
  const [learner] = await db.all(statement(`SELECT * FROM "User" WHERE "id" = ?`, userId));
  if (!learner) throw new Refusal(404, "not-found", "No such learner.");
  const day = dayContextOf({ timeZone: String(learner.timeZone), dayStartHour: toNumber(learner.dayStartHour) });
  return db.transaction(async (tx) => {
    const [seen] = await tx.all(statement(`SELECT * FROM "ReviewLog" WHERE "id" = ?`, reviewId));
    if (seen) {
      if (seen.userId === userId && seen.itemId === itemId) return resultOf(seen, true);
      throw new Refusal(409, "conflict", "This review id was already used for another review.");
    }
    const [raw] = await tx.all(
      statement(`SELECT * FROM "ItemState" WHERE "userId" = ? AND "itemId" = ?`, userId, itemId),
    );
    if (!raw || raw.status === "retired") throw new Refusal(404, "not-found", `No item "${itemId}" to review.`);
    const row = toStateRow(raw);
    if (row.version !== expectedVersion) throw new Refusal(409, "stale-state", "This item changed since it was shown.");
    const state = toScheduleState(row);
    if (queueSectionOf(state, now, day) === null) throw new Refusal(400, "invalid-input", "Not due today.");
    const outcome = previewReview(state, now, day)[quality];
    const next = outcome.next;
    const updated = await tx.all(
      statement(
        `UPDATE "ItemState" SET "status" = ?, "repetitions" = ?, "intervalDays" = ?, "easePermille" = ?, "dueAt" = ?,
         "lapses" = ?, "lastReviewedAt" = ?, "redrill" = ?, "version" = "version" + 1
         WHERE "userId" = ? AND "itemId" = ? AND "version" = ? RETURNING "version"`,
        next.status,
        next.repetitions,
        next.intervalDays,
        next.easePermille,
        next.dueAt,
        next.lapses,
        next.lastReviewedAt,
        next.redrill,
        userId,
        itemId,
        expectedVersion,
      ),
    );
    if (updated.length !== 1) throw new Refusal(409, "stale-state", "This item changed while it was being graded.");
    const [log] = await tx.all(
      statement(
        `INSERT INTO "ReviewLog" ("id", "userId", "itemId", "kind", "quality", "reviewedAt", "durationMs", "repsBefore",
           "intervalBefore", "easeBefore", "dueBefore", "statusBefore", "redrillBefore", "lapsesBefore",
           "lastReviewedBefore", "repsAfter", "intervalAfter", "easeAfter", "dueAfter", "detail")
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
        reviewId,
        userId,
        itemId,
        outcome.kind,
        quality,
        now,
        durationMs,
        state.repetitions,
        state.intervalDays,
        state.easePermille,
        state.dueAt,
        state.status,
        state.redrill,
        state.lapses,
        state.lastReviewedAt,
        next.repetitions,
        next.intervalDays,
        next.easePermille,
        next.dueAt,
        input.detail === undefined ? null : JSON.stringify(input.detail),
      ),
    );
    if (!log) throw new Error("The log row was not written");
    await tx.all(
      fromSql(
        countReviewSql(
          {
            userId,
            itemId,
            kind: outcome.kind,
            quality,
            reviewedAt: now,
            durationMs,
            intervalBefore: state.intervalDays,
          },
          1,
        ),
      ),
    );
    return resultOf(log, false);
  });
}

/** Largest body read, as the app's API (lib/server/json-api.ts). */
const MAX_BODY_BYTES = 64 * 1024;

async function readBody(request: IncomingMessage): Promise<Row> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).byteLength;
    if (size > MAX_BODY_BYTES) throw new Refusal(413, "too-large", "Too large.");
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8")) as Row;
  } catch {
    throw new Refusal(400, "invalid-input", "Not JSON.");
  }
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { "content-type": "application/json", "cache-control": "no-store", ...headers });
  response.end(JSON.stringify(body));
}

async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = (request.url ?? "/").split("?")[0];
  try {
    if (request.method === "POST" && path === "/api/auth/sign-up/email") {
      const made = await signUp(await readBody(request));
      send(response, 200, made.body, { "set-cookie": made.cookie });
    } else if (request.method === "GET" && path === "/api/v1/review") {
      const user = await learnerOf(request);
      send(response, 200, { review: await reviewView(String(user.id), new Date()) });
    } else if (request.method === "POST" && path === "/api/v1/review/grades") {
      if (!String(request.headers["content-type"] ?? "").startsWith("application/json")) {
        throw new Refusal(403, "cross-site", "JSON only.");
      }
      const user = await learnerOf(request);
      const input = await readBody(request);
      const result = await grade(String(user.id), input, new Date());
      send(response, 200, { grade: result, review: await reviewView(String(user.id), new Date()) });
    } else {
      send(response, 404, { error: { code: "not-found", message: "The floor serves the review loop only." } });
    }
  } catch (error) {
    if (error instanceof Refusal) send(response, error.status, { error: { code: error.code, message: error.message } });
    else {
      console.error(error);
      send(response, 500, { error: { code: "internal", message: "floor failure" } });
    }
  }
}

const server = createServer((request, response) => void handle(request, response));
server.listen(port, "127.0.0.1", () =>
  console.log(`Floor serving on port ${port} (${postgres ? "postgresql" : "sqlite"}).`),
);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 2_000).unref();
  });
}
