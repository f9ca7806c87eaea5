import "server-only";
/**
 * The state columns of a ReviewLog row. Every writer of the log (grading,
 * drills of computed and coding exercises) records the schedule before and
 * after through these, so a row can always be undone or replayed.
 */

export interface LoggedState {
  status: string;
  repetitions: number;
  intervalDays: number;
  easePermille: number;
  dueAt: Date | null;
  lapses: number;
  lastReviewedAt: Date | null;
  redrill: string;
}

export function stateBeforeColumns(s: LoggedState) {
  return {
    repsBefore: s.repetitions,
    intervalBefore: s.intervalDays,
    easeBefore: s.easePermille,
    dueBefore: s.dueAt,
    statusBefore: s.status,
    redrillBefore: s.redrill,
    lapsesBefore: s.lapses,
    lastReviewedBefore: s.lastReviewedAt,
  };
}

export function stateAfterColumns(s: Pick<LoggedState, "repetitions" | "intervalDays" | "easePermille" | "dueAt">) {
  return { repsAfter: s.repetitions, intervalAfter: s.intervalDays, easeAfter: s.easePermille, dueAfter: s.dueAt };
}

/** A "drill" row: practice outside the schedule, so the state after is the state before. */
export function drillLogData(input: {
  id: string;
  userId: string;
  itemId: string;
  quality: number;
  reviewedAt: Date;
  durationMs: number;
  state: LoggedState;
  detail: unknown;
}) {
  return {
    id: input.id,
    userId: input.userId,
    itemId: input.itemId,
    kind: "drill",
    quality: input.quality,
    reviewedAt: input.reviewedAt,
    durationMs: input.durationMs,
    ...stateBeforeColumns(input.state),
    ...stateAfterColumns(input.state),
    detail: JSON.stringify(input.detail),
  };
}
