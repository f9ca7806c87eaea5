import "server-only";
/**
 * The exercise aggregate. The server owns every attempt at a computed
 * exercise: it draws the seed when the exercise is shown and stores the
 * attempt (ExerciseAttempt), checks each answer and appends it, hands out
 * hints and the solution and records that it did, and derives the grade from
 * what it recorded. The browser only ever names the attempt by its
 * unguessable id; nothing it reports about hints, reveals, verdicts or time is
 * believed. The answer never reaches the browser before the exercise is
 * solved or the solution is asked for. See docs/trust-model.md.
 *
 * Every read and write of learner data is scoped to the user id passed in.
 */
import { randomBytes } from "node:crypto";
import { renderMarkdown } from "@/lib/content/markdown";
import {
  type Bilingual,
  type ExerciseInstance,
  type GeneratorInfo,
  checkAnswer,
  generateExercise,
  listGenerators,
} from "@/lib/exercises";
import {
  type AttemptEntry,
  type AttemptOutcome,
  type ExerciseAttemptRecord,
  MAX_ATTEMPTS,
  attemptEntryOf,
  attemptOutcome,
  gradeAttempt,
} from "@/lib/exercises/grading";
import { fmt } from "@/lib/exercises/format";
import { NEW_SCHEDULE, clampDurationMs } from "@/lib/srs/schedule";
import type { Db } from "./db";
import { DomainError, InvalidInputError, NotFoundError } from "./errors";
import type { ExerciseAttempt } from "./generated/prisma/client";
import { EXERCISE_ITEM_PREFIX, exerciseAccuracySql, recentExerciseResultsSql } from "./sql/exercises";
import { toNumber } from "./sql/queue";
import { appendReviewLog, drillLogData, findRepeatedReview } from "./review-log";
import type { GradeInput, RecordedHook } from "./reviews";

/** Largest seed a generator takes (32 bits). */
export const MAX_SEED = 2 ** 32 - 1;
/** Unfinished attempts older than this are deleted when the learner starts a new one. */
export const ABANDONED_ATTEMPT_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

export type AttemptMode = "review" | "practice";

/** What the browser gets to show an exercise: no answer, no known mistakes, no solution, no unseen hint. */
export interface ExerciseView {
  attemptId: string;
  generatorId: string;
  seed: number;
  topic: string;
  title: Bilingual;
  /** Rendered HTML (KaTeX included). */
  promptHtml: Bilingual;
  /** How many hints exist; each is handed out on request. */
  hintCount: number;
  /** Enough for the browser's "read as" preview: the vector length and unit of the answer. */
  expectation: { vectorLength?: number; unit?: string };
  /** What already happened in this attempt (a reload shows it as it was). */
  state: AttemptState;
}

/** The worked solution, sent once the learner solved the exercise or asked for it. */
export interface ExerciseReveal {
  answerText: string;
  stepsHtml: Bilingual[];
}

/** Why an ended attempt got its grade, so the page can say so. */
export interface GradeReason {
  grade: number;
  outcome: AttemptOutcome;
  /** Time from showing to the solve (or to the end), as the server measured it. */
  durationMs: number;
}

export interface AttemptState {
  answers: AttemptEntry[];
  hintsHtml: Bilingual[];
  solutionShown: boolean;
  /** Set when the attempt has ended (solved or solution shown). */
  reveal: ExerciseReveal | null;
  /** The grade this attempt earns if it ended now (null before any answer or reveal). */
  grade: GradeReason | null;
  /** No more answers are taken: solved, solution shown, or MAX_ATTEMPTS reached. */
  closed: boolean;
}

export interface CheckedAnswer {
  correct: boolean;
  interpretedAs: string | null;
  feedback: Bilingual | null;
  /** The input could not be read (not an answer, not recorded). */
  error?: Bilingual;
  state: AttemptState;
}

const GENERATORS: ReadonlyMap<string, GeneratorInfo> = new Map(listGenerators().map((g) => [g.id, g]));

export function isGeneratorId(generatorId: string): boolean {
  return GENERATORS.has(generatorId);
}

export function generatorInfo(generatorId: string): GeneratorInfo | undefined {
  return GENERATORS.get(generatorId);
}

