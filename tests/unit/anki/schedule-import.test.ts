import { readFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { AnkiFormatError } from "@/lib/anki/errors";
import { readAnkiPackage } from "@/lib/anki/read-package";
import { convertCardState, convertReviews, type ImportLearner } from "@/lib/anki/schedule-import";
import { ANKI_QUEUE, type AnkiCard, type AnkiCollectionFacts, type AnkiReview } from "@/lib/anki/types";

import { buildZip, META_LATEST } from "./build-package";

const FIXTURES = path.resolve(import.meta.dirname, "../../fixtures/anki");
const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(path.join(FIXTURES, name)));

const CARD_ID = 1_625_000_000_000;

function card(overrides: Partial<AnkiCard>): AnkiCard {
  return {
    id: CARD_ID,
    noteId: 1,
    deckId: 1,
    filteredDeckId: null,
    ordinal: 0,
    type: 0,
    queue: 0,
    due: 1,
    originalDue: null,
    intervalDays: 0,
    factorPermille: 0,
    reps: 0,
    lapses: 0,
    data: {},
    ...overrides,
  };
}

function review(at: string, overrides: Partial<AnkiReview>): AnkiReview {
  return {
    id: Date.parse(at),
    cardId: CARD_ID,
    ease: 3,
    interval: 1,
    lastInterval: 0,
    factor: 2500,
    durationMs: 4000,
    type: 1,
    ...overrides,
  };
}

/*
 * East of UTC, rollover after crt's wall time: crt = 1625072400 = 2021-06-30T17:00:00Z = 2021-07-01 02:00 in
 * Asia/Tokyo (UTC+9, no DST). Anki's day 0 is crt's own date, 2021-07-01 (its day starts at the 06:00 rollover);
 * reading crt through the rollover would say 2021-06-30, one day early. Day 200: 2021-07-01 is day 182 of the year,
 * 182 + 200 = 382 = 365 + 17, so 2022-01-17; the learner's day starts at 05:00 JST = 2022-01-16T20:00:00Z.
 */
const TOKYO_FACTS: AnkiCollectionFacts = {
  schemaVersion: 18,
  createdSeconds: 1_625_072_400,
  rolloverHour: 6,
  schedulerVersion: 2,
  fsrsEnabled: false,
};
/* 2021-07-05T19:30:00Z = 2021-07-06 04:30 JST: before the 05:00 day start, so still the learner's 2021-07-05. */
const TOKYO: ImportLearner = { now: new Date("2021-07-05T19:30:00Z"), timeZone: "Asia/Tokyo", dayStartHour: 5 };

/*
 * West of UTC, across a DST change: crt = 1625121000 = 2021-07-01T06:30:00Z = 2021-06-30 23:30 PDT (UTC−7) in
 * America/Los_Angeles; day 0 is 2021-06-30 (in UTC it would be 07-01). Rollover 2. Day 200: 2021-06-30 is day 181,
 * 181 + 200 = 381 = 365 + 16, so 2022-01-16, whose 03:00 is PST (UTC−8): 2022-01-16T11:00:00Z (10:00Z with the
 * creation-time offset).
 */
const LOS_ANGELES_FACTS: AnkiCollectionFacts = {
  schemaVersion: 11,
  createdSeconds: 1_625_121_000,
  rolloverHour: 2,
  schedulerVersion: 2,
  fsrsEnabled: false,
};
const LOS_ANGELES: ImportLearner = {
  now: new Date("2022-01-10T12:00:00Z"),
  timeZone: "America/Los_Angeles",
  dayStartHour: 3,
};

const V1_FACTS: AnkiCollectionFacts = { ...TOKYO_FACTS, schemaVersion: 11, schedulerVersion: 1 };
const FSRS_FACTS: AnkiCollectionFacts = { ...TOKYO_FACTS, fsrsEnabled: true };

