import "server-only";
/**
 * The exercise aggregate: showing a computed exercise (fresh seed, Markdown
 * rendered here), checking answers and revealing the solution on the server
 * (the answer never reaches the browser before that), recording drills, and
 * the learner's accuracy per generator and topic.
 * Every read and write of learner data is scoped to the user id passed in.
 */
import { randomBytes } from "node:crypto";
import { renderMarkdown } from "@/lib/content/markdown";
import {
  type AnswerValue,
  type Bilingual,
  type ExerciseInstance,
  type GeneratorInfo,
  checkAnswer,
  generateExercise,
  listGenerators,
} from "@/lib/exercises";
import {
  type AttemptEntry,
  type ExerciseAttemptRecord,
  MAX_ATTEMPTS,
  attemptEntryOf,
  gradeAttempt,
} from "@/lib/exercises/grading";
import { formatValue } from "@/lib/answers";
import { INITIAL_EASE_PERMILLE } from "@/lib/srs/sm2";
import type { Db } from "./db";
import { DomainError, InvalidInputError, NotFoundError } from "./errors";
import { MAX_DURATION_MS } from "./reviews";
import { EXERCISE_ITEM_PREFIX, exerciseAccuracySql, recentExerciseResultsSql } from "./sql/exercises";
import { toNumber } from "./sql/queue";
import { drillLogData } from "./review-log";

/** What the browser gets to show an exercise: no answer, no known mistakes, no solution. */
export interface ExerciseView {
  generatorId: string;
  seed: number;
  topic: string;
  title: Bilingual;
  /** Rendered HTML (KaTeX included). */
  promptHtml: Bilingual;
  hintsHtml: Bilingual[];
  /** Enough for the browser's "read as" preview: the vector length and unit of the answer. */
  expectation: { vectorLength?: number; unit?: string };
}

/** The worked solution, sent once the learner solved the exercise or asked for it. */
export interface ExerciseReveal {
  answerText: string;
  stepsHtml: Bilingual[];
}

export interface CheckedAnswer {
  correct: boolean;
  interpretedAs: string | null;
  feedback: Bilingual | null;
  /** The input could not be read (not an answer, not recorded). */
  error?: Bilingual;
  /** The record entry of a readable answer, null when the input was refused. */
  attempt: AttemptEntry | null;
  /** Present when the answer is correct. */
  reveal?: ExerciseReveal;
}

const GENERATORS: ReadonlyMap<string, GeneratorInfo> = new Map(listGenerators().map((g) => [g.id, g]));

export function isGeneratorId(generatorId: string): boolean {
  return GENERATORS.has(generatorId);
}

export function exerciseItemId(generatorId: string): string {
  return `${EXERCISE_ITEM_PREFIX}${generatorId}`;
}

function instanceOf(generatorId: string, seed: number): ExerciseInstance {
  if (!GENERATORS.has(generatorId)) throw new NotFoundError(`No exercise "${generatorId}".`);
  return generateExercise(generatorId, seed);
}

/** A fresh seed for every showing: unpredictable, 32 bits. */
export function drawSeed(): number {
  return randomBytes(4).readUInt32BE(0);
}

function renderBilingual(text: Bilingual): Bilingual {
  return { zh: renderMarkdown(text.zh), en: renderMarkdown(text.en) };
}

export function showExercise(generatorId: string, seed: number = drawSeed()): ExerciseView {
  const instance = instanceOf(generatorId, seed);
  const info = GENERATORS.get(generatorId)!;
  const value = instance.answer.value;
  return {
    generatorId,
    seed,
    topic: info.topic,
    title: info.title,
    promptHtml: renderBilingual(instance.prompt),
    hintsHtml: instance.hints.map(renderBilingual),
    expectation: {
      ...(Array.isArray(value) ? { vectorLength: value.length } : {}),
      ...(instance.answer.unit ? { unit: instance.answer.unit } : {}),
    },
  };
}

function answerText(value: AnswerValue, unit: string | undefined): string {
  const shown = Array.isArray(value) ? `[${value.map(formatValue).join(", ")}]` : formatValue(value);
  return unit ? `${shown} ${unit}` : shown;
}

function revealOf(instance: ExerciseInstance): ExerciseReveal {
  return {
    answerText: answerText(instance.answer.value, instance.answer.unit),
    stepsHtml: instance.solution.map(renderBilingual),
  };
}