function exerciseItemId(generatorId: string): string {
  return `${EXERCISE_ITEM_PREFIX}${generatorId}`;
}

function instanceOf(generatorId: string, seed: number): ExerciseInstance {
  if (!GENERATORS.has(generatorId)) throw new NotFoundError(`No exercise "${generatorId}".`);
  return generateExercise(generatorId, seed);
}

/** A fresh seed for every showing: unpredictable, 32 bits. */
function drawSeed(): number {
  return randomBytes(4).readUInt32BE(0);
}

function newAttemptId(): string {
  return randomBytes(18).toString("base64url");
}

function renderBilingual(text: Bilingual): Bilingual {
  return { zh: renderMarkdown(text.zh), en: renderMarkdown(text.en) };
}

/**
 * The worked answer as a person writes it: a real to six significant figures
 * (1/6 → 0.166667), not the checker's twelve; an integer answer exactly.
 */
function answerText(answer: ExerciseInstance["answer"]): string {
  const one = (v: number) => (answer.kind === "integer" && Number.isInteger(v) ? String(v) : fmt(v));
  const value = answer.value;
  const shown = Array.isArray(value) ? `[${value.map(one).join(", ")}]` : one(value);
  const unit = answer.unit;
  return unit ? `${shown} ${unit}` : shown;
}

function revealOf(instance: ExerciseInstance): ExerciseReveal {
  return {
    answerText: answerText(instance.answer),
    stepsHtml: instance.solution.map(renderBilingual),
  };
}

function storedAnswers(row: ExerciseAttempt): AttemptEntry[] {
  try {
    const parsed = JSON.parse(row.answers) as unknown;
    return Array.isArray(parsed) ? (parsed as AttemptEntry[]) : [];
  } catch {
    return [];
  }
}

/** The record of an attempt as the server stored it; `now` ends an unsolved one. */
function recordOf(row: ExerciseAttempt, now: Date): ExerciseAttemptRecord {
  const answers = storedAnswers(row);
  const solvedAt = answers.findIndex((a) => a.correct);
  const endAt = row.solvedAt ?? now;
  return {
    generatorId: row.generatorId,
    seed: Number(row.seed),
    // Nothing is answered after the solve: the attempt ends there.
    attempts: solvedAt >= 0 ? answers.slice(0, solvedAt + 1) : answers,
    hintsShown: row.hintsShown,
    solutionShown: row.solutionShown,
    durationMs: clampDurationMs(endAt.getTime() - row.shownAt.getTime()),
  };
}

function gradeReasonOf(record: ExerciseAttemptRecord): GradeReason {
  return { grade: gradeAttempt(record), outcome: attemptOutcome(record), durationMs: record.durationMs };
}

function stateOf(row: ExerciseAttempt, instance: ExerciseInstance, now: Date): AttemptState {
  const record = recordOf(row, now);
  const solved = record.attempts.some((a) => a.correct);
  const ended = solved || row.solutionShown;
  const answered = record.attempts.length > 0;
  return {
    answers: record.attempts,
    hintsHtml: instance.hints.slice(0, row.hintsShown).map(renderBilingual),
    solutionShown: row.solutionShown,
    reveal: ended ? revealOf(instance) : null,
    grade: ended || answered ? gradeReasonOf(record) : null,
    closed: ended || record.attempts.length >= MAX_ATTEMPTS,
  };
}

function viewOf(row: ExerciseAttempt, now: Date): ExerciseView {
  const instance = instanceOf(row.generatorId, Number(row.seed));
  const info = GENERATORS.get(row.generatorId)!;
  const value = instance.answer.value;
  return {
    attemptId: row.id,
    generatorId: row.generatorId,
    seed: Number(row.seed),
    topic: info.topic,
    title: info.title,
    promptHtml: renderBilingual(instance.prompt),
    hintCount: instance.hints.length,
    expectation: {
      ...(Array.isArray(value) ? { vectorLength: value.length } : {}),
      ...(instance.answer.unit ? { unit: instance.answer.unit } : {}),
    },
    state: stateOf(row, instance, now),
  };
}