describe("convertCardState: review cards", () => {
  it("puts Anki's day 200 on the learner's day of the same date east of UTC (rollover 6, day start 5)", () => {
    const state = convertCardState(
      card({ type: 2, queue: 2, due: 200, intervalDays: 30, factorPermille: 2350, lapses: 2 }),
      [],
      TOKYO_FACTS,
      TOKYO,
    );
    expect(state).toEqual({
      status: "active",
      repetitions: 2,
      intervalDays: 30,
      easePermille: 2350,
      dueAt: new Date("2022-01-16T20:00:00Z"),
      lastReviewedAt: null,
      suspended: false,
      buriedUntil: null,
      redrill: "none",
      lapses: 2,
    });
  });

  it("puts Anki's day 200 on the learner's day of the same date west of UTC, in the due date's offset", () => {
    const state = convertCardState(
      card({ type: 2, queue: 2, due: 200, intervalDays: 3 }),
      [],
      LOS_ANGELES_FACTS,
      LOS_ANGELES,
    );
    expect(state.dueAt).toEqual(new Date("2022-01-16T11:00:00Z"));
  });

  it("infers SM-2's n from the interval without a review log: I(1) = 1, I(2) = 6", () => {
    const convert = (intervalDays: number) =>
      convertCardState(card({ type: 2, queue: 2, due: 10, intervalDays }), [], TOKYO_FACTS, TOKYO).repetitions;
    expect([1, 5, 6, 40].map(convert)).toEqual([1, 1, 2, 2]);
  });

  it("counts repetitions back to the last Again, the learning steps of one graduation once, in any given order", () => {
    const history = [
      review("2021-07-01T01:00:00Z", { type: 0, ease: 3, interval: -600, lastInterval: -60, factor: 0 }),
      review("2021-07-01T01:10:00Z", { type: 0, ease: 3, interval: 1, lastInterval: -600 }), // 1
      review("2021-07-02T01:00:00Z", { interval: 3, lastInterval: 1 }), // 2
      review("2021-07-05T01:00:00Z", { interval: 8, lastInterval: 3 }), // 3
      review("2021-07-13T01:00:00Z", { ease: 1, interval: -600, lastInterval: 8, factor: 2300 }), // 0
      review("2021-07-13T01:10:00Z", { type: 2, ease: 3, interval: -600, lastInterval: -600, factor: 2300 }), // 0
      review("2021-07-13T01:20:00Z", { type: 2, ease: 3, interval: 1, lastInterval: -600, factor: 2300 }), // 1
      review("2021-07-14T01:00:00Z", { interval: 3, lastInterval: 1, factor: 2300 }), // 2
    ];
    const reviewCard = card({ type: 2, queue: 2, due: 16, intervalDays: 3, factorPermille: 2300, lapses: 1 });
    const state = convertCardState(reviewCard, [...history].reverse(), TOKYO_FACTS, TOKYO);
    expect(state.repetitions).toBe(2);
    expect(state.lastReviewedAt).toEqual(new Date("2021-07-14T01:00:00Z"));
  });

  it("takes the last review time from answers, not from a later set-due-date row", () => {
    const history = [
      review("2021-07-02T01:00:00Z", { interval: 3 }),
      review("2021-07-03T00:00:00Z", { type: 4, ease: 0, interval: 9, lastInterval: 3 }),
    ];
    const state = convertCardState(card({ type: 2, queue: 2, due: 12, intervalDays: 9 }), history, TOKYO_FACTS, TOKYO);
    expect([state.lastReviewedAt, state.repetitions]).toEqual([new Date("2021-07-02T01:00:00Z"), 1]);
  });

  it("clamps an ease below SM-2's 1.3 and keeps the interval at least one day", () => {
    const state = convertCardState(
      card({ type: 2, queue: 2, due: 10, intervalDays: 0, factorPermille: 1150 }),
      [],
      TOKYO_FACTS,
      TOKYO,
    );
    expect([state.easePermille, state.intervalDays]).toEqual([1300, 1]);
  });

  it("reads the home due (odue) of a card in a filtered deck, not its position there", () => {
    const state = convertCardState(
      card({ type: 2, queue: 2, due: 5, originalDue: 200, filteredDeckId: 9, intervalDays: 30, factorPermille: 2500 }),
      [],
      TOKYO_FACTS,
      TOKYO,
    );
    expect(state.dueAt).toEqual(new Date("2022-01-16T20:00:00Z"));
  });

  describe("FSRS collections, where factor is difficulty", () => {
    const fsrsCard = card({
      type: 2,
      queue: 2,
      due: 200,
      intervalDays: 30,
      factorPermille: 532,
      data: { s: 30.1, d: 5.32 },
    });

    it("takes the ease from the last review row with an SM-2 ease, ignoring learning rows and difficulties", () => {
      const history = [
        review("2021-07-01T01:10:00Z", { type: 0, interval: 1, factor: 2500 }),
        review("2021-07-02T01:00:00Z", { interval: 3, factor: 2350 }),
        review("2021-07-05T01:00:00Z", { interval: 8, factor: 612 }),
        review("2021-07-13T01:00:00Z", { type: 0, interval: 30, factor: 2700 }),
      ];
      expect(convertCardState(fsrsCard, history, FSRS_FACTS, TOKYO).easePermille).toBe(2350);
    });

    it("falls back to 2500 when no row holds an SM-2 ease", () => {
      const history = [review("2021-07-05T01:00:00Z", { interval: 8, factor: 612 })];
      expect(convertCardState(fsrsCard, history, FSRS_FACTS, TOKYO).easePermille).toBe(2500);
    });
  });
});

