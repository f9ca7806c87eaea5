/**
 * The card browser's bulk actions as data, and the one argument a learner
 * types for some of them: Anki's "Set due date" days (`0` today, `3` in
 * three days, `3-7` a random day in that range for each card), a tag, a deck.
 */

/** Furthest a due date can be set, in days (Anki's limit is a number field; this bounds it). */
export const MAX_SET_DUE_DAYS = 36_500;
/** Most cards one bulk action changes: a page of selections, or a search's first matches. */
export const MAX_BULK_ITEMS = 5000;

export const BULK_ACTIONS = [
  "suspend",
  "unsuspend",
  "bury",
  "unbury",
  "flag",
  "unflag",
  "reset",
  "set-due",
  "move",
  "add-tag",
  "remove-tag",
  "delete",
] as const;
export type BulkActionName = (typeof BULK_ACTIONS)[number];

export interface DueRange {
  /** Days from today, both inclusive. */
  fromDays: number;
  toDays: number;
}

/** `0`, `3`, `3-7` (spaces allowed around the dash) as a range of days, or null if it is none. */
export function parseDueRange(input: string): DueRange | null {
  const match = /^\s*(\d{1,5})\s*(?:-\s*(\d{1,5})\s*)?$/.exec(input);
  if (!match) return null;
  const fromDays = Number(match[1]);
  const toDays = match[2] === undefined ? fromDays : Number(match[2]);
  if (toDays < fromDays || toDays > MAX_SET_DUE_DAYS) return null;
  return { fromDays, toDays };
}

/** What the browser sorts by, each a column of the learner's row. */
export const BROWSE_SORTS = ["added", "due", "interval", "ease", "lapses", "reps", "text"] as const;
export type BrowseSort = (typeof BROWSE_SORTS)[number];
