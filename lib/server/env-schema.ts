/**
 * The server's configuration, validated with zod when the server starts
 * (scripts/serve.ts, before it listens) and on first use. A missing or
 * malformed variable stops the server with a message naming it. No
 * "server-only" here: the start script imports it outside Next.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { type TrustedProxies, TrustedProxiesError, parseTrustedProxies } from "../net/client-address";

/** Written by `npm run setup` for a single-machine install that sets no secret. */
export const LOCAL_SECRET_FILE = "data/.auth-secret";
const MIN_SECRET_LENGTH = 32;
/** Only for development and tests; production refuses to start without a real secret. */
const DEVELOPMENT_SECRET = "development-only-secret-do-not-use-in-production-0123456789";

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().optional(),
  BETTER_AUTH_SECRET: z
    .string()
    .min(MIN_SECRET_LENGTH, `must be at least ${MIN_SECRET_LENGTH} characters (e.g. \`openssl rand -hex 32\`)`)
    .optional(),
  BETTER_AUTH_URL: z.url("must be the public URL of the app, e.g. https://study.example.org").optional(),
  PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
  /** Sign-in and sign-up attempts allowed per client address per minute. */
  AUTH_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(10),
  /** Proxies whose X-Forwarded-For is believed (addresses or CIDR networks, comma-separated). */
  TRUSTED_PROXIES: z.string().optional(),
});

export interface ServerEnv {
  nodeEnv: "development" | "production" | "test";
  authSecret: string;
  authUrl: string;
  authRateLimitPerMinute: number;
  trustedProxies: TrustedProxies;
}

export class EnvError extends Error {
  override name = "EnvError";
}

function readLocalSecret(cwd: string): string | undefined {
  const file = path.join(cwd, LOCAL_SECRET_FILE);
  return existsSync(file) ? readFileSync(file, "utf8").trim() : undefined;
}

export function parseEnv(raw: NodeJS.ProcessEnv, cwd = process.cwd()): ServerEnv {
  const parsed = envSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new EnvError(`Invalid environment:\n${lines.join("\n")}`);
  }
  const env = parsed.data;
  let trustedProxies: TrustedProxies;
  try {
    trustedProxies = parseTrustedProxies(env.TRUSTED_PROXIES);
  } catch (error) {
    if (error instanceof TrustedProxiesError) throw new EnvError(`Invalid environment:\n  ${error.message}`);
    throw error;
  }
  let secret = env.BETTER_AUTH_SECRET ?? readLocalSecret(cwd);
  if (!secret || secret.length < MIN_SECRET_LENGTH) {
    if (env.NODE_ENV === "production") {
      throw new EnvError(
        `BETTER_AUTH_SECRET is missing: set it to a random string of at least ${MIN_SECRET_LENGTH} characters ` +
          `(e.g. \`openssl rand -hex 32\`), or run \`npm run setup\` to create ${LOCAL_SECRET_FILE} for a single-machine install.`,
      );
    }
    secret = DEVELOPMENT_SECRET;
  }
  return {
    nodeEnv: env.NODE_ENV,
    authSecret: secret,
    authUrl: env.BETTER_AUTH_URL ?? `http://localhost:${env.PORT}`,
    authRateLimitPerMinute: env.AUTH_RATE_LIMIT_PER_MINUTE,
    trustedProxies,
  };
}
