/**
 * What the HTTP benchmarks (bench:load, bench:faults) share: a built app,
 * databases of either engine prepared as `npm start` prepares them, app
 * processes (scripts/serve.ts) and floor processes started on loopback and
 * watched through /proc, and simulated learners speaking the JSON API
 * (docs/api.md) over keep-alive connections.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { Agent, request as httpRequest } from "node:http";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import type { Engine } from "../lib/server/database-url";

export const root = path.resolve(import.meta.dirname, "..");

export function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** Builds the app (`npm run build`) when the build folder has none: the benchmarks run the built server. */
export function ensureBuild(): void {
  const dist = process.env.NEXT_DIST_DIR ?? ".next";
  if (existsSync(path.join(root, dist, "BUILD_ID"))) return;
  log(`No build in ${dist}: running npm run build.`);
  execFileSync("npm", ["run", "--silent", "build"], { cwd: root, stdio: ["ignore", "inherit", "inherit"] });
}

function runScript(args: string[], databaseUrl: string): void {
  execFileSync(process.execPath, args, {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** A PostgreSQL server for the run: the one named, or a throwaway cluster (scripts/postgres-cluster.sh). */
export interface PostgresServer {
  adminUrl: string;
  /** Restarts the server (a throwaway cluster only: a server named from outside is never touched). */
  restart: (() => Promise<void>) | null;
  stop(): Promise<void>;
}

/** A throwaway cluster of its own (scripts/postgres-cluster.sh), removed by stop(). */
export async function startThrowawayPostgres(): Promise<PostgresServer> {
  // The cluster lives as long as this shell; closing its stdin ends it, and its EXIT trap removes the cluster.
  const shell = spawn(
    "bash",
    [
      "-c",
      "unset TEST_POSTGRES_URL; source scripts/postgres-cluster.sh && start_test_postgres >&2 && " +
        'echo "URL=$TEST_POSTGRES_URL DIR=$TEST_POSTGRES_DIR BIN=$(find_pg_bin)" && read',
    ],
    { cwd: root, stdio: ["pipe", "pipe", "inherit"] },
  );
  const found = await new Promise<RegExpExecArray>((resolve, reject) => {
    let out = "";
    shell.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /URL=(\S+) DIR=(\S+) BIN=(\S+)/.exec(out);
      if (match) resolve(match);
    });
    shell.on("exit", (code) => reject(new Error(`No PostgreSQL (scripts/postgres-cluster.sh exited ${code}).`)));
  });
  const [, adminUrl = "", dir = "", bin = ""] = found;
  const asPostgres = process.getuid?.() === 0 ? ["runuser", "-u", "postgres", "--"] : [];
  return {
    adminUrl,
    restart: () =>
      new Promise((resolve, reject) => {
        const [file, ...args] = [
          ...asPostgres,
          path.join(bin, "pg_ctl"),
          "-D",
          path.join(dir, "data"),
          "-m",
          "fast",
          "-w",
          "restart",
        ];
        const child = spawn(file, args, { stdio: "ignore" });
        child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`pg_ctl restart exited ${code}`))));
      }),
    stop: () =>
      new Promise((resolve) => {
        shell.on("exit", () => resolve());
        shell.stdin.end();
      }),
  };
}

export async function openPostgres(): Promise<PostgresServer> {
  const named = process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL;
  if (named) return { adminUrl: named, restart: null, stop: () => Promise.resolve() };
  return startThrowawayPostgres();
}

/** A migrated database with the content synced, as `npm start` leaves it; `drop` removes it. */
export interface BenchDatabase {
  engine: Engine;
  url: string;
  /** The SQLite file, for fault injection. */
  file: string | null;
  drop(): Promise<void>;
}

let databaseCount = 0;

