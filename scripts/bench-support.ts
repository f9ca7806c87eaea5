/** Shared pieces of the database benchmarks. */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/** The commit the benchmark ran on ("+dirty" when tracked files differ from it); null outside a git checkout. */
export function gitRevision(): string | null {
  try {
    const commit = execFileSync("git", ["rev-parse", "HEAD"], { encoding: "utf8", stdio: "pipe" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], {
      encoding: "utf8",
      stdio: "pipe",
    }).trim();
    return dirty ? `${commit}+dirty` : commit;
  } catch {
    return null;
  }
}

/** An instant as the SQLite driver adapter stores it ("…+00:00"), for raw seeding. */
export const iso = (d: Date) => d.toISOString().replace("Z", "+00:00");

/** Nearest-rank percentile of `samples` (ms), rounded to `decimals`. */
export function percentile(samples: number[], p: number, decimals = 3): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Number((sorted[Math.max(0, index)] ?? 0).toFixed(decimals));
}

export function summary(samples: number[], decimals = 3) {
  return { p50: percentile(samples, 50, decimals), p95: percentile(samples, 95, decimals), runs: samples.length };
}

export interface SeededDatabase {
  file: string;
  url: string;
  seedSeconds: number;
}

/**
 * A migrated SQLite file in a temporary folder, seeded by `seed`, handed to
 * `run`, then removed (kept, and its path printed, when BENCH_KEEP is set).
 */