describe("convertCardState: new, learning and relearning cards", () => {
  it("keeps a new card new, with the default ease, or its own factor when it has one", () => {
    const fresh = convertCardState(card({ type: 0, queue: 0, due: 17 }), [], TOKYO_FACTS, TOKYO);
    expect(fresh).toEqual({
      status: "new",
      repetitions: 0,
      intervalDays: 0,
      easePermille: 2500,
      dueAt: null,
      lastReviewedAt: null,
      suspended: false,
      buriedUntil: null,
      redrill: "none",
      lapses: 0,
    });
    expect(convertCardState(card({ factorPermille: 2100 }), [], TOKYO_FACTS, TOKYO).easePermille).toBe(2100);
  });

  it("gives a learning card (queue 1) its due to the second, from Unix seconds", () => {
    const state = convertCardState(
      card({ type: 1, queue: 1, due: 1_625_122_800, reps: 1 }),
      [review("2021-07-01T06:50:00Z", { type: 0, ease: 3, interval: -600, lastInterval: -60, factor: 0 })],
      TOKYO_FACTS,
      TOKYO,
    );
    expect(state).toMatchObject({
      status: "active",
      repetitions: 0,
      intervalDays: 0,
      easePermille: 2500,
      dueAt: new Date("2021-07-01T07:00:00Z"),
      lastReviewedAt: new Date("2021-07-01T06:50:00Z"),
      redrill: "none",
    });
  });

  it("gives a day-learning card (queue 3) the learner's start of that Anki day", () => {
    // Day 10 after 2021-07-01 is 2021-07-11; 05:00 JST is 2021-07-10T20:00:00Z.
    const state = convertCardState(card({ type: 1, queue: 3, due: 10 }), [], TOKYO_FACTS, TOKYO);
    expect(state.dueAt).toEqual(new Date("2021-07-10T20:00:00Z"));
  });

  it("keeps a relearning card's interval and ease, marks it for relearning with n = 0", () => {
    const state = convertCardState(
      card({ type: 3, queue: 1, due: 1_625_122_800, intervalDays: 12, factorPermille: 2100, lapses: 3 }),
      [],
      TOKYO_FACTS,
      TOKYO,
    );
    expect(state).toMatchObject({
      status: "active",
      repetitions: 0,
      intervalDays: 12,
      easePermille: 2100,
      dueAt: new Date("2021-07-01T07:00:00Z"),
      redrill: "relearn",
      lapses: 3,
    });
  });

  it("reads a day-relearning card (type 3, queue 3) as a day number", () => {
    const state = convertCardState(card({ type: 3, queue: 3, due: 200, intervalDays: 12 }), [], TOKYO_FACTS, TOKYO);
    expect(state.dueAt).toEqual(new Date("2022-01-16T20:00:00Z"));
  });

  it("restores a learning card previewed in a filtered deck (queue set to review) from its odue seconds", () => {
    const state = convertCardState(
      card({ type: 1, queue: 2, due: 3, originalDue: 1_625_122_800, filteredDeckId: 9 }),
      [],
      TOKYO_FACTS,
      TOKYO,
    );
    expect([state.status, state.dueAt]).toEqual(["active", new Date("2021-07-01T07:00:00Z")]);
  });
});