export function createBenchDatabase(
  engine: Engine,
  postgres: PostgresServer | null,
  directory?: string,
): BenchDatabase {
  databaseCount++;
  let db: BenchDatabase;
  if (engine === "sqlite") {
    const dir = directory ?? mkdtempSync(path.join(os.tmpdir(), "dl-study-bench-"));
    const file = path.join(dir, `bench-${databaseCount}.db`);
    db = {
      engine,
      url: `file:${file}`,
      file,
      drop: () => {
        for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
        if (!directory) rmSync(dir, { recursive: true, force: true });
        return Promise.resolve();
      },
    };
  } else {
    if (!postgres) throw new Error("A PostgreSQL run needs a PostgreSQL server.");
    const prefix = process.env.BENCH_DATABASE_PREFIX ?? "dlstudy_bench";
    const name = `${prefix}_${process.pid}_${databaseCount}`;
    const url = new URL(postgres.adminUrl);
    url.pathname = `/${name}`;
    db = {
      engine,
      url: url.toString(),
      file: null,
      drop: async () => {
        await withClient(postgres.adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
      },
    };
  }
  runScript(["--import", "tsx", "scripts/migrate.ts"], db.url);
  runScript(["--conditions=react-server", "--import", "tsx", "scripts/content-sync.ts"], db.url);
  return db;
}

export async function withClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, options: "-c TimeZone=UTC" });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** Runs statements (`?` placeholders) on the benchmark's database, outside the servers. */
export async function execute(db: BenchDatabase, statements: { sql: string; params?: unknown[] }[]): Promise<void> {
  if (db.engine === "sqlite") {
    const sqlite = new Database(db.file!, { timeout: 10_000 });
    try {
      for (const s of statements) sqlite.prepare(s.sql).run(...(s.params ?? []));
    } finally {
      sqlite.close();
    }
    return;
  }
  await withClient(db.url, async (client) => {
    for (const s of statements) {
      let n = 0;
      await client.query(
        s.sql.replace(/\?/g, () => `$${++n}`),
        s.params,
      );
    }
  });
}

export async function queryAll<T>(db: BenchDatabase, sql: string, params: unknown[] = []): Promise<T[]> {
  if (db.engine === "sqlite") {
    const sqlite = new Database(db.file!, { readonly: true, timeout: 10_000 });
    try {
      return sqlite.prepare(sql).all(...params) as T[];
    } finally {
      sqlite.close();
    }
  }
  return withClient(db.url, async (client) => {
    let n = 0;
    return (
      await client.query(
        sql.replace(/\?/g, () => `$${++n}`),
        params,
      )
    ).rows as T[];
  });
}

/** One secret for every process of a run: a session made by one is valid on all. */
export const BENCH_SECRET = randomBytes(32).toString("hex");

export type ServerKind = "app" | "floor";

export interface ServerProcess {
  kind: ServerKind;
  port: number;
  child: ChildProcess;
  output: string[];
  exited: Promise<number | null>;
}

export interface StartOptions {
  kind: ServerKind;
  db: BenchDatabase;
  port: number;
  /** The origin every process of the run answers as (BETTER_AUTH_URL). */
  publicUrl: string;
  cpuProfileDir?: string;
  /** Wraps the command (e.g. `bash -c 'ulimit -f …; exec "$@"'`). */
  wrap?: string[];
  extraEnv?: Record<string, string>;
}

export function startServer(options: StartOptions): ServerProcess {
  const profile = options.cpuProfileDir ? ["--cpu-prof", `--cpu-prof-dir=${options.cpuProfileDir}`] : [];
  const entry =
    options.kind === "app"
      ? ["--import", "tsx", "scripts/serve.ts"]
      : ["--conditions=react-server", "--import", "tsx", "scripts/bench-load-floor.ts"];
  const command = [process.execPath, ...profile, ...entry];
  const [file, ...args] = options.wrap ? [...options.wrap, ...command] : command;
  const child = spawn(file!, args, {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: options.db.url,
      PORT: String(options.port),
      HOST: "127.0.0.1",
      BETTER_AUTH_URL: options.publicUrl,
      BETTER_AUTH_SECRET: BENCH_SECRET,
      TRUSTED_PROXIES: "127.0.0.1",
      LOG_LEVEL: "warn",
      NEXT_TELEMETRY_DISABLED: "1",
      ...options.extraEnv,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 200) output.shift();
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { kind: options.kind, port: options.port, child, output, exited };
}

const START_TIMEOUT_MS = 180_000;

/** Waits until the server answers HTTP on its port. */
export async function waitUntilServing(server: ServerProcess): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  let exitedWith: number | null | undefined;
  void server.exited.then((code) => (exitedWith = code));
  while (Date.now() < deadline) {
    if (exitedWith !== undefined) break;
    try {
      const r = await call({ port: server.port, method: "GET", path: "/api/v1/review" });
      if (r.status > 0) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`The ${server.kind} process on port ${server.port} did not start:\n${server.output.join("")}`);
}

export async function stopServer(server: ServerProcess): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  server.child.kill("SIGINT");
  const killed = setTimeout(() => server.child.kill("SIGKILL"), 15_000);
  await server.exited;
  clearTimeout(killed);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** CPU time (user + system, ms) a process has used so far, from /proc/<pid>/stat. */
const CLOCK_TICKS_PER_SECOND = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;

export function cpuMsOf(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces) start after the last ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return ((utime + stime) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** Resident memory now and at its peak (MiB), from /proc/<pid>/status. */
export function memoryOf(pid: number | undefined): { rssMiB: number; peakRssMiB: number } {
  if (pid === undefined) return { rssMiB: 0, peakRssMiB: 0 };
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0);
    return { rssMiB: Math.round(kib("VmRSS") / 1024), peakRssMiB: Math.round(kib("VmHWM") / 1024) };
  } catch {
    return { rssMiB: 0, peakRssMiB: 0 };
  }
}

