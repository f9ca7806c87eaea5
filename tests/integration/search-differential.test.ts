/**
 * The card browser's search, compiled to SQL and run on a real database
 * (fetchBrowsePage), finds exactly the rows the plain reference
 * (./search-reference.ts) finds in memory, in the same order and pages,
 * for random queries over random rows of one learner; the other learner's
 * rows, and retired ones, never show. Queries are printed from random trees
 * and parsed back, so the parser is checked to give the tree it was printed from.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tagsColumn } from "@/lib/content/search-fields";
import { type Rng, createRng } from "@/lib/random";
import { BROWSE_PAGE_SIZE, fetchBrowsePage } from "@/lib/server/browse";
import { BROWSE_SORTS, type BrowseSort } from "@/lib/browse/bulk";
import { parseSearch } from "@/lib/search/parse";
import type { Pattern, PatternPart, SearchNode } from "@/lib/search/types";
import { type TestDb, createTestDb } from "../setup/test-db";
import { type RefContext, type RefReview, type RefRow, referenceMatches } from "./search-reference";

const WORLDS = 8;
const QUERIES_PER_WORLD = 120;
const ROWS = 130;
const DAY_MS = 86_400_000;
const WORDS = ["relu", "norm", "batch", "soft", "max", "层", "归一化"];
const TAGS = ["ml", "ml::cnn", "ml::rnn", "math", "my_tag", "myxtag", "opt::adam"];
const OWN_DECKS = ["ML", "ML::CNN", "ML::CNN::Pool", "Math", "MLOps"];
const BUILT_IN_DECKS = ["concepts-norms", "exercises-norms"];
const ID_SEPARATORS = ["-", "_", ".", "A", "a", "~"];
const ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata"];

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t.close());

interface World {
  ctx: RefContext;
  rows: RefRow[];
}

const maybe = <T>(rng: Rng, p: number, value: () => T): T | null => (rng.next() < p ? value() : null);

/** An instant within `days` learner days of now, often exactly on a day start or just beside one. */
function instantNear(rng: Rng, now: Date, dayStartHour: number, days: number): Date {
  const base =
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), dayStartHour) + rng.int(-days, days) * DAY_MS;
  const jitter = rng.pick([0, 0, -1, 1, rng.int(-DAY_MS, DAY_MS)]);
  return new Date(base + jitter);
}