export async function withSeededDatabase<T>(
  prefix: string,
  seed: (file: string) => void,
  run: (db: SeededDatabase) => Promise<T>,
): Promise<T> {
  const dir = mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  const file = path.join(dir, "bench.db");
  const url = `file:${file}`;
  try {
    execFileSync(process.execPath, ["--import", "tsx", "scripts/migrate.ts"], {
      env: { ...process.env, DATABASE_URL: url },
      stdio: "pipe",
    });
    const start = performance.now();
    seed(file);
    const seedSeconds = Number(((performance.now() - start) / 1000).toFixed(1));
    return await run({ file, url, seedSeconds });
  } finally {
    if (process.env.BENCH_KEEP) console.error(`kept ${file}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- both engines

export type BenchEngine = "sqlite" | "postgresql";
export const BENCH_ENGINES: readonly BenchEngine[] = ["sqlite", "postgresql"];

/** Rows bulk-inserted into the seeded database, on either engine (instants as Date). */
export interface BulkSink {
  engine: BenchEngine;
  insert(table: string, columns: readonly string[], rows: Iterable<readonly unknown[]>): Promise<void>;
}

/** The same Prisma.sql statements run on the bare driver: the floor a benchmark compares the app with. */
export interface RawDriver {
  all(query: { sql: string; text: string; values: unknown[] }): Promise<unknown[]>;
  close(): Promise<void>;
}

export interface SeededEngineDatabase {
  engine: BenchEngine;
  url: string;
  seedSeconds: number;
  openRaw: () => Promise<RawDriver>;
}

const PG_MAX_PARAMETERS = 60_000;

function sqliteValue(v: unknown): unknown {
  if (v instanceof Date) return iso(v);
  if (typeof v === "boolean") return v ? 1 : 0;
  return v;
}

function postgresValue(v: unknown): unknown {
  // Timestamps are stored without a zone and meant as UTC (lib/server/db.ts sets TimeZone=UTC).
  return v instanceof Date ? v.toISOString() : v;
}

function quoted(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

async function connectPostgres(url: string): Promise<import("pg").Client> {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: url, options: "-c TimeZone=UTC" });
  await client.connect();
  return client;
}

/**
 * A PostgreSQL server for a benchmark: TEST_POSTGRES_URL, or a throwaway
 * cluster (scripts/postgres-cluster.sh, kept alive by a shell that removes
 * it when its input closes). Resolves to the admin URL and a stop function.
 */
export async function startBenchPostgres(): Promise<{ url: string; stop: () => Promise<void> }> {
  if (process.env.TEST_POSTGRES_URL) return { url: process.env.TEST_POSTGRES_URL, stop: () => Promise.resolve() };
  const { spawn } = await import("node:child_process");
  const shell = spawn(
    "bash",
    [
      "-c",
      'source scripts/postgres-cluster.sh && start_test_postgres >&2 && echo "URL=$TEST_POSTGRES_URL" && read -r _',
    ],
    { stdio: ["pipe", "pipe", "inherit"] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    shell.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /URL=(\S+)/.exec(out);
      if (match?.[1]) resolve(match[1]);
    });
    shell.on("exit", (code) => reject(new Error(`PostgreSQL for the benchmark did not start (exit ${code}).`)));
  });
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        shell.on("exit", () => resolve());
        shell.stdin.end();
      }),
  };
}

/**
 * A migrated database of `engine`, seeded through `seed`, handed to `run`,
 * then removed (kept when BENCH_KEEP is set). SQLite: a file in a temporary
 * folder. PostgreSQL: a database of its own on `postgresUrl`'s server.
 */
export async function withSeededEngineDatabase<T>(
  prefix: string,
  engine: BenchEngine,
  postgresUrl: string | null,
  seed: (sink: BulkSink) => Promise<void>,
  run: (db: SeededEngineDatabase) => Promise<T>,
): Promise<T> {
  let url: string;
  let cleanup: () => Promise<void>;
  if (engine === "sqlite") {
    const dir = mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
    url = `file:${path.join(dir, "bench.db")}`;
    cleanup = () => {
      if (process.env.BENCH_KEEP) console.error(`kept ${url}`);
      else rmSync(dir, { recursive: true, force: true });
      return Promise.resolve();
    };
  } else {
    if (!postgresUrl) throw new Error("A PostgreSQL benchmark needs a server URL.");
    const target = new URL(postgresUrl);
    const name = `bench_${prefix.replace(/\W/g, "_")}_${process.pid}`;
    target.pathname = `/${name}`;
    url = target.toString();
    cleanup = async () => {
      if (process.env.BENCH_KEEP) {
        console.error(`kept ${url}`);
        return;
      }
      const admin = await connectPostgres(postgresUrl);
      await admin.query(`DROP DATABASE IF EXISTS ${quoted(name)} WITH (FORCE)`);
      await admin.end();
    };
  }
  try {
    execFileSync(process.execPath, ["--import", "tsx", "scripts/migrate.ts"], {
      env: { ...process.env, DATABASE_URL: url },
      stdio: "pipe",
    });
    const start = performance.now();
    if (engine === "sqlite") {
      const { default: Database } = await import("better-sqlite3");
      const db = new Database(url.slice("file:".length));
      db.pragma("journal_mode = WAL");
      db.pragma("synchronous = OFF");
      db.exec("BEGIN");
      await seed({
        engine,
        insert(table, columns, rows) {
          const statement = db.prepare(
            `INSERT INTO ${quoted(table)} (${columns.map(quoted).join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`,
          );
          for (const row of rows) statement.run(...row.map(sqliteValue));
          return Promise.resolve();
        },
      });
      db.exec("COMMIT");
      db.pragma("wal_checkpoint(TRUNCATE)");
      db.exec("ANALYZE");
      db.close();
    } else {
      const client = await connectPostgres(url);
      await client.query("BEGIN");
      await seed({
        engine,
        async insert(table, columns, rows) {
          const perStatement = Math.max(1, Math.floor(PG_MAX_PARAMETERS / columns.length));
          let batch: unknown[][] = [];
          const flush = async () => {
            if (batch.length === 0) return;
            const values: unknown[] = [];
            const tuples = batch.map((row) => {
              const marks = row.map((v) => {
                values.push(postgresValue(v));
                return `$${values.length}`;
              });
              return `(${marks.join(", ")})`;
            });
            await client.query(
              `INSERT INTO ${quoted(table)} (${columns.map(quoted).join(", ")}) VALUES ${tuples.join(", ")}`,
              values,
            );
            batch = [];
          };
          for (const row of rows) {
            batch.push([...row]);
            if (batch.length >= perStatement) await flush();
          }
          await flush();
        },
      });
      await client.query("COMMIT");
      await client.query("ANALYZE");
      await client.end();
    }
    const seedSeconds = Number(((performance.now() - start) / 1000).toFixed(1));
    return await run({
      engine,
      url,
      seedSeconds,
      openRaw: async () => {
        if (engine === "sqlite") {
          const { default: Database } = await import("better-sqlite3");
          const raw = new Database(url.slice("file:".length), { readonly: true });
          return {
            all: (q) => Promise.resolve(raw.prepare(q.sql).all(...q.values.map(sqliteValue))),
            close: () => {
              raw.close();
              return Promise.resolve();
            },
          };
        }
        const client = await connectPostgres(url);
        return {
          all: async (q) => (await client.query(q.text, q.values.map(postgresValue))).rows as unknown[],
          close: () => client.end(),
        };
      },
    });
  } finally {
    await cleanup();
  }
}

/**
 * Runs `script` once per engine in a child process (a process speaks one SQL
 * dialect, chosen by DATABASE_URL at start), each printing one JSON object,
 * and returns them by engine. PostgreSQL comes from startBenchPostgres().
 */
export async function runPerEngine(script: string): Promise<Record<BenchEngine, unknown>> {
  const postgres = await startBenchPostgres();
  try {
    const results = {} as Record<BenchEngine, unknown>;
    for (const engine of BENCH_ENGINES) {
      const output = execFileSync(process.execPath, ["--conditions=react-server", "--import", "tsx", script], {
        env: {
          ...process.env,
          BENCH_ENGINE: engine,
          BENCH_POSTGRES_URL: postgres.url,
          DATABASE_URL: engine === "postgresql" ? postgres.url : "",
        },
        stdio: ["ignore", "pipe", "inherit"],
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
      });
      const last = output.trim().split("\n").at(-1) ?? "";
      results[engine] = JSON.parse(last) as unknown;
    }
    return results;
  } finally {
    await postgres.stop();
  }
}

/**
 * The entry of a benchmark measured on each engine. In the child that
 * runPerEngine starts (BENCH_ENGINE set) it prints `measure`'s result for
 * that engine; in the parent it runs `script` once per engine and prints one
 * JSON object: the benchmark's name, the commit, `facts` (what was measured,
 * the targets), every engine's result under "engines", and a verdict that
 * holds only if every engine met its targets.
 */
export function runBenchmarkOnEachEngine(
  name: string,
  script: string,
  measure: (engine: BenchEngine, postgresUrl: string | null) => Promise<{ meetsTarget: boolean }>,
  facts: Record<string, unknown>,
): void {
  const main = async () => {
    const engine = process.env.BENCH_ENGINE as BenchEngine | undefined;
    if (engine) {
      console.log(JSON.stringify(await measure(engine, process.env.BENCH_POSTGRES_URL ?? null)));
      return;
    }
    const engines = (await runPerEngine(script)) as Record<BenchEngine, { meetsTarget: boolean }>;
    const meetsTarget = Object.values(engines).every((e) => e.meetsTarget);
    console.log(JSON.stringify({ benchmark: name, commit: gitRevision(), ...facts, engines, meetsTarget }, null, 2));
  };
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