// --- HTTP --------------------------------------------------------------------

const agent = new Agent({ keepAlive: true, maxSockets: 1024 });

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface CallOptions {
  port: number;
  method: "GET" | "POST";
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

/** One request; a refused or dropped connection rejects, any HTTP answer resolves. */
export function call(options: CallOptions): Promise<Reply> {
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: "127.0.0.1",
        port: options.port,
        method: options.method,
        path: options.path,
        agent,
        headers: {
          ...(body === undefined
            ? {}
            : { "content-type": "application/json", "content-length": Buffer.byteLength(body) }),
          ...options.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }),
        );
        res.on("error", reject);
      },
    );
    req.setTimeout(options.timeoutMs ?? 60_000, () => req.destroy(new Error("request timed out")));
    req.on("error", reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

export interface QueueView {
  current: { itemId: string; version: number; itemKind: string } | null;
  doneToday: number;
}

/** A simulated learner: its own session cookie, talking to one server process. */
export class Learner {
  cookie = "";
  view: QueueView | null = null;

  constructor(
    readonly email: string,
    public port: number,
    private readonly publicUrl: string,
    private readonly clientAddress: string,
  ) {}

  headers(): Record<string, string> {
    return { origin: this.publicUrl, cookie: this.cookie, "x-forwarded-for": this.clientAddress };
  }

  async signUp(): Promise<void> {
    const r = await call({
      port: this.port,
      method: "POST",
      path: "/api/auth/sign-up/email",
      body: { email: this.email, password: "bench-load-password", name: "Bench learner" },
      headers: { origin: this.publicUrl, "x-forwarded-for": this.clientAddress },
    });
    if (r.status !== 200) throw new Error(`sign-up failed: HTTP ${r.status} ${r.body.slice(0, 300)}`);
    const setCookie = r.headers["set-cookie"] ?? [];
    this.cookie = (Array.isArray(setCookie) ? setCookie : [setCookie]).map((c) => c.split(";")[0]).join("; ");
  }

  async load(): Promise<QueueView> {
    const r = await call({ port: this.port, method: "GET", path: "/api/v1/review", headers: this.headers() });
    if (r.status !== 200) throw new Error(`queue read failed: HTTP ${r.status} ${r.body.slice(0, 300)}`);
    this.view = (JSON.parse(r.body) as { review: QueueView }).review;
    return this.view;
  }

  /** POSTs a grade of the current head; the caller decides what to do with the reply. */
  sendGrade(body: GradeBody, timeoutMs?: number): Promise<Reply> {
    return call({
      port: this.port,
      method: "POST",
      path: "/api/v1/review/grades",
      body,
      headers: this.headers(),
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
    });
  }
}

export interface GradeBody {
  reviewId: string;
  itemId: string;
  quality: number;
  expectedVersion: number;
  durationMs: number;
}

/**
 * Gives the benchmark's learners a long day of cards: limits raised far
 * above what a run grades, and their computed and coding exercises set
 * aside (a computed exercise is graded from an attempt the server issues on
 * the review page, which the API does not start).
 */
export async function prepareLearners(db: BenchDatabase, emails: string[]): Promise<void> {
  const marks = emails.map(() => "?").join(", ");
  await execute(db, [
    {
      sql: `UPDATE "User" SET "newPerDay" = 10000, "maxReviewsPerDay" = 10000 WHERE "email" IN (${marks})`,
      params: emails,
    },
    {
      sql: `UPDATE "ItemState" SET "status" = 'retired' WHERE "itemId" NOT LIKE 'card:%'
              AND "userId" IN (SELECT "id" FROM "User" WHERE "email" IN (${marks}))`,
      params: emails,
    },
  ]);
}

/** A deterministic pseudo-random stream (mulberry32), so every run asks for the same grades. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mostly recalled (4, 5), sometimes failed (2: the card comes back today), as a learner grades. */
export function pickQuality(random: () => number): number {
  const r = random();
  return r < 0.1 ? 2 : r < 0.55 ? 4 : 5;
}

export function percentileOf(samples: readonly number[], p: number): number | null {
  if (samples.length === 0) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Number(sorted[index]!.toFixed(1));
}

// --- nginx ---------------------------------------------------------------------

function findNginx(): string | null {
  for (const candidate of ["/usr/sbin/nginx", "/usr/bin/nginx"]) if (existsSync(candidate)) return candidate;
  return null;
}

/** Debian's nginx, installed with apt-get when run as root without it; null (with the reason logged) otherwise. */
export function ensureNginx(): string | null {
  const found = findNginx();
  if (found) return found;
  if (process.getuid?.() === 0 && existsSync("/usr/bin/apt-get")) {
    log("Installing Debian's nginx package.");
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    execFileSync("apt-get", ["update", "-qq"], { stdio: "ignore", env });
    execFileSync("apt-get", ["install", "-y", "-qq", "nginx"], { stdio: "ignore", env });
    return findNginx();
  }
  log("nginx not found: install it (Debian: apt-get install nginx) for the scenarios behind nginx.");
  return null;
}

export interface Nginx {
  port: number;
  stop(): Promise<void>;
}

/**
 * nginx in front of `upstreamPorts` on 127.0.0.1:`port`, from
 * deploy/nginx.conf.template inside a main configuration of its own (pid,
 * logs and temp files in `runDir`), as scripts/class-server.sh runs it.
 */
export async function startNginx(
  binary: string,
  port: number,
  upstreamPorts: number[],
  runDir: string,
): Promise<Nginx> {
  const site = readFileSync(path.join(root, "deploy", "nginx.conf.template"), "utf8")
    .replaceAll("@UPSTREAM_SERVERS@", upstreamPorts.map((p) => `    server 127.0.0.1:${p};`).join("\n"))
    .replaceAll("@LISTEN@", `127.0.0.1:${port}`)
    .replaceAll("@SERVER_NAME@", "_");
  writeFileSync(path.join(runDir, "dl-study.conf"), site);
  const temp = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"]
    .map((t) => `  ${t}_temp_path ${path.join(runDir, t)};`)
    .join("\n");
  writeFileSync(
    path.join(runDir, "nginx.conf"),
    [
      "worker_processes 1;",
      `pid ${path.join(runDir, "nginx.pid")};`,
      `error_log ${path.join(runDir, "nginx-error.log")} warn;`,
      "events { worker_connections 1024; }",
      "http {",
      `  access_log ${path.join(runDir, "nginx-access.log")};`,
      temp,
      `  include ${path.join(runDir, "dl-study.conf")};`,
      "}",
      "",
    ].join("\n"),
  );
  execFileSync(binary, ["-p", runDir, "-c", path.join(runDir, "nginx.conf")], { stdio: "inherit" });
  const pidFile = path.join(runDir, "nginx.pid");
  for (let i = 0; i < 100 && !existsSync(pidFile); i++) await sleep(50);
  return {
    port,
    stop: async () => {
      if (!existsSync(pidFile)) return;
      const pid = Number(readFileSync(pidFile, "utf8").trim());
      try {
        process.kill(pid, "SIGTERM");
      } catch {
        return;
      }
      for (let i = 0; i < 100 && existsSync(pidFile); i++) await sleep(50);
    },
  };
}
