import "server-only";
/**
 * better-auth: email and password accounts, sessions stored in the database
 * (HttpOnly, SameSite=Lax cookies), passwords hashed with scrypt (better-auth's
 * default, memory-hard), sign-in and sign-up rate limited per client address
 * with counters in the database so every server process shares them.
 */
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { nextCookies } from "better-auth/next-js";
import { getDb } from "./db";
import { serverEnv } from "./env";
import { adoptLocalLearner } from "./users";

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 128;
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
    rateLimit: {
      enabled: true,
      storage: "database",
      window: RATE_WINDOW_S,
      max: 100,
      customRules: { "/sign-in/email": strict, "/sign-up/email": strict },
    },
    advanced: {
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