describe("convertCardState: suspended and buried cards", () => {
  const suspended = (type: number, due: number) =>
    convertCardState(card({ type, queue: ANKI_QUEUE.suspended, due, intervalDays: 30 }), [], TOKYO_FACTS, TOKYO);

  it("keeps each type's state under the suspension", () => {
    expect(
      [suspended(0, 4), suspended(1, 1_625_122_800), suspended(2, 200), suspended(3, 10)].map((s) => [
        s.suspended,
        s.status,
        s.dueAt?.toISOString() ?? null,
        s.redrill,
        s.buriedUntil,
      ]),
    ).toEqual([
      [true, "new", null, "none", null],
      [true, "active", "2021-07-01T07:00:00.000Z", "none", null],
      [true, "active", "2022-01-16T20:00:00.000Z", "none", null],
      [true, "active", "2021-07-10T20:00:00.000Z", "relearn", null],
    ]);
  });

  it("buries until the learner's next day start after now, for both kinds of burying", () => {
    // now = 2021-07-06 04:30 JST is still the learner's 07-05, so the next day starts 07-06 05:00 JST.
    for (const queue of [ANKI_QUEUE.schedulerBuried, ANKI_QUEUE.userBuried]) {
      const state = convertCardState(card({ type: 2, queue, due: 200, intervalDays: 30 }), [], TOKYO_FACTS, TOKYO);
      expect([state.buriedUntil, state.suspended, state.dueAt]).toEqual([
        new Date("2021-07-05T20:00:00Z"),
        false,
        new Date("2022-01-16T20:00:00Z"),
      ]);
    }
  });
});

describe("convertCardState: bad input", () => {
  it("names an unknown card type or queue", () => {
    expect(() => convertCardState(card({ type: 7 }), [], TOKYO_FACTS, TOKYO)).toThrow(
      new AnkiFormatError("bad-value", `card ${CARD_ID} type: expected 0..3, got 7`),
    );
    expect(() => convertCardState(card({ queue: -4 }), [], TOKYO_FACTS, TOKYO)).toThrow(
      /queue: expected -3..4, got -4/,
    );
  });

  it("refuses another card's review rows and a bad learner zone or day start", () => {
    const other = review("2021-07-01T01:00:00Z", { cardId: 5 });
    expect(() => convertCardState(card({}), [other], TOKYO_FACTS, TOKYO)).toThrow(
      `revlog ${other.id} cid: expected card ${CARD_ID}, got card 5`,
    );
    expect(() => convertCardState(card({}), [], TOKYO_FACTS, { ...TOKYO, timeZone: "Mars/Olympus" })).toThrow(
      /timeZone: expected an IANA time zone/,
    );
    expect(() => convertCardState(card({}), [], TOKYO_FACTS, { ...TOKYO, dayStartHour: 24 })).toThrow(
      /dayStartHour: expected an integer 0..23, got 24/,
    );
  });
});