async function writeWorld(seed: number): Promise<World> {
  const rng = createRng(`browse-${seed}`);
  const day = { timeZone: rng.pick(ZONES), dayStartHour: rng.int(0, 23) };
  const now = new Date(Date.UTC(2026, 2, 8 + rng.int(0, 30), rng.int(0, 23), rng.int(0, 59)));
  await t.db.reviewLog.deleteMany();
  await t.db.itemState.deleteMany();
  await t.db.item.deleteMany();
  await t.db.deck.deleteMany();
  await t.db.user.deleteMany();
  for (const id of ["a", "b"]) await t.db.user.create({ data: { id, email: `${id}@example.test`, ...day } });
  const decks = [
    ...OWN_DECKS.map((name, i) => ({ key: `deck_${seed}_${i}`, name })),
    ...BUILT_IN_DECKS.map((key) => ({ key, name: key })),
  ];
  for (const d of decks.filter((x) => x.key.startsWith("deck_")))
    await t.db.deck.create({ data: { id: d.key, userId: "a", name: d.name } });

  const rows: RefRow[] = [];
  const reviews: RefReview[] = [];
  const items = [];
  const states = [];
  for (let i = 0; i < ROWS; i++) {
    // Separators and cases a locale's collation orders otherwise than bytes do: ties must break in byte order.
    const itemId = `card:w${seed}${ID_SEPARATORS[i % ID_SEPARATORS.length]}${i}`;
    const status = rng.pick(["new", "active", "active", "retired"] as const);
    const deck = rng.pick(decks).key;
    const cardType = rng.pick(["basic", "reverse", "cloze", "exercise", "code"]);
    const noteType = rng.pick(["basic", "basic-reverse", "cloze", "exercise", "code"]);
    const text = rng.sample(WORDS, rng.int(0, 3)).join(rng.pick([" ", "", "-"]));
    const row: RefRow = {
      itemId,
      status: status === "retired" ? "active" : status,
      deck,
      cardType,
      noteType,
      dueAt: status === "new" ? null : maybe(rng, 0.9, () => instantNear(rng, now, day.dayStartHour, 8)),
      intervalDays: rng.int(0, 20),
      easePermille: rng.pick([1300, 2000, 2360, 2500, 2800]),
      lapses: rng.int(0, 4),
      repetitions: rng.int(0, 6),
      suspended: rng.next() < 0.2,
      buriedUntil: maybe(rng, 0.25, () => instantNear(rng, now, day.dayStartHour, 1)),
      flag: rng.pick([0, 0, 1]),
      tags: rng.sample(TAGS, rng.int(0, 2)),
      contentTags: rng.sample(TAGS, rng.int(0, 2)),
      searchText: text,
      addedAt: maybe(rng, 0.9, () => instantNear(rng, now, day.dayStartHour, 10)),
    };
    items.push({
      id: itemId,
      kind: "card",
      contentId: itemId.slice(5),
      deck,
      position: i,
      payload: JSON.stringify({ kind: "card", front: { zh: text, en: text } }),
      contentHash: "h",
    });
    const columns = {
      itemId,
      position: i,
      deck,
      cardType,
      noteType,
      dueAt: row.dueAt,
      intervalDays: row.intervalDays,
      easePermille: row.easePermille,
      lapses: row.lapses,
      repetitions: row.repetitions,
      suspended: row.suspended,
      buriedUntil: row.buriedUntil,
      flag: row.flag,
      tags: tagsColumn(row.tags),
      contentTags: tagsColumn(row.contentTags),
      searchText: row.searchText,
      addedAt: row.addedAt,
    };
    states.push({ userId: "a", status, ...columns });
    // B studies the same items in a state that would match nearly any query: it must never show for A.
    if (rng.next() < 0.5)
      states.push({ userId: "b", ...columns, status: "active", suspended: true, flag: 1, tags: " ml math " });
    if (status !== "retired") rows.push(row);
    for (let r = rng.int(0, 2); r > 0; r--) {
      const review = {
        itemId,
        quality: rng.int(0, 5),
        reviewedAt: instantNear(rng, now, day.dayStartHour, 9),
        undone: rng.next() < 0.2,
      };
      reviews.push(review);
    }
    if (rng.next() < 0.3)
      reviews.push({ itemId, quality: 1, reviewedAt: new Date(now.getTime() - DAY_MS), undone: false });
  }
  await t.db.item.createMany({ data: items });
  await t.db.itemState.createMany({ data: states });
  await t.db.reviewLog.createMany({
    data: [
      ...reviews.map((r, i) => ({
        id: `rev-${seed}-${i}`,
        userId: "a",
        itemId: r.itemId,
        kind: "review",
        quality: r.quality,
        reviewedAt: r.reviewedAt,
        durationMs: 1000,
        repsBefore: 0,
        intervalBefore: 0,
        easeBefore: 2500,
        statusBefore: "active",
        redrillBefore: "none",
        lapsesBefore: 0,
        repsAfter: 0,
        intervalAfter: 0,
        easeAfter: 2500,
        undoneAt: r.undone ? now : null,
      })),
      // B's grades of A's items: `rated:` must not see them.
      ...items.slice(0, 20).map((item, i) => ({
        id: `rev-b-${seed}-${i}`,
        userId: "b",
        itemId: item.id,
        kind: "review",
        quality: 1,
        reviewedAt: now,
        durationMs: 1000,
        repsBefore: 0,
        intervalBefore: 0,
        easeBefore: 2500,
        statusBefore: "active",
        redrillBefore: "none",
        lapsesBefore: 0,
        repsAfter: 0,
        intervalAfter: 0,
        easeAfter: 2500,
      })),
    ],
  });
  return { ctx: { now, day, decks, reviews }, rows };
}

// --- random trees, and how a learner would type them ---

function randomPattern(rng: Rng, vocabulary: readonly string[]): Pattern {
  const word = rng.pick(vocabulary);
  const cut = rng.int(1, word.length);
  const parts: PatternPart[] = [];
  const roll = rng.int(0, 5);
  if (roll === 0) parts.push({ kind: "any" }, { kind: "text", text: word.slice(cut - 1) });
  else if (roll === 1) parts.push({ kind: "text", text: word.slice(0, cut) }, { kind: "any" });
  else if (roll === 2 && word.length > 2)
    parts.push({ kind: "text", text: word.slice(0, 1) }, { kind: "one" }, { kind: "text", text: word.slice(2) });
  else parts.push({ kind: "text", text: roll === 3 ? word.slice(0, cut) : word });
  return { parts: parts.filter((p) => p.kind !== "text" || p.text !== "") };
}