export interface StartOptions {
  /** Practice only: replay this seed (from an item's history) instead of drawing one. */
  seed?: number;
  /** Draws the seed of a new attempt; the server's CSPRNG unless a test fixes it. */
  drawSeed?: () => number;
}

/**
 * Shows an exercise to the learner. In the daily review the learner's open
 * attempt at it is shown again if there is one (a reload must not reroll the
 * numbers); otherwise, and always in practice, a new attempt is stored.
 */
export async function startExerciseAttempt(
  db: Db,
  userId: string,
  generatorId: string,
  mode: AttemptMode,
  now: Date,
  options: StartOptions = {},
): Promise<ExerciseView> {
  if (!GENERATORS.has(generatorId)) throw new NotFoundError(`No exercise "${generatorId}".`);
  if (mode === "review") {
    const open = await db.exerciseAttempt.findFirst({
      where: { userId, generatorId, mode: "review", reviewId: null },
      orderBy: { shownAt: "desc" },
    });
    if (open) return viewOf(open, now);
  }
  const replay = mode === "practice" && options.seed !== undefined;
  const seed = replay ? options.seed! : (options.drawSeed ?? drawSeed)();
  if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) {
    throw new InvalidInputError(`seed: expected an integer from 0 to ${MAX_SEED}.`);
  }
  const [, row] = await db.$transaction([
    db.exerciseAttempt.deleteMany({
      where: { userId, reviewId: null, shownAt: { lt: new Date(now.getTime() - ABANDONED_ATTEMPT_DAYS * DAY_MS) } },
    }),
    db.exerciseAttempt.create({
      data: { id: newAttemptId(), userId, generatorId, seed: BigInt(seed), mode, replay, shownAt: now },
    }),
  ]);
  return viewOf(row, now);
}

async function fetchOpenAttempt(db: Pick<Db, "exerciseAttempt">, userId: string, attemptId: string) {
  const row = await db.exerciseAttempt.findFirst({ where: { id: attemptId, userId } });
  if (!row) throw new NotFoundError("No such exercise attempt (it may have been graded already).");
  if (row.reviewId !== null) throw new DomainError("conflict", "This exercise attempt was already recorded.");
  return row;
}

/** Checks one answer against the stored instance and appends it to the attempt. */
export async function answerExercise(
  db: Db,
  userId: string,
  attemptId: string,
  input: string,
  now: Date,
): Promise<CheckedAnswer> {
  const row = await fetchOpenAttempt(db, userId, attemptId);
  const instance = instanceOf(row.generatorId, Number(row.seed));
  const before = stateOf(row, instance, now);
  if (before.closed) throw new DomainError("conflict", "This attempt has ended: it takes no more answers.");
  const check = checkAnswer(instance, input);
  if (check.error) {
    return { correct: false, interpretedAs: null, feedback: check.feedback, error: check.error, state: before };
  }
  const answers = [...storedAnswers(row), attemptEntryOf(instance, input, check)];
  // Guarded by the answer count: two answers sent at once are both kept or one is refused, never lost.
  const updated = await db.exerciseAttempt.updateMany({
    where: { id: row.id, userId, reviewId: null, answerCount: row.answerCount },
    data: {
      answers: JSON.stringify(answers),
      answerCount: { increment: 1 },
      ...(check.correct && row.solvedAt === null ? { solvedAt: now } : {}),
    },
  });
  if (updated.count !== 1)
    throw new DomainError("conflict", "Another answer to this attempt arrived at the same time.");
  const after = {
    ...row,
    answers: JSON.stringify(answers),
    answerCount: row.answerCount + 1,
    solvedAt: row.solvedAt ?? (check.correct ? now : null),
  };
  return {
    correct: check.correct,
    interpretedAs: check.interpretedAs,
    feedback: check.feedback,
    state: stateOf(after, instance, now),
  };
}