describe("convertReviews", () => {
  const history = [
    review("2021-07-01T01:00:00Z", {
      type: 0,
      ease: 3,
      interval: -600,
      lastInterval: -60,
      factor: 0,
      durationMs: 5000,
    }),
    review("2021-07-01T01:10:00Z", { type: 0, ease: 3, interval: 1, lastInterval: -600, factor: 2500 }),
    review("2021-07-02T01:00:00Z", { type: 1, ease: 4, interval: 4, lastInterval: 1, factor: 2650 }),
    review("2021-07-03T00:00:00Z", { type: 4, ease: 0, interval: 9, lastInterval: 4, factor: 2650, durationMs: 0 }),
    review("2021-07-06T01:00:00Z", { type: 1, ease: 1, interval: -600, lastInterval: 4, factor: 2450 }),
    review("2021-07-06T01:10:00Z", { type: 2, ease: 3, interval: -600, lastInterval: -600, factor: 2450 }),
    review("2021-07-06T01:20:00Z", { type: 2, ease: 3, interval: 1, lastInterval: -600, factor: 2450 }),
    review("2021-07-07T01:00:00Z", { type: 3, ease: 2, interval: 2, lastInterval: 1, factor: 2300, durationMs: 5e6 }),
    review("2021-07-08T00:00:00Z", { type: 5, ease: 0, interval: 5, lastInterval: 2, factor: 2300, durationMs: 0 }),
  ];
  const lapsedCard = card({ type: 2, queue: 2, due: 9, intervalDays: 2, factorPermille: 2300, lapses: 1 });

  it("skips manual and rescheduled rows, keeps time order, and maps kinds, grades and durations", () => {
    const { reviews, skippedManualCount } = convertReviews(lapsedCard, [...history].reverse(), TOKYO_FACTS, TOKYO);
    expect(skippedManualCount).toBe(2);
    expect(reviews.map((r) => [r.reviewedAt.toISOString(), r.kind, r.quality, r.durationMs])).toEqual([
      ["2021-07-01T01:00:00.000Z", "new", 4, 5000],
      ["2021-07-01T01:10:00.000Z", "practice", 4, 4000],
      ["2021-07-02T01:00:00.000Z", "review", 5, 4000],
      ["2021-07-06T01:00:00.000Z", "review", 1, 4000],
      ["2021-07-06T01:10:00.000Z", "relearn", 4, 4000],
      ["2021-07-06T01:20:00.000Z", "relearn", 4, 4000],
      ["2021-07-07T01:00:00.000Z", "review", 3, 3_600_000],
    ]);
    expect(reviews[6]?.ankiId).toBe(Date.parse("2021-07-07T01:00:00Z"));
    expect(reviews[6]?.detail).toEqual({
      anki: { ease: 2, ivl: 2, lastIvl: 1, factor: 2300, type: 3, time: 5_000_000 },
    });
  });

  it("chains the states: after of one row is before of the next, seconds are 0 days, days land on a day start", () => {
    const { reviews } = convertReviews(lapsedCard, history, TOKYO_FACTS, TOKYO);
    const iso = (d: Date | null) => d?.toISOString() ?? null;
    expect(reviews.map((r) => [r.after.reps, r.after.intervalDays, r.after.easePermille, iso(r.after.dueAt)])).toEqual([
      // 10:00 JST + 600 s.
      [0, 0, 2500, "2021-07-01T01:10:00.000Z"],
      // 2021-07-01 10:10 JST is the learner's 07-01; one day later at 05:00 JST.
      [1, 1, 2500, "2021-07-01T20:00:00.000Z"],
      [2, 4, 2650, "2021-07-05T20:00:00.000Z"],
      [0, 0, 2450, "2021-07-06T01:10:00.000Z"],
      [0, 0, 2450, "2021-07-06T01:20:00.000Z"],
      [1, 1, 2450, "2021-07-06T20:00:00.000Z"],
      [2, 2, 2300, "2021-07-08T20:00:00.000Z"],
    ]);
    expect(reviews[0]?.before).toEqual({
      reps: 0,
      intervalDays: 0,
      easePermille: 2500,
      dueAt: null,
      status: "new",
      redrill: "none",
      lapses: 0,
      lastReviewedAt: null,
    });
    for (let k = 1; k < reviews.length; k++) {
      const before = reviews[k]?.before;
      const previous = reviews[k - 1];
      expect({
        reps: before?.reps,
        intervalDays: before?.intervalDays,
        easePermille: before?.easePermille,
        dueAt: before?.dueAt,
      }).toEqual(previous?.after);
      expect([before?.status, before?.lastReviewedAt]).toEqual(["active", previous?.reviewedAt]);
    }
    expect(reviews.map((r) => [r.before.redrill, r.before.lapses])).toEqual([
      ["none", 0],
      ["none", 0],
      ["none", 0],
      ["none", 0],
      ["relearn", 1],
      ["relearn", 1],
      ["none", 1],
    ]);
  });

  it("starts from the lapses the log does not show, so the last row ends at the card's count", () => {
    const trimmed = history.slice(2);
    const { reviews } = convertReviews({ ...lapsedCard, lapses: 4 }, trimmed, TOKYO_FACTS, TOKYO);
    expect([reviews[0]?.before.lapses, reviews.at(-1)?.before.lapses]).toEqual([3, 4]);
    expect(reviews[0]?.before.intervalDays).toBe(1);
  });

  it("keeps the previous ease across FSRS difficulties and FSRS learning rows", () => {
    const rows = [
      review("2021-07-01T01:10:00Z", { type: 0, interval: 1, factor: 2700 }),
      review("2021-07-02T01:00:00Z", { interval: 3, factor: 2350 }),
      review("2021-07-05T01:00:00Z", { interval: 8, factor: 612 }),
    ];
    const fsrsCard = card({ type: 2, queue: 2, due: 12, intervalDays: 8, factorPermille: 612 });
    expect(convertReviews(fsrsCard, rows, FSRS_FACTS, TOKYO).reviews.map((r) => r.after.easePermille)).toEqual([
      2500, 2350, 2350,
    ]);
    expect(convertReviews(fsrsCard, rows, TOKYO_FACTS, TOKYO).reviews.map((r) => r.after.easePermille)).toEqual([
      2700, 2350, 2350,
    ]);
  });

  it("grades the same learning row by the v1 scheduler's three buttons and by v2's four", () => {
    const rows = [
      review("2021-07-01T01:00:00Z", { type: 0, ease: 2, interval: -600, factor: 0 }),
      review("2021-07-01T01:10:00Z", { type: 0, ease: 3, interval: 4, factor: 2500 }),
      review("2021-07-02T01:00:00Z", { type: 2, ease: 3, interval: 1, factor: 2500 }),
      review("2021-07-05T01:00:00Z", { type: 1, ease: 3, interval: 8 }),
    ];
    const grades = (facts: AnkiCollectionFacts) =>
      convertReviews(card({ type: 2, queue: 2 }), rows, facts, TOKYO).reviews.map((r) => r.quality);
    // v1: learning Good → 4, Easy (3) → 5; its review buttons are the same four as v2's.
    expect(grades(V1_FACTS)).toEqual([4, 5, 5, 4]);
    expect(grades(TOKYO_FACTS)).toEqual([3, 4, 4, 4]);
  });

  it("names a button the scheduler does not have, and an unknown revlog type", () => {
    const v1Easy4 = review("2021-07-01T01:00:00Z", { type: 0, ease: 4 });
    expect(() => convertReviews(card({}), [v1Easy4], V1_FACTS, TOKYO)).toThrow(
      new AnkiFormatError("bad-value", `revlog ${v1Easy4.id} ease: expected 1..3 (v1 scheduler, learning), got 4`),
    );
    const ease5 = review("2021-07-01T01:00:00Z", { ease: 5 });
    expect(() => convertReviews(card({}), [ease5], TOKYO_FACTS, TOKYO)).toThrow(/ease: expected 1..4, got 5/);
    const type9 = review("2021-07-01T01:00:00Z", { type: 9 });
    expect(() => convertReviews(card({}), [type9], TOKYO_FACTS, TOKYO)).toThrow(/type: expected 0..5, got 9/);
  });
});

