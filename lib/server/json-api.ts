import "server-only";
/**
 * What every route of the JSON API (app/api/v1, docs/api.md) does around its
 * one call into the data layer: refuse cross-site writes, authenticate by
 * the session cookie, read a bounded JSON body and validate it with the
 * request's zod schema, and turn expected failures into JSON with a stable
 * code and a 4xx status (a database that is away, a 503 with Retry-After).
 * Anything else is a bug: logged with the request id, answered as a JSON 500.
 */
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { crossSiteRefusal } from "@/lib/net/same-origin";
import { describeIssues } from "./action-input";
import { type CurrentUser, getCurrentUser } from "./auth";
import { type Db, getDb } from "./db";
import { type Unavailability, databaseUnavailability } from "./db-errors";
import { DomainError, type DomainErrorCode } from "./errors";
import { serverEnv } from "./env";
import { logRequestError } from "./logger";
import { BodyTooLargeError, withBoundedBody } from "./request-body";

export type ApiErrorCode = DomainErrorCode | "cross-site" | "unavailable" | "internal";

/** The HTTP status of each expected failure. */
const STATUS_OF: Readonly<Record<DomainErrorCode, number>> = {
  "invalid-input": 400,
  unauthorized: 401,
  "not-found": 404,
  "stale-state": 409,
  conflict: 409,
  "nothing-to-undo": 409,
  "undo-not-latest": 409,
  "too-large": 413,
};

/** Largest request body of the API: a grade with its largest detail fits many times over. */
export const MAX_API_BODY_BYTES = 64 * 1024;

/** How long a client should wait before retrying when the database is away. */
const RETRY_AFTER_SECONDS: Readonly<Record<Unavailability, number>> = {
  unreachable: 1,
  timeout: 1,
  "storage-full": 5,
};

const UNAVAILABLE_MESSAGES: Readonly<Record<Unavailability, string>> = {
  unreachable: "The database cannot be reached right now; nothing was saved. Try again shortly.",
  timeout: "The database did not answer in time; nothing was saved. Try again shortly.",
  "storage-full": "The server's storage is full; nothing was saved. Try again later.",
};

const NO_STORE = { "Cache-Control": "no-store" } as const;

export function apiError(
  status: number,
  code: ApiErrorCode,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return Response.json({ error: { code, message } }, { status, headers: { ...NO_STORE, ...headers } });
}

function apiOk(body: unknown): Response {
  return Response.json(body, { headers: NO_STORE });
}

function unauthorized(): Response {
  return apiError(401, "unauthorized", "Sign in first: this API needs the session cookie of a signed-in learner.");
}

export interface ApiContext {
  user: CurrentUser;
  db: Db;
}

function isRetryable(error: unknown): boolean {
  return databaseUnavailability(error) === "unreachable";
}

/**
 * Every API call is idempotent (a grade and an undo are repeats by review
 * id), so one that lost its connection is tried once more at once: a pool
 * whose server restarted hands out dead connections before it notices.
 */
async function retryingOnce<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!isRetryable(error)) throw error;
    return run();
  }
}

/** The response to an expected failure; anything else is rethrown. */
function failureResponse(error: unknown): Response {
  if (error instanceof DomainError) return apiError(STATUS_OF[error.code], error.code, error.message);
  const unavailable = databaseUnavailability(error);
  if (unavailable === null) throw error;
  return apiError(503, "unavailable", UNAVAILABLE_MESSAGES[unavailable], {
    "Retry-After": String(RETRY_AFTER_SECONDS[unavailable]),
  });
}

async function answer(run: () => Promise<unknown>): Promise<Response> {
  try {
    return apiOk(await retryingOnce(run));
  } catch (error) {
    return failureResponse(error);
  }
}

/** The signed-in learner, or the response to send instead (401; 503 when the database is away). */
async function authenticate(): Promise<CurrentUser | Response> {
  try {
    return (await retryingOnce(getCurrentUser)) ?? unauthorized();
  } catch (error) {
    return failureResponse(error);
  }
}

/**
 * Tags the answer with a request id (X-Request-Id; proxy.ts does not run
 * for the API) and turns a bug into a logged JSON 500 naming that id, so an
 * API client never gets an HTML error page.
 */
async function tagged(request: Request, handle: () => Promise<Response>): Promise<Response> {
  const requestId = randomUUID();
  let response: Response;
  try {
    response = await handle();
  } catch (error) {
    logRequestError(
      error,
      { method: request.method, path: new URL(request.url).pathname, requestId },
      {
        routeType: "json-api",
      },
    );
    response = apiError(500, "internal", `The server failed to answer; it logged the failure as request ${requestId}.`);
  }
  response.headers.set("X-Request-Id", requestId);
  return response;
}

/** A read (GET): authenticated, no body. Safe to send cross-site: the browser does not let another site read it. */
export function serveRead(request: Request, run: (ctx: ApiContext) => Promise<unknown>): Promise<Response> {
  return tagged(request, async () => {
    const user = await authenticate();
    if (user instanceof Response) return user;
    const db = getDb();
    return answer(() => run({ user, db }));
  });
}

/** The request's body as JSON, at most `maxBodyBytes` of it, or the response refusing it. */
async function readJson(
  request: Request,
  maxBodyBytes: number,
): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
  let text: string;
  try {
    text = await (await withBoundedBody(request, maxBodyBytes)).text();
  } catch (error) {
    if (!(error instanceof BodyTooLargeError)) throw error;
    return { ok: false, response: apiError(413, "too-large", error.message) };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, response: apiError(400, "invalid-input", "The request body is not valid JSON.") };
  }
}

/**
 * A write (POST): refused as cross-site unless it is same-origin JSON
 * (lib/net/same-origin.ts), authenticated, its body bounded (by
 * MAX_API_BODY_BYTES, or the route's own `maxBodyBytes`) and validated
 * with `schema` before `run` sees it.
 */
export function serveWrite<S extends z.ZodType>(
  request: Request,
  schema: S,
  run: (ctx: ApiContext, input: z.infer<S>) => Promise<unknown>,
  { maxBodyBytes = MAX_API_BODY_BYTES }: { maxBodyBytes?: number } = {},
): Promise<Response> {
  return tagged(request, async () => {
    const refusal = crossSiteRefusal(request.headers, serverEnv().authUrl);
    if (refusal !== null) return apiError(403, "cross-site", refusal);
    const user = await authenticate();
    if (user instanceof Response) return user;
    const body = await readJson(request, maxBodyBytes);
    if (!body.ok) return body.response;
    const parsed = schema.safeParse(body.value);
    if (!parsed.success) return apiError(400, "invalid-input", describeIssues(parsed.error));
    const db = getDb();
    return answer(() => run({ user, db }, parsed.data));
  });
}
