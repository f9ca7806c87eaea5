import "server-only";
/** The decks aggregate's raw SQL: built-in decks, and a learner's cards per deck. */
import { type DayContext, learnerDayStart } from "@/lib/srs/day";
import { Prisma } from "../generated/prisma/client";

/** Every built-in deck with one of its items (whose payload names the deck). */
export function builtInDecksSql(): Prisma.Sql {
  return Prisma.sql`
    SELECT "deck", "kind", MIN("id") AS "itemId", MIN("position") AS "position"
    FROM "Item"
    WHERE "ownerId" IS NULL AND "retiredAt" IS NULL
    GROUP BY "deck", "kind"
    ORDER BY MIN("position")`;
}

/** The learner's cards per deck: all of them, the new ones, and those due by the end of today. */
export function deckCountsSql(userId: string, now: Date, day: DayContext): Prisma.Sql {
  const tomorrow = learnerDayStart(now, day, 1);
  return Prisma.sql`
    SELECT s."deck",
           COUNT(*) AS "total",
           SUM(CASE WHEN s."status" = 'new' AND s."suspended" = FALSE THEN 1 ELSE 0 END) AS "fresh",
           SUM(CASE WHEN s."status" = 'active' AND s."suspended" = FALSE AND s."dueAt" < ${tomorrow}
                    THEN 1 ELSE 0 END) AS "due"
    FROM "ItemState" s
    WHERE s."userId" = ${userId} AND s."status" <> 'retired'
    GROUP BY s."deck"`;
}
