import "server-only";
/**
 * Which database failures are the database's state rather than a bug: the
 * server is unreachable or restarting, a connection dropped, a statement or
 * a lock wait timed out, the disk is full. A request that meets one is
 * answered "try again later" (503 with Retry-After), never a 500; work that
 * is idempotent may be retried once at once.
 *
 * The errors come in several wrappings (Prisma's known request errors with a
 * P1xxx code, the driver adapter's error with its `cause.kind`, the raw
 * node-postgres or better-sqlite3 error), so the whole cause chain is read.
 */

export type Unavailability = "unreachable" | "timeout" | "storage-full";

/** Prisma's codes of an unreachable or lost server, a timed-out operation, a full pool. */
const PRISMA_CODES: Readonly<Record<string, Unavailability>> = {
  P1001: "unreachable",
  P1002: "timeout",
  P1008: "timeout",
  P1017: "unreachable",
  P2024: "timeout",
  P2037: "unreachable",
};

/** The driver adapters' error kinds (DriverAdapterError.cause.kind). */
const ADAPTER_KINDS: Readonly<Record<string, Unavailability>> = {
  DatabaseNotReachable: "unreachable",
  ConnectionClosed: "unreachable",
  SocketTimeout: "timeout",
  TooManyConnections: "unreachable",
};

/**
 * PostgreSQL SQLSTATEs: class 08 is a connection exception; 57P01–57P03 an
 * administrator or crash shutdown, or a server still starting; 57014 a
 * statement cancelled by statement_timeout; 53300 too many connections.
 */
function postgresState(code: string): Unavailability | null {
  if (code.startsWith("08") || code === "57P01" || code === "57P02" || code === "57P03" || code === "53300") {
    return "unreachable";
  }
  return code === "57014" ? "timeout" : null;
}

/** better-sqlite3's codes: a lock not released within the busy timeout, a full disk or quota, a failed write. */
function sqliteCode(code: string): Unavailability | null {
  if (code === "SQLITE_FULL" || code.startsWith("SQLITE_IOERR")) return "storage-full";
  return code.startsWith("SQLITE_BUSY") ? "timeout" : null;
}

/** Node's socket errors, and node-postgres's messages for a connection that never came or went away. */
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "ENOTFOUND", "EHOSTUNREACH"]);
const LOST_CONNECTION_MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /not queryable/i,
  /Can't reach database server/i,
  /Server has closed the connection/i,
];

function classifyOne(error: Record<string, unknown>): Unavailability | null {
  const code = typeof error.code === "string" ? error.code : null;
  const kind = typeof error.kind === "string" ? error.kind : null;
  if (code !== null) {
    const known = PRISMA_CODES[code] ?? sqliteCode(code) ?? (SOCKET_CODES.has(code) ? "unreachable" : null);
    if (known) return known;
    if (/^[0-9A-Z]{5}$/.test(code)) {
      const state = postgresState(code);
      if (state) return state;
    }
  }
  if (kind !== null) {
    const known = ADAPTER_KINDS[kind];
    if (known) return known;
    const original = typeof error.originalCode === "string" ? error.originalCode : null;
    if (kind === "postgres" && original) return postgresState(original);
    if (kind === "sqlite" && original) return sqliteCode(original);
  }
  const message = typeof error.message === "string" ? error.message : "";
  return LOST_CONNECTION_MESSAGES.some((m) => m.test(message)) ? "unreachable" : null;
}

/** Nested errors worth reading: `cause`, Prisma's `meta.driverAdapterError`, an AggregateError's `errors`. */
function nestedOf(error: Record<string, unknown>): unknown[] {
  const meta = error.meta as Record<string, unknown> | undefined;
  const errors = Array.isArray(error.errors) ? (error.errors as unknown[]) : [];
  return [error.cause, meta?.driverAdapterError, ...errors];
}

const MAX_CAUSE_DEPTH = 6;

/** What kind of unavailability `error` reports, or null when it is something else (a bug, a bad query). */
export function databaseUnavailability(error: unknown): Unavailability | null {
  const pending: { value: unknown; depth: number }[] = [{ value: error, depth: 0 }];
  while (pending.length > 0) {
    const { value, depth } = pending.pop()!;
    if (typeof value !== "object" || value === null || depth > MAX_CAUSE_DEPTH) continue;
    const found = classifyOne(value as Record<string, unknown>);
    if (found) return found;
    for (const next of nestedOf(value as Record<string, unknown>)) pending.push({ value: next, depth: depth + 1 });
  }
  return null;
}