function tagPattern(rng: Rng): Pattern | null {
  const roll = rng.int(0, 6);
  if (roll === 0) return null;
  if (roll === 1) return { parts: [{ kind: "any" }] };
  const tag = rng.pick([...TAGS, "ml::", "cnn", "adam", "my", "tag"].filter((x) => !x.endsWith("::")));
  const parts: PatternPart[] = [{ kind: "text", text: tag }];
  if (roll === 2 || roll === 4) parts.unshift({ kind: "any" });
  if (roll === 3 || roll === 4) parts.push({ kind: "any" });
  return { parts };
}

function randomLeaf(rng: Rng): SearchNode {
  switch (rng.int(0, 10)) {
    case 0:
      return { kind: "text", pattern: randomPattern(rng, WORDS) };
    case 1:
      return {
        kind: "deck",
        pattern: randomPattern(rng, ["ml", "ml::cnn", "math", "mlops", "concepts-norms", "pool", "ml::cnn::pool"]),
      };
    case 2:
      return { kind: "tag", pattern: tagPattern(rng) };
    case 3:
      return { kind: "note", noteType: rng.pick(["basic", "basic-reverse", "cloze", "exercise", "code"] as const) };
    case 4:
      return { kind: "card", cardType: rng.pick(["basic", "reverse", "cloze", "exercise", "code"] as const) };
    case 5:
      return { kind: "is", state: rng.pick(["new", "due", "review", "suspended", "buried", "flagged"] as const) };
    case 6: {
      const prop = rng.pick(["ivl", "ease", "lapses", "due", "reps"] as const);
      const op = rng.pick(["<=", ">=", "!=", "=", "<", ">"] as const);
      const value =
        prop === "ease" ? rng.pick([1.3, 2, 2.36, 2.5, 2.7]) : prop === "due" ? rng.int(-4, 4) : rng.int(0, 10);
      return { kind: "prop", prop, op, value };
    }
    case 7:
      return { kind: "added", days: rng.int(1, 12) };
    case 8:
      return { kind: "rated", days: rng.int(1, 10), quality: rng.next() < 0.5 ? null : rng.int(0, 5) };
    case 9:
      return { kind: "flag", flagged: rng.next() < 0.5 };
    default:
      return {
        kind: "cid",
        ids: [0, 1].map((w) => `card:w${w}${rng.pick(ID_SEPARATORS)}${rng.int(0, 20)}`),
      };
  }
}

function randomTree(rng: Rng, depth: number): SearchNode {
  if (depth === 0 || rng.next() < 0.35) return randomLeaf(rng);
  const roll = rng.int(0, 2);
  if (roll === 0) return { kind: "not", child: randomTree(rng, depth - 1) };
  const children = Array.from({ length: rng.int(2, 3) }, () => randomTree(rng, depth - 1));
  return roll === 1 ? { kind: "and", children } : { kind: "or", children };
}

