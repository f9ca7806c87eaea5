import "server-only";
/**
 * better-auth: email and password accounts, sessions stored in the database
 * (HttpOnly, SameSite=Lax cookies), passwords hashed with scrypt (better-auth's
 * default, memory-hard), sign-in and sign-up rate limited per client address
 * with counters in the database so every server process shares them.
 */
import { betterAuth } from "better-auth";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { nextCookies } from "better-auth/next-js";
import { getDb } from "./db";
import { serverEnv } from "./env";
import { adoptLocalLearner } from "./users";
import { CLIENT_ADDRESS_HEADER } from "../net/client-address";
import { isValidTimeZone } from "../srs/day";

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 128;
/** Longest display name kept. */
const MAX_NAME_LENGTH = 100;
/** Longest email address (RFC 5321's path limit, as RFC 3696 errata 1690 explains). */
const MAX_EMAIL_LENGTH = 254;

/** Body fields of the auth endpoints that are bounded, with their limits. */
const FIELD_LIMITS: readonly { field: string; max: number; label: string }[] = [
  { field: "name", max: MAX_NAME_LENGTH, label: "Name" },
  { field: "email", max: MAX_EMAIL_LENGTH, label: "Email" },
  { field: "newEmail", max: MAX_EMAIL_LENGTH, label: "Email" },
];

/**
 * Runs before every auth endpoint: refuses over-long names and emails with
 * a message naming the field (on sign-up, sign-in, profile and email
 * changes alike), and makes a password change sign out the account's other
 * sessions whatever the request asked.
 */
const guardAuthRequests = createAuthMiddleware((ctx) => {
  // A crafted request can send any JSON as the body: only an object has fields to check.
  const body: Record<string, unknown> =
    typeof ctx.body === "object" && ctx.body !== null && !Array.isArray(ctx.body)
      ? (ctx.body as Record<string, unknown>)
      : {};
  for (const { field, max, label } of FIELD_LIMITS) {
    const value = body[field];
    if (typeof value === "string" && value.length > max) {
      throw new APIError("BAD_REQUEST", {
        message: `${label} is too long: at most ${max} characters.`,
        code: `${field.toUpperCase()}_TOO_LONG`,
      });
    }
  }
  if ("timeZone" in body && (typeof body.timeZone !== "string" || !isValidTimeZone(body.timeZone))) {
    throw new APIError("BAD_REQUEST", {
      message: "timeZone must be an IANA time zone such as Asia/Shanghai.",
      code: "INVALID_TIME_ZONE",
    });
  }
  const context = ctx.path === "/change-password" ? { body: { ...body, revokeOtherSessions: true } } : {};
  return Promise.resolve({ context });
});
const RATE_WINDOW_S = 60;
const SESSION_DAYS = 30;

function createAuth() {
  const env = serverEnv();
  const db = getDb();
  const strict = { window: RATE_WINDOW_S, max: env.authRateLimitPerMinute };
  return betterAuth({
    appName: "Deep Learning Review",
    baseURL: env.authUrl,
    secret: env.authSecret,
    database: prismaAdapter(db, { provider: "sqlite" }),
    telemetry: { enabled: false },
    emailAndPassword: {
      enabled: true,
      minPasswordLength: MIN_PASSWORD_LENGTH,
      maxPasswordLength: MAX_PASSWORD_LENGTH,
      autoSignIn: true,
    },
    session: { expiresIn: SESSION_DAYS * 24 * 60 * 60 },
    // A new account starts in the browser's time zone (sent by the sign-up form), so its day starts at the right hour.
    user: { additionalFields: { timeZone: { type: "string", required: false, input: true } } },
    rateLimit: {
      enabled: true,
      storage: "database",
      window: RATE_WINDOW_S,
      max: 100,
      customRules: { "/sign-in/email": strict, "/sign-up/email": strict, "/change-password": strict },
    },
    hooks: { before: guardAuthRequests },
    advanced: {
      // scripts/serve.ts stamps this header with the TCP peer (or the hop a trusted proxy vouches
      // for), replacing what the client sent: never key the rate limit on a client-chosen header.
      ipAddress: { ipAddressHeaders: [CLIENT_ADDRESS_HEADER] },
      useSecureCookies: env.authUrl.startsWith("https://"),
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax" },
    },
    databaseHooks: {
      user: {
        create: {
          // The first account inherits what the local learner reviewed before accounts existed.
          after: async (user) => {
            await adoptLocalLearner(db, user.id);
          },
        },
      },
    },
    plugins: [nextCookies()],
  });
}

export type Auth = ReturnType<typeof createAuth>;

const globalForAuth = globalThis as unknown as { __studyAuth?: Auth };

export function getAuth(): Auth {
  globalForAuth.__studyAuth ??= createAuth();
  return globalForAuth.__studyAuth;
}
