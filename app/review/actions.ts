"use server";

import { z } from "zod";
import { requireUser } from "@/lib/server/auth";
import { getDb } from "@/lib/server/db";
import { fetchScopedReviewSession } from "@/lib/server/decks";
import { DomainError, type DomainErrorCode } from "@/lib/server/errors";
import { parseInput } from "@/lib/server/action-input";
import { buryItems, setFlag, setSuspended, unburyItems } from "@/lib/server/item-state";
import { gradeSchema, recordGrade, undoSchema } from "@/lib/server/review-input";
import { type LearnerContext, type ReviewSessionView, fetchLearnerContext, undoReview } from "@/lib/server/reviews";
import { MAX_EXTRA_NEW_PER_DAY, raiseNewLimitToday } from "@/lib/server/users";

const raiseSchema = z.strictObject({ extra: z.number().int().min(1).max(MAX_EXTRA_NEW_PER_DAY) });
/** The deck the review is limited to (with its children), or null for all of them. */
const deckSchema = z.string().min(1).max(200).nullable().optional();
const itemSchema = z.strictObject({
  itemId: z.string().min(1).max(200),
  /** suspend/unsuspend, bury/unbury, flag/unflag: the review keys @, -, * and their undo with u. */
  change: z.enum(["suspend", "unsuspend", "bury", "unbury", "flag", "unflag"]),
});

export type ActionResult =
  | { ok: true; session: ReviewSessionView }
  | { ok: false; code: DomainErrorCode; detail: string; session: ReviewSessionView | null };

function deckOf(deck: unknown): string | null {
  const parsed = deckSchema.safeParse(deck);
  return parsed.success ? (parsed.data ?? null) : null;
}

async function sessionOf(userId: string, now: Date, deck: string | null, context?: LearnerContext) {
  return (await fetchScopedReviewSession(getDb(), userId, now, deck, context)).session;
}

async function failure(error: unknown, userId: string, deck: string | null): Promise<ActionResult> {
  if (error instanceof DomainError) {
    return { ok: false, code: error.code, detail: error.message, session: await sessionOf(userId, new Date(), deck) };
  }
  throw error;
}

/** Grades the item the tab shows (verified as recordGrade does) and answers with the next view. */
export async function gradeAction(input: unknown, deckKey?: unknown): Promise<ActionResult> {
  const user = await requireUser();
  const deck = deckOf(deckKey);
  const parsed = parseInput(gradeSchema, input);
  if (!parsed.ok) return { ...parsed, session: null };
  const db = getDb();
  const now = new Date();
  // The learner is read once: the grade and the next session view both use it.
  const context = await fetchLearnerContext(db, user.id, now);
  try {
    await recordGrade(db, user.id, parsed.data, now, context);
  } catch (error) {
    return failure(error, user.id, deck);
  }
  return { ok: true, session: await sessionOf(user.id, now, deck, context) };
}

/** Undoes the review the tab names, if it is still the learner's latest undoable one. */
export async function undoAction(input: unknown, deckKey?: unknown): Promise<ActionResult> {
  const user = await requireUser();
  const deck = deckOf(deckKey);
  const parsed = parseInput(undoSchema, input);
  if (!parsed.ok) return { ...parsed, session: null };
  const db = getDb();
  try {
    await undoReview(db, user.id, parsed.data.reviewId, new Date());
  } catch (error) {
    return failure(error, user.id, deck);
  }
  return { ok: true, session: await sessionOf(user.id, new Date(), deck) };
}

/** More new items today only: raises today's new-item limit by `extra` (tomorrow is back to the setting). */
export async function raiseNewLimitAction(input: unknown, deckKey?: unknown): Promise<ActionResult> {
  const user = await requireUser();
  const deck = deckOf(deckKey);
  const parsed = parseInput(raiseSchema, input);
  if (!parsed.ok) return { ...parsed, session: null };
  const db = getDb();
  const now = new Date();
  await raiseNewLimitToday(db, user.id, now, parsed.data.extra);
  return { ok: true, session: await sessionOf(user.id, now, deck) };
}

/** Suspends, buries or flags the item on screen (the keys @, - and *), or reverts that (u); the learner's row only. */
export async function changeItemAction(input: unknown, deckKey?: unknown): Promise<ActionResult> {
  const user = await requireUser();
  const deck = deckOf(deckKey);
  const parsed = parseInput(itemSchema, input);
  if (!parsed.ok) return { ...parsed, session: null };
  const db = getDb();
  const now = new Date();
  const ids = [parsed.data.itemId];
  const changed = await (() => {
    switch (parsed.data.change) {
      case "suspend":
        return setSuspended(db, user.id, ids, true);
      case "unsuspend":
        return setSuspended(db, user.id, ids, false);
      case "bury":
        return buryItems(db, user.id, ids, now);
      case "unbury":
        return unburyItems(db, user.id, ids);
      case "flag":
        return setFlag(db, user.id, ids, 1);
      case "unflag":
        return setFlag(db, user.id, ids, 0);
    }
  })();
  const session = await sessionOf(user.id, now, deck);
  if (changed === 0)
    return { ok: false, code: "not-found", detail: `No item "${parsed.data.itemId}" to change.`, session };
  return { ok: true, session };
}