function printPattern(pattern: Pattern): string {
  return pattern.parts
    .map((p) => (p.kind === "any" ? "*" : p.kind === "one" ? "_" : p.text.replace(/[*_\\":()]/g, "\\$&")))
    .join("");
}

/** A tree as a learner types it; groups in parentheses so the printed query parses back to the same tree. */
function printTree(node: SearchNode): string {
  switch (node.kind) {
    case "all":
      return "";
    case "and":
      return node.children.map((c) => `(${printTree(c)})`).join(" ");
    case "or":
      return node.children.map((c) => `(${printTree(c)})`).join(" OR ");
    case "not":
      return `-(${printTree(node.child)})`;
    case "text":
      return printPattern(node.pattern);
    case "deck":
      return `deck:${node.pattern.parts.map((p) => (p.kind === "any" ? "*" : p.kind === "one" ? "_" : p.text)).join("")}`;
    case "tag":
      return node.pattern === null
        ? "tag:none"
        : `tag:${node.pattern.parts.map((p) => (p.kind === "any" ? "*" : p.kind === "text" ? p.text : "_")).join("")}`;
    case "note":
      return `note:${node.noteType}`;
    case "card":
      return `card:${node.cardType}`;
    case "is":
      return `is:${node.state}`;
    case "prop":
      return `prop:${node.prop}${node.op}${node.value}`;
    case "added":
      return `added:${node.days}`;
    case "rated":
      return node.quality === null ? `rated:${node.days}` : `rated:${node.days}:${node.quality}`;
    case "cid":
      return `cid:${node.ids.join(",")}`;
    case "flag":
      return `flag:${node.flagged ? 1 : 0}`;
  }
}

function referenceOrder(rows: RefRow[], sort: BrowseSort, descending: boolean): string[] {
  const key = (r: RefRow): number | string | null => {
    switch (sort) {
      case "added":
        return r.addedAt?.getTime() ?? null;
      case "due":
        return r.dueAt?.getTime() ?? null;
      case "interval":
        return r.intervalDays;
      case "ease":
        return r.easePermille;
      case "lapses":
        return r.lapses;
      case "reps":
        return r.repetitions;
      case "text":
        return r.searchText;
    }
  };
  const sign = descending ? -1 : 1;
  const cmp = (a: number | string, b: number | string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...rows]
    .sort((x, y) => {
      const a = key(x);
      const b = key(y);
      if (a === null || b === null) {
        if (a !== b) return a === null ? 1 : -1;
      } else if (a !== b) return sign * cmp(a, b);
      return sign * cmp(x.itemId, y.itemId);
    })
    .map((r) => r.itemId);
}

describe("the browser's search equals the reference", () => {
  for (let w = 0; w < WORLDS; w++) {
    it(`world ${w}: ${QUERIES_PER_WORLD} random queries, counts, order and pages`, async () => {
      const world = await writeWorld(w);
      const rng = createRng(`queries-${w}`);
      for (let q = 0; q < QUERIES_PER_WORLD; q++) {
        // Every other query a single leaf (or its negation), so each key's edge cases are not drowned in larger trees.
        const tree =
          q % 2 === 0
            ? randomTree(rng, 3)
            : q % 4 === 1
              ? randomLeaf(rng)
              : { kind: "not" as const, child: randomLeaf(rng) };
        const query = printTree(tree);
        const parsed = parseSearch(query);
        expect(parsed, query).toMatchObject({ ok: true });
        if (!parsed.ok) continue;
        const expected = world.rows.filter((r) => referenceMatches(parsed.node, r, world.ctx));
        const sort = rng.pick(BROWSE_SORTS);
        const descending = rng.next() < 0.5;
        const order = referenceOrder(expected, sort, descending);
        const page = expected.length > BROWSE_PAGE_SIZE && rng.next() < 0.5 ? 2 : 1;
        const result = await fetchBrowsePage(t.db, "a", query, { sort, descending, page }, world.ctx.now);
        if (!result.ok) throw new Error(`${query}: ${JSON.stringify(result.error)}`);
        const label = `${query} [${sort} ${descending ? "desc" : "asc"} p${page}] in ${world.ctx.day.timeZone} ${world.ctx.day.dayStartHour}h at ${world.ctx.now.toISOString()}`;
        expect(result.total, label).toBe(expected.length);
        expect(
          result.rows.map((r) => r.itemId),
          label,
        ).toEqual(order.slice((page - 1) * BROWSE_PAGE_SIZE, page * BROWSE_PAGE_SIZE));
      }
    });
  }

  it("each kind of leaf matches some rows and misses others somewhere, so the comparison is not vacuous", async () => {
    const world = await writeWorld(99);
    const leaves = [
      "relu",
      "deck:ml",
      "tag:ml",
      "tag:none",
      "note:cloze",
      "card:reverse",
      "is:new",
      "is:due",
      "is:buried",
      "is:suspended",
      "prop:ivl>=10",
      "prop:ease<2",
      "prop:due<=0",
      "added:3",
      "rated:3",
      "rated:9:1",
      "flag:1",
    ];
    for (const query of leaves) {
      const r = await fetchBrowsePage(t.db, "a", query, { sort: "added", descending: false, page: 1 }, world.ctx.now);
      if (!r.ok) throw new Error(query);
      expect(r.total, query).toBeGreaterThan(0);
      expect(r.total, query).toBeLessThan(world.rows.length);
    }
  });
});
