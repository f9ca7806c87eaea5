import "server-only";
/**
 * Every raw SQL statement of the app lives here, written in the subset that
 * SQLite and PostgreSQL share (quoted identifiers, INSERT … SELECT, NOT EXISTS,
 * bound parameters), so a move to PostgreSQL touches this one file at most.
 */
import { INITIAL_EASE_PERMILLE } from "@/lib/srs/sm2";
import type { Db } from "./db";

type Tx = Pick<Db, "$executeRaw" | "$queryRaw">;

/**
 * Gives the learner a "new" schedule row for every active item they lack.
 * One statement, whatever the number of items.
 */
export async function insertMissingStates(tx: Tx, userId: string): Promise<number> {
  return tx.$executeRaw`
    INSERT INTO "ItemState" ("userId", "itemId", "status", "position", "repetitions", "intervalDays",
                             "easePermille", "lapses", "redrill", "version")
    SELECT ${userId}, i."id", 'new', i."position", 0, 0, ${INITIAL_EASE_PERMILLE}, 0, 'none', 0
    FROM "Item" i
    WHERE i."retiredAt" IS NULL
      AND NOT EXISTS (SELECT 1 FROM "ItemState" s WHERE s."userId" = ${userId} AND s."itemId" = i."id")`;
}

/** SQLite only: write-ahead logging, so readers never block the writer. */
export async function enableWriteAheadLog(tx: Tx): Promise<void> {
  await tx.$queryRaw`PRAGMA journal_mode = WAL`;
}