/** Hands out the next hint and records that it was shown (a hint costs grade). */
export async function showExerciseHint(db: Db, userId: string, attemptId: string, now: Date): Promise<AttemptState> {
  const row = await fetchOpenAttempt(db, userId, attemptId);
  const instance = instanceOf(row.generatorId, Number(row.seed));
  // After the end a hint changes nothing: it is not recorded, so it cannot lower the grade.
  if (row.hintsShown >= instance.hints.length || stateOf(row, instance, now).reveal !== null) {
    return stateOf(row, instance, now);
  }
  const updated = await db.exerciseAttempt.update({
    where: { id: row.id },
    data: { hintsShown: { increment: 1 } },
  });
  return stateOf(updated, instance, now);
}

/** Hands out the worked solution and records that it was shown. */
export async function revealExerciseSolution(
  db: Db,
  userId: string,
  attemptId: string,
  now: Date,
): Promise<AttemptState> {
  const row = await fetchOpenAttempt(db, userId, attemptId);
  const instance = instanceOf(row.generatorId, Number(row.seed));
  // Once solved, the solution is already part of the feedback: showing it again is not a reveal.
  const updated =
    row.solutionShown || row.solvedAt !== null
      ? row
      : await db.exerciseAttempt.update({ where: { id: row.id }, data: { solutionShown: true } });
  return stateOf(updated, instance, now);
}

/** Marks the attempt as recorded by `reviewId`, inside the transaction that writes the log row. */
function consumeAttempt(attemptId: string, userId: string): RecordedHook {
  return async (tx, reviewId) => {
    const consumed = await tx.exerciseAttempt.updateMany({
      where: { id: attemptId, userId, reviewId: null },
      data: { reviewId },
    });
    if (consumed.count !== 1) throw new DomainError("conflict", "This exercise attempt was already recorded.");
  };
}

function attemptIdOf(detail: unknown): string | null {
  if (typeof detail !== "object" || detail === null || Array.isArray(detail)) return null;
  const id = (detail as Record<string, unknown>).attemptId;
  return typeof id === "string" && id.length > 0 && id.length <= 100 ? id : null;
}

export interface VerifiedGrade {
  input: GradeInput;
  onRecorded?: RecordedHook;
}

/**
 * The grade of a daily-review item as the server will record it. For a
 * computed exercise the browser's quality, duration and detail are ignored:
 * the grade, the stored record and the duration come from the attempt the
 * server issued, which must be this learner's open review attempt at this
 * exercise; it is linked to the log row in the same transaction, so it
 * grades once. Other kinds of item pass through unchanged.
 */
export async function verifiedExerciseGrade(
  db: Db,
  userId: string,
  input: GradeInput,
  now: Date,
): Promise<VerifiedGrade> {
  if (!input.itemId.startsWith(EXERCISE_ITEM_PREFIX)) return { input };
  const attemptId = attemptIdOf(input.detail);
  if (attemptId === null) {
    throw new InvalidInputError("detail.attemptId: an exercise grade names the attempt the server issued.");
  }
  const row = await db.exerciseAttempt.findFirst({ where: { id: attemptId, userId } });
  if (!row || exerciseItemId(row.generatorId) !== input.itemId || row.mode !== "review") {
    throw new InvalidInputError("detail.attemptId: no review attempt at this exercise has that id.");
  }
  if (row.reviewId !== null && row.reviewId !== input.reviewId) {
    throw new DomainError("conflict", "This exercise attempt was already recorded.");
  }
  const record = recordOf(row, now);
  if (record.attempts.length === 0 && !record.solutionShown) {
    throw new InvalidInputError("The exercise has not been answered yet: answer it or show the solution first.");
  }
  return {
    input: {
      ...input,
      quality: gradeAttempt(record),
      durationMs: record.durationMs,
      detail: { attemptId, ...record },
    },
    // A repeat of the same review id is answered from the log; the attempt is already linked to it.
    ...(row.reviewId === null ? { onRecorded: consumeAttempt(attemptId, userId) } : {}),
  };
}

export interface DrillInput {
  /** Client-generated id: a repeat of it is a no-op. */
  reviewId: string;
  attemptId: string;
}

export interface DrillResult {
  reviewId: string;
  duplicate: boolean;
  quality: number;
}

/**
 * Logs a practice attempt as a "drill" from what the server recorded of it:
 * the learner's SM-2 state is recorded before = after and never changes.
 */
