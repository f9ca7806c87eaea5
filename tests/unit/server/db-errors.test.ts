import { describe, expect, it } from "vitest";
import { databaseUnavailability } from "@/lib/server/db-errors";

/** An error shaped as a library throws it: a message and the library's own fields. */
function failure(message: string, fields: Record<string, unknown>): Error {
  return Object.assign(new Error(message), fields);
}

describe("which database failures are the database being away", () => {
  it("reads Prisma's codes and the driver adapters' kinds", () => {
    expect(databaseUnavailability(failure("Can't reach database server", { code: "P1001" }))).toBe("unreachable");
    expect(databaseUnavailability(failure("closed", { code: "P1017" }))).toBe("unreachable");
    expect(databaseUnavailability(failure("pool", { code: "P2024" }))).toBe("timeout");
    const adapter = failure("DriverAdapterError", { cause: { kind: "ConnectionClosed" } });
    expect(databaseUnavailability(adapter)).toBe("unreachable");
    const busy = failure("DriverAdapterError", { cause: { kind: "SocketTimeout" } });
    expect(databaseUnavailability(busy)).toBe("timeout");
  });

  it("reads PostgreSQL's states through every wrapping: shutdown, connection loss, statement timeout", () => {
    const shutdown = { kind: "postgres", code: "57P01", originalCode: "57P01", message: "terminating connection" };
    expect(
      databaseUnavailability(
        failure("raw query failed", { code: "P2010", meta: { driverAdapterError: { cause: shutdown } } }),
      ),
    ).toBe("unreachable");
    expect(databaseUnavailability(failure("x", { cause: failure("conn", { code: "08006", severity: "FATAL" }) }))).toBe(
      "unreachable",
    );
    expect(databaseUnavailability(failure("canceling statement due to statement timeout", { code: "57014" }))).toBe(
      "timeout",
    );
    expect(databaseUnavailability(new Error("Connection terminated unexpectedly"))).toBe("unreachable");
    expect(
      databaseUnavailability(
        failure("connect ECONNREFUSED 127.0.0.1:5432", { code: "ECONNREFUSED", syscall: "connect" }),
      ),
    ).toBe("unreachable");
    // better-auth wraps what its adapter threw.
    expect(
      databaseUnavailability(failure("Failed to get session", { cause: new Error("Connection terminated") })),
    ).toBe("unreachable");
  });

  it("reads SQLite's full disk and lock timeouts", () => {
    expect(databaseUnavailability(failure("database or disk is full", { code: "SQLITE_FULL" }))).toBe("storage-full");
    expect(databaseUnavailability(failure("disk I/O error", { code: "SQLITE_IOERR_WRITE" }))).toBe("storage-full");
    expect(databaseUnavailability(failure("database is locked", { code: "SQLITE_BUSY" }))).toBe("timeout");
  });

  it("leaves bugs and bad queries alone", () => {
    expect(databaseUnavailability(new TypeError("x is undefined"))).toBeNull();
    expect(databaseUnavailability(failure("Unique constraint failed", { code: "P2002" }))).toBeNull();
    expect(databaseUnavailability(failure("syntax error", { code: "42601", severity: "ERROR" }))).toBeNull();
    expect(databaseUnavailability(failure("constraint", { code: "SQLITE_CONSTRAINT_UNIQUE" }))).toBeNull();
    expect(databaseUnavailability("a string")).toBeNull();
    const loop: Record<string, unknown> = { message: "loop" };
    loop.cause = loop;
    expect(databaseUnavailability(loop)).toBeNull();
  });
});