/** A real collection, zstd-compressed, in a latest-layout package as Anki exports it. */
const inLatestPackage = (compressedCollection: Uint8Array): Uint8Array =>
  buildZip({
    meta: META_LATEST,
    "collection.anki21b": compressedCollection,
    "collection.anki2": "stub that must never be read",
  });

describe("a schema-18 collection answered in Anki in December 2023 (learning steps in seconds)", () => {
  const pkg = readAnkiPackage(inLatestPackage(fixture("transformerman-two-deck.anki2.zst")));
  /*
   * crt = 1701831600 = 2023-12-06T03:00:00Z = 04:00 CET (the collection's creationOffset is -60 minutes west), so
   * day 0 is 2023-12-06 and day N starts at 04:00 CET (03:00Z) on 12-06 + N.
   */
  const BERLIN: ImportLearner = { now: new Date("2023-12-08T12:00:00Z"), timeZone: "Europe/Berlin", dayStartHour: 4 };
  const reviewsOf = (c: AnkiCard) => pkg.reviews.filter((r) => r.cardId === c.id);
  const answered = pkg.cards.filter((c) => reviewsOf(c).length > 0);

  it("converts its five graduated cards to review states due on their Anki day", () => {
    expect(
      answered.map((c) => {
        const s = convertCardState(c, reviewsOf(c), pkg.facts, BERLIN);
        return [c.id, s.status, s.repetitions, s.intervalDays, s.easePermille, s.dueAt?.toISOString()];
      }),
    ).toEqual([
      [1701890133046, "active", 1, 1, 2500, "2023-12-07T03:00:00.000Z"],
      [1701890142102, "active", 1, 1, 2500, "2023-12-07T03:00:00.000Z"],
      [1701890146289, "active", 1, 5, 2500, "2023-12-11T03:00:00.000Z"],
      [1701890173047, "active", 1, 4, 2500, "2023-12-10T03:00:00.000Z"],
      [1701890181405, "active", 1, 4, 2500, "2023-12-10T03:00:00.000Z"],
    ]);
  });

  it("ends each card's converted history at the due date its card holds", () => {
    for (const c of answered) {
      const history = convertReviews(c, reviewsOf(c), pkg.facts, BERLIN).reviews;
      expect(history.at(-1)?.after.dueAt).toEqual(convertCardState(c, reviewsOf(c), pkg.facts, BERLIN).dueAt);
    }
  });

  it("turns the 10-minute learning step into 0 days due 600 s later, and grades v2 buttons", () => {
    const first = pkg.cards.find((c) => c.id === 1701890133046);
    if (!first) throw new Error("fixture card 1701890133046 missing");
    const { reviews, skippedManualCount } = convertReviews(first, reviewsOf(first), pkg.facts, BERLIN);
    expect(skippedManualCount).toBe(0);
    expect(
      reviews.map((r) => [r.kind, r.quality, r.durationMs, r.after.intervalDays, r.after.dueAt?.toISOString()]),
    ).toEqual([
      ["new", 4, 3829, 0, "2023-12-06T19:28:57.239Z"],
      ["practice", 4, 5360, 1, "2023-12-07T03:00:00.000Z"],
    ]);
  });
});

