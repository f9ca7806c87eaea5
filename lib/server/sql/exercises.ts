import "server-only";
/**
 * Raw SQL of the exercise aggregate (portable SQLite/PostgreSQL: quoted
 * identifiers, CASE, window functions, bound parameters).
 *
 * Accuracy is read from the SM-2 grade each exercise review or drill stored:
 * a grade ≥ FIRST_TRY_MIN_GRADE means "right at the first answer, without a
 * hint", so no JSON has to be parsed inside the database.
 */
import { FIRST_TRY_MIN_GRADE } from "@/lib/exercises/grading";
import { Prisma } from "../generated/prisma/client";

/** Review-log item ids of computed exercises start with this. */
export const EXERCISE_ITEM_PREFIX = "exercise:";
/** Results kept per generator for the recent trend. */
const RECENT_RESULTS = 10;

/** Per exercise item of the learner: counted reviews + drills and how many were first-try solves. */
export function exerciseAccuracySql(userId: string): Prisma.Sql {
  return Prisma.sql`
    SELECT "itemId",
           COUNT(*) AS "attempts",
           SUM(CASE WHEN "quality" >= ${FIRST_TRY_MIN_GRADE} THEN 1 ELSE 0 END) AS "firstTry"
    FROM "ReviewLog"
    WHERE "userId" = ${userId} AND "itemId" LIKE ${`${EXERCISE_ITEM_PREFIX}%`} AND "undoneAt" IS NULL
    GROUP BY "itemId"`;
}

/** The learner's latest RECENT_RESULTS grades per exercise item, newest first. */
export function recentExerciseResultsSql(userId: string): Prisma.Sql {
  return Prisma.sql`
    SELECT "itemId", "quality", "rank" FROM (
      SELECT "itemId", "quality",
             ROW_NUMBER() OVER (PARTITION BY "itemId" ORDER BY "reviewedAt" DESC, "id" DESC) AS "rank"
      FROM "ReviewLog"
      WHERE "userId" = ${userId} AND "itemId" LIKE ${`${EXERCISE_ITEM_PREFIX}%`} AND "undoneAt" IS NULL
    ) ranked
    WHERE "rank" <= ${RECENT_RESULTS}
    ORDER BY "itemId", "rank"`;
}
