/**
 * A seeded synthetic learner for the FSRS tests and bench:fsrs: cards
 * studied under the app's SM-2 (exact, lib/srs/sm2.ts), whose recall on each
 * review is drawn from FSRS-6's memory model with the given "true"
 * parameters. Failed reviews are re-drilled the same day ("relearn"), as the
 * app does; a small share of grades are same-day practice re-drills and
 * on-demand drills, which FSRS must ignore. Same seed, same learner.
 */
import { FSRSAlgorithm, type FSRSState, default_w, forgetting_curve, generatorParameters } from "ts-fsrs";
import { createRng } from "@/lib/random";
import {
  INITIAL_EASE_PERMILLE,
  INITIAL_SM2,
  type Quality,
  type Sm2State,
  easeToPermille,
  reviewSm2,
} from "@/lib/srs/sm2";

const DAY_MS = 86_400_000;

export interface SyntheticReview {
  id: string;
  itemId: string;
  kind: "new" | "review" | "relearn" | "practice" | "drill";
  quality: Quality;
  reviewedAt: Date;
  durationMs: number;
  repsBefore: number;
  intervalBefore: number;
  easeBefore: number;
  statusBefore: string;
  redrillBefore: string;
  lapsesBefore: number;
  repsAfter: number;
  intervalAfter: number;
  easeAfter: number;
  dueAfter: Date | null;
}

export interface SyntheticState {
  itemId: string;
  position: number;
  status: "new" | "active";
  repetitions: number;
  intervalDays: number;
  easePermille: number;
  dueAt: Date | null;
  lapses: number;
  lastReviewedAt: Date | null;
}

export interface SyntheticLearnerOptions {
  seed: number | string;
  items: number;
  /** Reviews to write at most (the log stops growing there). */
  reviews: number;
  /** The last instant of the history. */
  now: Date;
  historyDays: number;
  itemIdOf: (i: number) => string;
  /** Log rows per item at most; by default reviews / items, rounded up. */
  perItem?: number;
  /** The learner's true memory (FSRS-6 parameters). */
  w?: readonly number[];
}

/** Shares of Hard, Good, Easy among recalled reviews (grades 3, 4, 5). */
const RECALL_GRADE_WEIGHTS = [0.15, 0.65, 0.2];

