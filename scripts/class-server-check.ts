/**
 * `scripts/class-server.sh --check`: what the class setup must do, tried
 * through its nginx (PUBLIC_URL) against its PROCESSES app processes:
 *
 * - a learner signs up and grades through the JSON API behind nginx;
 * - every app process serves that learner's session and the same queue
 *   (nothing of it lives in one process's memory);
 * - the client address the app records is the one nginx saw, not one the
 *   client wrote into X-Forwarded-For;
 * - sign-in attempts are limited per client address across all processes.
 *
 * Prints one line per check and exits 1 if any failed.
 */
import { randomUUID } from "node:crypto";
import { request as httpRequest } from "node:http";
import pg from "pg";

const publicUrl = new URL(process.env.PUBLIC_URL ?? "http://127.0.0.1:4100");
const processes = Number(process.env.PROCESSES ?? 2);
const databaseUrl = process.env.DATABASE_URL ?? "";
/** A client on "another machine": a loopback address other than nginx's own 127.0.0.1. */
const REMOTE_CLIENT = "127.0.0.2";
const RATE_LIMIT_CLIENT = "127.0.0.3";
const FORGED = "203.0.113.66";
const PASSWORD = "class-server-check-password";
const AUTH_RATE_LIMIT = Number(process.env.AUTH_RATE_LIMIT_PER_MINUTE ?? 10);

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(
  port: number,
  method: string,
  path: string,
  options: { body?: unknown; cookie?: string; from?: string; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: publicUrl.hostname,
        port,
        path,
        method,
        ...(options.from ? { localAddress: options.from } : {}),
        headers: {
          origin: publicUrl.origin,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
          ...(options.cookie ? { cookie: options.cookie } : {}),
          ...options.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }),
        );
      },
    );
    req.on("error", reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

function cookieOf(reply: Reply): string {
  const setCookie = reply.headers["set-cookie"] ?? [];
  return (Array.isArray(setCookie) ? setCookie : [setCookie]).map((c) => c.split(";")[0]).join("; ");
}

const results: { check: string; ok: boolean; detail: string }[] = [];
function record(check: string, ok: boolean, detail: string): void {
  results.push({ check, ok, detail });
  console.log(`${ok ? "ok  " : "FAIL"} ${check}: ${detail}`);
}

const nginxPort = Number(publicUrl.port);
const email = `class-check-${randomUUID()}@example.test`;
const signUp = await send(nginxPort, "POST", "/api/auth/sign-up/email", {
  body: { email, password: PASSWORD, name: "Class check" },
  from: REMOTE_CLIENT,
  headers: { "x-forwarded-for": FORGED },
});
record("sign-up through nginx", signUp.status === 200, `HTTP ${signUp.status}`);
const cookie = cookieOf(signUp);

const queue = await send(nginxPort, "GET", "/api/v1/review", { cookie });
const current = (JSON.parse(queue.body) as { review?: { current?: { itemId: string; version: number } } }).review
  ?.current;
const grade = current
  ? await send(nginxPort, "POST", "/api/v1/review/grades", {
      cookie,
      body: {
        reviewId: `class-check-${randomUUID()}`,
        itemId: current.itemId,
        quality: 4,
        expectedVersion: current.version,
        durationMs: 1000,
      },
    })
  : null;
record("grade through nginx (JSON API)", grade?.status === 200, `HTTP ${grade?.status ?? "no item to grade"}`);

const views = await Promise.all(
  Array.from({ length: processes }, (_, i) => send(nginxPort + 1 + i, "GET", "/api/v1/review", { cookie })),
);
const heads = views.map((v) => {
  const review = (JSON.parse(v.body) as { review?: { current: { itemId: string; version: number } | null } }).review;
  return `${review?.current?.itemId}@${review?.current?.version}`;
});
const agree =
  views.every((v) => v.status === 200) && new Set(heads).size === 1 && !heads[0]?.startsWith(current?.itemId ?? "-");
record(
  "every app process serves the session and the same queue",
  agree,
  views.map((v, i) => `:${nginxPort + 1 + i} HTTP ${v.status}, next ${heads[i]}`).join("; "),
);

const db = new pg.Client({ connectionString: databaseUrl });
await db.connect();
try {
  const { rows } = await db.query<{ ipAddress: string | null }>(
    `SELECT s."ipAddress" FROM "Session" s JOIN "User" u ON u."id" = s."userId" WHERE u."email" = $1`,
    [email],
  );
  const address = rows[0]?.ipAddress ?? null;
  record(
    "the recorded client address is the one nginx saw",
    address === REMOTE_CLIENT,
    `session address ${address ?? "none"} (connected from ${REMOTE_CLIENT}, forged X-Forwarded-For ${FORGED})`,
  );
} finally {
  await db.end();
}

const statuses: number[] = [];
for (let i = 0; i <= AUTH_RATE_LIMIT; i++) {
  const r = await send(nginxPort, "POST", "/api/auth/sign-in/email", {
    body: { email, password: "not-the-password-at-all" },
    from: RATE_LIMIT_CLIENT,
    headers: { "x-forwarded-for": `198.51.100.${i + 1}` },
  });
  statuses.push(r.status);
}
const limited = statuses.slice(0, AUTH_RATE_LIMIT).every((s) => s === 401) && statuses[AUTH_RATE_LIMIT] === 429;
record(
  `sign-in limited to ${AUTH_RATE_LIMIT} a minute per client address across ${processes} processes`,
  limited,
  statuses.join(" "),
);

process.exit(results.every((r) => r.ok) ? 0 : 1);