describe("AnkiDroid's templates.apkg (v1 scheduler, 102 review-log rows)", () => {
  const pkg = readAnkiPackage(fixture("ankidroid-templates.apkg"));
  const LONDON: ImportLearner = { now: new Date("2015-03-20T12:00:00Z"), timeZone: "Europe/London", dayStartHour: 4 };
  const reviewsOf = (c: AnkiCard) => pkg.reviews.filter((r) => r.cardId === c.id);

  it("converts all 102 rows of its 18 cards, grading v1 learning Good as 4", () => {
    const converted = pkg.cards.map((c) => convertReviews(c, reviewsOf(c), pkg.facts, LONDON));
    const rows = converted.flatMap((c) => c.reviews);
    expect(pkg.facts.schedulerVersion).toBe(1);
    expect([rows.length, converted.filter((c) => c.reviews.length > 0).length]).toEqual([102, 18]);
    expect(converted.reduce((n, c) => n + c.skippedManualCount, 0)).toBe(0);
    const graduations = rows.filter((r) => r.detail.anki.ease === 2);
    expect(graduations.map((r) => [r.quality, r.durationMs, r.after.intervalDays, r.after.reps])).toEqual([
      [4, 1347, 1, 1],
      [4, 666, 1, 1],
    ]);
    expect(rows.filter((r) => r.quality === 1)).toHaveLength(100);
  });

  it("converts every card's state, learning cards due to the second and reset cards new", () => {
    const states = new Map(pkg.cards.map((c) => [c.id, convertCardState(c, reviewsOf(c), pkg.facts, LONDON)]));
    expect(states.size).toBe(146);
    expect(states.get(1404535701831)).toEqual({
      status: "active",
      repetitions: 0,
      intervalDays: 0,
      easePermille: 2500,
      dueAt: new Date(1426118789 * 1000),
      lastReviewedAt: new Date(1426118725202),
      suspended: false,
      buriedUntil: null,
      redrill: "none",
      lapses: 0,
    });
    expect(states.get(1425479170512)).toMatchObject({
      status: "new",
      dueAt: null,
      lastReviewedAt: new Date(1425809738075),
    });
    const inFiltered = pkg.cards.filter((c) => c.filteredDeckId !== null);
    expect(inFiltered).toHaveLength(16);
    expect(inFiltered.every((c) => states.get(c.id)?.status === "new" && states.get(c.id)?.dueAt === null)).toBe(true);
  });
});
