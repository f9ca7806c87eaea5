import "server-only";
/**
 * The server's structured log: one JSON line per event on stdout (pino).
 * Secrets never reach it: cookies, authorization headers and anything named
 * like a password, token or secret are redacted wherever they appear, and
 * requests are logged by method, path and request id only, never by body.
 */
import pino from "pino";

const REDACTED_KEYS = ["password", "currentPassword", "newPassword", "token", "secret", "cookie", "authorization"];

const logger = pino({
  level: process.env.LOG_LEVEL ?? "info",
  base: { service: "dl-study" },
  redact: {
    paths: [...REDACTED_KEYS, ...REDACTED_KEYS.map((k) => `*.${k}`), ...REDACTED_KEYS.map((k) => `*.*.${k}`)],
    censor: "[redacted]",
  },
});

/** An unexpected failure while serving a request, with what identifies the request. */
export function logRequestError(
  error: unknown,
  request: { method: string; path: string; requestId: string | null },
  context: Record<string, string | undefined>,
): void {
  const err = error instanceof Error ? error : new Error(String(error));
  logger.error(
    {
      requestId: request.requestId,
      method: request.method,
      // The query string may carry tokens: the path alone identifies the route.
      path: request.path.split("?")[0],
      ...context,
      err: { name: err.name, message: err.message, stack: err.stack, digest: (err as { digest?: string }).digest },
    },
    "request failed",
  );
}

/** A background job (a parameter fit, the scheduler lab) that ended without its result: there is no request to fail. */
export function logJobFailure(job: string, error: unknown, context: Record<string, string | number | undefined>): void {
  const err = error instanceof Error ? error : new Error(String(error));
  logger.warn({ job, ...context, err: { name: err.name, message: err.message, stack: err.stack } }, "job failed");
}
