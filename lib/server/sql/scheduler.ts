import "server-only";
/**
 * The scheduler switch's one bulk write: FSRS memory states for many items
 * of one learner, a few hundred rows per statement (a CTE of VALUES joined
 * to the learner's rows), instead of one UPDATE per item.
 */
import type { Db } from "../db";
import { Prisma } from "../generated/prisma/client";

type Tx = Pick<Db, "$executeRaw">;

export interface MemoryUpdate {
  itemId: string;
  stability: number;
  difficulty: number;
}

/** Rows per statement: 3 bound values each, far below SQLite's 32,766 and PostgreSQL's 65,535 parameters. */
const ROWS_PER_STATEMENT = 500;

/**
 * Sets stability and difficulty of the learner's items, and bumps each
 * row's version: a tab that showed an item before the switch showed the
 * other scheduler's outcomes. The values are typed in the VALUES list,
 * where PostgreSQL would otherwise read bound parameters as text.
 */
export async function writeMemoryStates(tx: Tx, userId: string, updates: readonly MemoryUpdate[]): Promise<void> {
  for (let start = 0; start < updates.length; start += ROWS_PER_STATEMENT) {
    const rows = updates
      .slice(start, start + ROWS_PER_STATEMENT)
      .map(
        (u) =>
          Prisma.sql`(CAST(${u.itemId} AS TEXT), CAST(${u.stability} AS DOUBLE PRECISION), CAST(${u.difficulty} AS DOUBLE PRECISION))`,
      );
    await tx.$executeRaw`
      WITH v ("itemId", "stability", "difficulty") AS (VALUES ${Prisma.join(rows)})
      UPDATE "ItemState"
      SET "stability" = (SELECT v."stability" FROM v WHERE v."itemId" = "ItemState"."itemId"),
          "difficulty" = (SELECT v."difficulty" FROM v WHERE v."itemId" = "ItemState"."itemId"),
          "version" = "version" + 1
      WHERE "userId" = ${userId} AND "itemId" IN (SELECT v."itemId" FROM v)`;
  }
}