export async function recordDrill(db: Db, userId: string, input: DrillInput, now: Date): Promise<DrillResult> {
  return db.$transaction(async (tx) => {
    const row = await tx.exerciseAttempt.findFirst({ where: { id: input.attemptId, userId } });
    if (!row || row.mode !== "practice") throw new NotFoundError("No such practice attempt.");
    const itemId = exerciseItemId(row.generatorId);
    const seen = await findRepeatedReview(tx, input.reviewId, userId, itemId);
    if (seen) return { reviewId: seen.id, duplicate: true, quality: seen.quality };
    if (row.reviewId !== null) throw new DomainError("conflict", "This exercise attempt was already recorded.");
    const record = recordOf(row, now);
    if (record.attempts.length === 0 && !record.solutionShown) {
      throw new InvalidInputError("Nothing to record: the exercise was neither answered nor its solution shown.");
    }
    const item = await tx.item.findUnique({ where: { id: itemId }, select: { retiredAt: true } });
    if (!item || item.retiredAt !== null) throw new NotFoundError(`No exercise "${row.generatorId}".`);
    const state = (await tx.itemState.findUnique({ where: { userId_itemId: { userId, itemId } } })) ?? NEW_SCHEDULE;
    const quality = gradeAttempt(record);
    const detail = { attemptId: row.id, ...record, ...(row.replay ? { replay: true } : {}) };
    const log = await appendReviewLog(
      tx,
      drillLogData({
        id: input.reviewId,
        userId,
        itemId,
        quality,
        reviewedAt: now,
        durationMs: record.durationMs,
        state,
        detail,
      }),
    );
    await consumeAttempt(row.id, userId)(tx, log.id);
    return { reviewId: log.id, duplicate: false, quality };
  });
}

export interface Accuracy {
  /** Exercise reviews and drills counted (undone ones excluded). */
  attempts: number;
  /** Of those, solved at the first answer without a hint. */
  firstTry: number;
  /** firstTry / attempts, null before the first attempt. */
  accuracy: number | null;
}

export interface GeneratorStats extends Accuracy {
  generatorId: string;
  title: Bilingual;
  chapter: string;
  /** Grades of the latest attempts, newest first (at most RECENT_RESULTS). */
  recent: number[];
}

export interface TopicStats extends Accuracy {
  topic: string;
  generators: GeneratorStats[];
}

function accuracyOf(attempts: number, firstTry: number): Accuracy {
  return { attempts, firstTry, accuracy: attempts > 0 ? firstTry / attempts : null };
}

/** Every generator grouped by topic (content order), with the learner's accuracy and recent results. */
export async function fetchExerciseOverview(db: Db, userId: string): Promise<TopicStats[]> {
  const [totals, recentRows] = await Promise.all([
    db.$queryRaw<{ itemId: string; attempts: unknown; firstTry: unknown }[]>(exerciseAccuracySql(userId)),
    db.$queryRaw<{ itemId: string; quality: unknown }[]>(recentExerciseResultsSql(userId)),
  ]);
  const totalsByItem = new Map(totals.map((r) => [r.itemId, r] as const));
  const recentByItem = new Map<string, number[]>();
  for (const r of recentRows) {
    const list = recentByItem.get(r.itemId) ?? [];
    list.push(toNumber(r.quality));
    recentByItem.set(r.itemId, list);
  }
  const topics = new Map<string, TopicStats>();
  for (const g of GENERATORS.values()) {
    const itemId = exerciseItemId(g.id);
    const total = totalsByItem.get(itemId);
    const stats: GeneratorStats = {
      generatorId: g.id,
      title: g.title,
      chapter: g.chapter,
      ...accuracyOf(toNumber(total?.attempts), toNumber(total?.firstTry)),
      recent: recentByItem.get(itemId) ?? [],
    };
    const topic = topics.get(g.topic) ?? { topic: g.topic, ...accuracyOf(0, 0), generators: [] };
    topic.generators.push(stats);
    topics.set(g.topic, {
      ...topic,
      ...accuracyOf(topic.attempts + stats.attempts, topic.firstTry + stats.firstTry),
    });
  }
  return [...topics.values()];
}