export function generateSyntheticLearner(options: SyntheticLearnerOptions): {
  reviews: SyntheticReview[];
  states: SyntheticState[];
} {
  const rng = createRng(options.seed);
  const w = options.w ?? default_w;
  const memory = new FSRSAlgorithm(generatorParameters({ w: [...w], enable_short_term: true }));
  const reviews: SyntheticReview[] = [];
  const states: SyntheticState[] = [];
  const startMs = options.now.getTime() - options.historyDays * DAY_MS;
  const perItem = options.perItem ?? Math.max(1, Math.ceil(options.reviews / options.items));
  let serial = 0;
  for (let i = 0; i < options.items; i++) {
    const itemId = options.itemIdOf(i);
    // Cards are started evenly over the history, leaving room for their reviews.
    const firstDay = Math.floor(((i / options.items) * options.historyDays) / 2);
    let dayMs = startMs + firstDay * DAY_MS + rng.int(8, 20) * 3_600_000;
    let sm2: Sm2State = { ...INITIAL_SM2 };
    let fsrs: FSRSState | null = null;
    let lastMs: number | null = null;
    let lapses = 0;
    let status: "new" | "active" = "new";
    let written = 0;
    const push = (
      kind: SyntheticReview["kind"],
      quality: Quality,
      atMs: number,
      after: Sm2State,
      dueAfter: Date | null,
    ) => {
      reviews.push({
        id: `syn-${serial++}`,
        itemId,
        kind,
        quality,
        reviewedAt: new Date(atMs),
        durationMs: rng.int(3_000, quality >= 3 ? 12_000 : 25_000),
        repsBefore: sm2.repetitions,
        intervalBefore: sm2.intervalDays,
        easeBefore: easeToPermille(sm2.easeFactor),
        statusBefore: status,
        redrillBefore: "none",
        lapsesBefore: lapses,
        repsAfter: after.repetitions,
        intervalAfter: after.intervalDays,
        easeAfter: easeToPermille(after.easeFactor),
        dueAfter,
      });
    };
    while (written < perItem && reviews.length < options.reviews && dayMs <= options.now.getTime()) {
      const elapsedDays = lastMs === null ? 0 : Math.round((dayMs - lastMs) / DAY_MS);
      const recalled = fsrs === null ? rng.bool(0.75) : rng.bool(forgetting_curve(w, elapsedDays, fsrs.stability));
      const quality: Quality = recalled
        ? ((3 + pickIndex(rng.next(), RECALL_GRADE_WEIGHTS)) as Quality)
        : (rng.int(0, 2) as Quality);
      const graded = reviewSm2(sm2, quality);
      const kind = status === "new" ? "new" : "review";
      fsrs = memory.next_state(fsrs, elapsedDays, quality <= 2 ? 1 : quality - 1);
      let after: Sm2State = graded;
      if (!recalled) {
        push(kind, quality, dayMs, graded, new Date(dayMs));
        sm2 = graded;
        status = "active";
        lapses += kind === "review" ? 1 : 0;
        // The same-day re-drill, passed.
        const redrillMs = dayMs + 10 * 60_000;
        after = reviewSm2(sm2, 4);
        fsrs = memory.next_state(fsrs, 0, 3);
        push("relearn", 4, redrillMs, after, new Date(redrillMs + after.intervalDays * DAY_MS));
        written += 2;
        dayMs = redrillMs;
      } else {
        push(kind, quality, dayMs, graded, new Date(dayMs + graded.intervalDays * DAY_MS));
        written += 1;
        if (quality === 3 && rng.bool(0.5)) push("practice", 4, dayMs + 5 * 60_000, graded, null);
        if (rng.bool(0.02)) push("drill", 5, dayMs + 30 * 60_000, graded, null);
      }
      sm2 = { repetitions: after.repetitions, intervalDays: after.intervalDays, easeFactor: after.easeFactor };
      status = "active";
      lastMs = dayMs;
      dayMs += sm2.intervalDays * DAY_MS + rng.int(-2, 2) * 3_600_000;
    }
    states.push({
      itemId,
      position: i,
      status,
      repetitions: sm2.repetitions,
      intervalDays: sm2.intervalDays,
      easePermille: status === "new" ? INITIAL_EASE_PERMILLE : easeToPermille(sm2.easeFactor),
      dueAt: lastMs === null ? null : new Date(lastMs + sm2.intervalDays * DAY_MS),
      lapses,
      lastReviewedAt: lastMs === null ? null : new Date(lastMs),
    });
  }
  return { reviews, states };
}

function pickIndex(u: number, weights: readonly number[]): number {
  let acc = 0;
  for (let k = 0; k < weights.length; k++) {
    acc += weights[k]!;
    if (u < acc) return k;
  }
  return weights.length - 1;
}

/** Writes a synthetic learner (user, items, states, log) into a test database through Prisma. */
export async function seedSyntheticLearner(
  db: import("@/lib/server/db").Db,
  userId: string,
  options: Omit<SyntheticLearnerOptions, "itemIdOf">,
): Promise<{ reviews: SyntheticReview[]; states: SyntheticState[] }> {
  const itemIdOf = (i: number) => `card:${userId}-${i}`;
  const learner = generateSyntheticLearner({ ...options, itemIdOf });
  await db.user.create({
    data: { id: userId, email: `${userId}@example.test`, name: userId, kind: "account", timeZone: "Europe/Berlin" },
  });
  await db.item.createMany({
    data: learner.states.map((s) => ({
      id: s.itemId,
      kind: "card",
      contentId: s.itemId.slice("card:".length),
      deck: "synthetic",
      position: s.position,
      payload: "{}",
      contentHash: "h",
    })),
  });
  await db.itemState.createMany({ data: learner.states.map((s) => ({ ...s, userId })) });
  await db.reviewLog.createMany({
    data: learner.reviews.map((r) => ({ ...r, id: `${userId}-${r.id}`, userId })),
  });
  return learner;
}