export function revealSolution(generatorId: string, seed: number): ExerciseReveal {
  return revealOf(instanceOf(generatorId, seed));
}

/** Regenerates the instance from its seed and checks the input against it. */
export function checkExercise(generatorId: string, seed: number, input: string): CheckedAnswer {
  const instance = instanceOf(generatorId, seed);
  const check = checkAnswer(instance, input);
  if (check.error) {
    return { correct: false, interpretedAs: null, feedback: check.feedback, error: check.error, attempt: null };
  }
  return {
    correct: check.correct,
    interpretedAs: check.interpretedAs,
    feedback: check.feedback,
    attempt: attemptEntryOf(instance, input, check),
    ...(check.correct ? { reveal: revealOf(instance) } : {}),
  };
}

/**
 * Re-checks every answer of a record sent by the browser against the
 * regenerated instance, so the stored verdicts and grade are the server's.
 */
export function verifyAttemptRecord(record: ExerciseAttemptRecord): ExerciseAttemptRecord {
  const instance = instanceOf(record.generatorId, record.seed);
  const attempts: AttemptEntry[] = [];
  for (const { input } of record.attempts.slice(0, MAX_ATTEMPTS)) {
    const check = checkAnswer(instance, input);
    if (check.error) throw new InvalidInputError("The attempt holds an answer that cannot be read.");
    attempts.push(attemptEntryOf(instance, input, check));
  }
  const solvedAt = attempts.findIndex((a) => a.correct);
  return {
    generatorId: record.generatorId,
    seed: record.seed,
    // Nothing is answered after the solve: the attempt ends there.
    attempts: solvedAt >= 0 ? attempts.slice(0, solvedAt + 1) : attempts,
    hintsShown: Math.min(Math.max(0, Math.trunc(record.hintsShown)), instance.hints.length),
    solutionShown: record.solutionShown,
    durationMs: Math.min(MAX_DURATION_MS, Math.max(0, Math.round(record.durationMs))),
  };
}

export interface DrillInput {
  /** Client-generated id: a repeat of it is a no-op. */
  reviewId: string;
  attempt: ExerciseAttemptRecord;
}

export interface DrillResult {
  reviewId: string;
  duplicate: boolean;
  quality: number;
}

/** Default schedule of an item the learner has no row for yet (as insertMissingStates creates it). */
const NEW_ITEM_STATE = {
  status: "new",
  repetitions: 0,
  intervalDays: 0,
  easePermille: INITIAL_EASE_PERMILLE,
  dueAt: null,
  redrill: "none",
  lapses: 0,
  lastReviewedAt: null,
} as const;

/**
 * Logs an exercise solved on demand as a "drill": the learner's SM-2 state is
 * recorded before = after and never changes; the attempt is the detail.
 */
export async function recordDrill(db: Db, userId: string, input: DrillInput, now: Date): Promise<DrillResult> {
  const attempt = verifyAttemptRecord(input.attempt);
  const quality = gradeAttempt(attempt);
  const itemId = exerciseItemId(attempt.generatorId);
  return db.$transaction(async (tx) => {
    const seen = await tx.reviewLog.findUnique({ where: { id: input.reviewId } });
    if (seen) {
      if (seen.userId === userId && seen.itemId === itemId)
        return { reviewId: seen.id, duplicate: true, quality: seen.quality };
      throw new DomainError("conflict", "This review id was already used for another review.");
    }
    const item = await tx.item.findUnique({ where: { id: itemId }, select: { retiredAt: true } });
    if (!item || item.retiredAt !== null) throw new NotFoundError(`No exercise "${attempt.generatorId}".`);
    const row = await tx.itemState.findUnique({ where: { userId_itemId: { userId, itemId } } });
    const state = row ?? NEW_ITEM_STATE;
    const log = await tx.reviewLog.create({
      data: drillLogData({
        id: input.reviewId,
        userId,
        itemId,
        quality,
        reviewedAt: now,
        durationMs: attempt.durationMs,
        state,
        detail: attempt,
      }),
    });
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
    topics.set(g.topic, { ...topic, ...accuracyOf(topic.attempts + stats.attempts, topic.firstTry + stats.firstTry) });
  }
  return [...topics.values()];
}
