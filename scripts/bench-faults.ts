/**
 * `npm run bench:faults`: what learners' grades go through when something
 * fails mid-load. Simulated learners grade through the JSON API and, like
 * any client should (docs/api.md), retry a failed grade with the same review
 * id until it is answered. Scenarios:
 *
 * - kill-app-process: PostgreSQL, two app processes behind nginx
 *   (deploy/nginx.conf.template); one process is killed with SIGKILL mid-load.
 * - restart-postgresql: the same, and PostgreSQL (a throwaway cluster of its
 *   own, scripts/postgres-cluster.sh) is restarted mid-load.
 * - sqlite-disk-full: one process on a SQLite file on a small tmpfs that is
 *   filled up mid-load (`ulimit -f` on the server where mounting is not
 *   allowed), then freed.
 *
 * For each: grades acknowledged, lost (acknowledged, not in the database)
 * and doubled (a state advanced more often than it was logged), half-written
 * grades (a log row without its state, or the reverse), what clients saw
 * (statuses, the window during which any client saw errors, the longest a
 * client waited), any 500 or hung request. Prints one JSON object with the
 * targets (0 lost, 0 doubled, 0 half-written, no 500, no hang) and a
 * verdict. Needs root for nginx (installed with apt-get when missing) and
 * for mounting; says so and skips what it cannot do.
 *
 *   npm run bench:faults [-- --only kill-app-process,restart-postgresql,sqlite-disk-full] [--learners 10] [--seconds 20]
 */
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, statfsSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Engine } from "../lib/server/database-url";
import { gitRevision } from "./bench-support";
import {
  type BenchDatabase,
  type GradeBody,
  type Nginx,
  type PostgresServer,
  type ServerProcess,
  Learner,
  createBenchDatabase,
  ensureBuild,
  ensureNginx,
  log,
  pickQuality,
  prepareLearners,
  queryAll,
  seededRandom,
  sleep,
  startNginx,
  startServer,
  startThrowawayPostgres,
  stopServer,
  waitUntilServing,
} from "./bench-support-server";

const SCENARIOS = ["kill-app-process", "restart-postgresql", "sqlite-disk-full"] as const;
type ScenarioName = (typeof SCENARIOS)[number];

const TARGETS = { lost: 0, doubled: 0, halfWritten: 0, status500: 0, hungRequests: 0 } as const;
/** A request not answered within this is a hang (the app's own timeouts are 5 s to connect, 15 s per statement). */
const HANG_MS = 30_000;
/** A client's wait before retrying when the answer names none (a dropped connection, a 502). */
const DEFAULT_RETRY_MS = 250;
/** When the fault strikes, after the load started. */
const FAULT_AT_MS = 4_000;
/** How long the SQLite disk stays full before space is freed again. */
const DISK_FULL_MS = 4_000;
const BASE_PORT = 4160;
const NGINX_PORT = 4159;

interface Options {
  only: ScenarioName[];
  learners: number;
  seconds: number;
}

function parseOptions(argv: string[]): Options {
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const only = (value("--only")?.split(",") ?? [...SCENARIOS]).map((s) => s.trim());
  for (const s of only) {
    if (!(SCENARIOS as readonly string[]).includes(s))
      throw new Error(`Unknown scenario ${s}: ${SCENARIOS.join(", ")}.`);
  }
  const int = (flag: string, fallback: number) => {
    const n = Number(value(flag) ?? fallback);
    if (!Number.isInteger(n) || n < 1 || n > 1000) throw new Error(`${flag} takes an integer from 1 to 1000.`);
    return n;
  };
  return { only: only as ScenarioName[], learners: int("--learners", 10), seconds: int("--seconds", 20) };
}

interface Sent {
  body: GradeBody;
  acknowledged: boolean;
  /** The answer said it was a repeat (an earlier try had been recorded). */
  repeat: boolean;
}

interface ClientLog {
  sent: Sent[];
  statuses: Record<string, number>;
  errorMessages: Set<string>;
  /** When this client saw its failures (ms since the load began), and how long it waited for one grade. */
  errorTimes: number[];
  longestWaitMs: number;
  hung: number;
}

/**
 * One learner: grade the head; on any failure retry the same body (same
 * review id) after Retry-After, until answered or the run is over.
 */
async function retryingLoop(learner: Learner, deadline: number, startedAt: number, seed: number): Promise<ClientLog> {
  const random = seededRandom(seed);
  const out: ClientLog = {
    sent: [],
    statuses: {},
    errorMessages: new Set(),
    errorTimes: [],
    longestWaitMs: 0,
    hung: 0,
  };
  let view = learner.view ?? (await learner.load());
  while (Date.now() < deadline && view.current) {
    const body: GradeBody = {
      reviewId: randomUUID(),
      itemId: view.current.itemId,
      quality: pickQuality(random),
      expectedVersion: view.current.version,
      durationMs: 2500,
    };
    const sent: Sent = { body, acknowledged: false, repeat: false };
    out.sent.push(sent);
    const firstTry = performance.now();
    // A grade already sent is retried past the deadline (bounded): giving up would leave its fate unknown.
    while (Date.now() < deadline + HANG_MS) {
      const t0 = performance.now();
      let status = 0;
      let text = "";
      let retryAfterMs = DEFAULT_RETRY_MS;
      try {
        const r = await learner.sendGrade(body, HANG_MS);
        status = r.status;
        text = r.body;
        const header = Number(r.headers["retry-after"]);
        if (Number.isFinite(header) && header > 0) retryAfterMs = header * 1000;
      } catch (error) {
        if ((error as Error).message === "request timed out") out.hung++;
      }
      out.statuses[String(status)] = (out.statuses[String(status)] ?? 0) + 1;
      if (status === 200) {
        const answer = JSON.parse(text) as { grade: { duplicate: boolean }; review: typeof view };
        sent.acknowledged = true;
        sent.repeat = answer.grade.duplicate;
        view = answer.review;
        break;
      }
      out.errorTimes.push(t0 - startedAt);
      if (status >= 400 && status < 500) {
        // Refused for good (e.g. stale after a lost answer): read the queue again, as a client would.
        out.errorMessages.add(`${status} ${text.slice(0, 160)}`);
        view = await learner.load().catch(() => view);
        break;
      }
      if (text) out.errorMessages.add(`${status} ${text.slice(0, 160)}`);
      await sleep(retryAfterMs);
    }
    out.longestWaitMs = Math.max(out.longestWaitMs, performance.now() - firstTry);
  }
  return out;
}

interface Integrity {
  acknowledged: number;
  lost: number;
  doubled: number;
  halfWritten: number;
  repeatsAnswered: number;
  notAcknowledgedButRecorded: number;
}

/**
 * What the database holds against what clients were told. No learner
 * undoes here, so every item's version must equal the number of its log
 * rows (one increment per grade), and its state must be the state after its
 * latest row.
 */
async function checkIntegrity(db: BenchDatabase, emails: string[], logs: ClientLog[]): Promise<Integrity> {
  const marks = emails.map(() => "?").join(", ");
  const rows = await queryAll<{ id: string }>(
    db,
    `SELECT r."id" FROM "ReviewLog" r JOIN "User" u ON u."id" = r."userId" WHERE u."email" IN (${marks})`,
    emails,
  );
  const stored = new Set(rows.map((r) => r.id));
  const states = await queryAll<{ version: number; logged: number; lastMatches: number }>(
    db,
    `SELECT s."version",
            (SELECT COUNT(*) FROM "ReviewLog" r WHERE r."userId" = s."userId" AND r."itemId" = s."itemId") AS "logged",
            (SELECT COUNT(*) FROM "ReviewLog" r WHERE r."userId" = s."userId" AND r."itemId" = s."itemId"
               AND r."repsAfter" = s."repetitions" AND r."intervalAfter" = s."intervalDays" AND r."easeAfter" = s."easePermille"
               AND r."reviewedAt" = (SELECT MAX(r2."reviewedAt") FROM "ReviewLog" r2
                                     WHERE r2."userId" = s."userId" AND r2."itemId" = s."itemId")) AS "lastMatches"
     FROM "ItemState" s JOIN "User" u ON u."id" = s."userId" WHERE u."email" IN (${marks})`,
    emails,
  );
  const sent = logs.flatMap((l) => l.sent);
  let doubled = 0;
  let halfWritten = 0;
  for (const s of states) {
    const version = Number(s.version);
    const logged = Number(s.logged);
    if (version > logged) doubled += version - logged;
    if (logged > version) halfWritten += logged - version;
    if (logged > 0 && Number(s.lastMatches) === 0) halfWritten++;
  }
  return {
    acknowledged: sent.filter((s) => s.acknowledged).length,
    lost: sent.filter((s) => s.acknowledged && !stored.has(s.body.reviewId)).length,
    doubled,
    halfWritten,
    repeatsAnswered: sent.filter((s) => s.repeat).length,
    notAcknowledgedButRecorded: sent.filter((s) => !s.acknowledged && stored.has(s.body.reviewId)).length,
  };
}

interface ScenarioResult {
  name: ScenarioName;
  engine: Engine;
  processes: number;
  throughNginx: boolean;
  fault: string;
  grades: Integrity;
  clients: {
    statuses: Record<string, number>;
    errorWindowMs: number | null;
    firstErrorAtMs: number | null;
    lastErrorAtMs: number | null;
    longestWaitForOneGradeMs: number;
    hungRequests: number;
    messages: string[];
  };
  verdict: { met: boolean; failed: string[] };
}

interface Scenario {
  name: ScenarioName;
  engine: Engine;
  processes: number;
  nginx: boolean;
  /** Sets up what the fault needs; returns what to run mid-load and what to undo after. */
  prepare(ctx: ScenarioContext): Promise<{ strike: () => Promise<string>; cleanup: () => Promise<void> }>;
}

interface ScenarioContext {
  servers: ServerProcess[];
  postgres: PostgresServer | null;
  /** For SQLite: the folder the database lives in (the small filesystem). */
  dataDir: string | null;
}

function summarize(
  scenario: Scenario,
  fault: string,
  grades: Integrity,
  logs: ClientLog[],
  nginx: boolean,
): ScenarioResult {
  const statuses: Record<string, number> = {};
  for (const l of logs) for (const [k, n] of Object.entries(l.statuses)) statuses[k] = (statuses[k] ?? 0) + n;
  const errorTimes = logs.flatMap((l) => l.errorTimes).sort((a, b) => a - b);
  const first = errorTimes[0] ?? null;
  const last = errorTimes.at(-1) ?? null;
  const hung = logs.reduce((n, l) => n + l.hung, 0);
  const failed: string[] = [];
  if (grades.lost > TARGETS.lost) failed.push(`${grades.lost} acknowledged grades lost`);
  if (grades.doubled > TARGETS.doubled) failed.push(`${grades.doubled} grades doubled`);
  if (grades.halfWritten > TARGETS.halfWritten) failed.push(`${grades.halfWritten} half-written`);
  if ((statuses["500"] ?? 0) > TARGETS.status500) failed.push(`${statuses["500"]} answers were 500`);
  if (hung > TARGETS.hungRequests) failed.push(`${hung} requests hung`);
  if (grades.acknowledged === 0) failed.push("no grade was acknowledged");
  return {
    name: scenario.name,
    engine: scenario.engine,
    processes: scenario.processes,
    throughNginx: nginx,
    fault,
    grades,
    clients: {
      statuses,
      errorWindowMs: first === null || last === null ? null : Math.round(last - first),
      firstErrorAtMs: first === null ? null : Math.round(first),
      lastErrorAtMs: last === null ? null : Math.round(last),
      longestWaitForOneGradeMs: Math.round(Math.max(0, ...logs.map((l) => l.longestWaitMs))),
      hungRequests: hung,
      messages: [...new Set(logs.flatMap((l) => [...l.errorMessages]))].slice(0, 8),
    },
    verdict: { met: failed.length === 0, failed },
  };
}

const SCENARIO_SETUPS: Record<ScenarioName, Scenario> = {
  "kill-app-process": {
    name: "kill-app-process",
    engine: "postgresql",
    processes: 2,
    nginx: true,
    prepare: (ctx) =>
      Promise.resolve({
        strike: () => {
          ctx.servers[1]!.child.kill("SIGKILL");
          return Promise.resolve(`SIGKILL to the app process on port ${ctx.servers[1]!.port} after ${FAULT_AT_MS} ms`);
        },
        cleanup: () => Promise.resolve(),
      }),
  },
  "restart-postgresql": {
    name: "restart-postgresql",
    engine: "postgresql",
    processes: 2,
    nginx: true,
    prepare: (ctx) =>
      Promise.resolve({
        strike: async () => {
          const t0 = performance.now();
          await ctx.postgres!.restart!();
          return `pg_ctl restart -m fast after ${FAULT_AT_MS} ms (the restart took ${Math.round(performance.now() - t0)} ms)`;
        },
        cleanup: () => Promise.resolve(),
      }),
  },
  "sqlite-disk-full": {
    name: "sqlite-disk-full",
    engine: "sqlite",
    processes: 1,
    nginx: false,
    prepare: (ctx) => {
      const filler = path.join(ctx.dataDir!, "filler");
      return Promise.resolve({
        strike: async () => {
          // Fill every free block, then give them back after a while.
          const { bavail, bsize } = statfsSync(ctx.dataDir!);
          writeFileSync(filler, Buffer.alloc(Math.max(0, Number(bavail) * Number(bsize))));
          const left = statfsSync(ctx.dataDir!);
          await sleep(DISK_FULL_MS);
          rmSync(filler, { force: true });
          return `the database's filesystem filled after ${FAULT_AT_MS} ms (${Number(left.bavail) * Number(left.bsize)} bytes left) for ${DISK_FULL_MS} ms, then freed`;
        },
        cleanup: () => {
          rmSync(filler, { force: true });
          return Promise.resolve();
        },
      });
    },
  },
};

/** A small filesystem for the SQLite file: a tmpfs when mounting is allowed, else null (then `ulimit -f`). */
function mountSmallFilesystem(dir: string, sizeMiB: number): boolean {
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${sizeMiB}m`, "tmpfs", dir], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** Enough room for the migrated, synced database, its WAL and a run's grades; the filler takes the rest. */
const SMALL_FILESYSTEM_MIB = 16;
/** With `ulimit -f` instead: the largest file the server may write (512-byte blocks). */
const FILE_SIZE_LIMIT_BLOCKS = 12 * 2048;

/** Sets up the scenario's database, processes and nginx, runs the load with its fault, and checks what was kept. */
async function runScenario(scenario: Scenario, options: Options, nginxBinary: string | null): Promise<ScenarioResult> {
  let postgres: PostgresServer | null = null;
  let mounted: string | null = null;
  let dataDir: string | null = null;
  let wrap: string[] | undefined;
  const runDir = mkdtempSync(path.join(os.tmpdir(), `dl-study-faults-${scenario.name}-`));
  let how = "";
  if (scenario.engine === "postgresql") postgres = await startThrowawayPostgres();
  else {
    dataDir = path.join(runDir, "data");
    mkdirSync(dataDir);
    if (mountSmallFilesystem(dataDir, SMALL_FILESYSTEM_MIB)) {
      mounted = dataDir;
      how = `tmpfs of ${SMALL_FILESYSTEM_MIB} MiB`;
    } else {
      // Writes past the limit fail with EFBIG instead of killing the process (SIGXFSZ ignored).
      wrap = ["bash", "-c", `trap '' XFSZ; ulimit -f ${FILE_SIZE_LIMIT_BLOCKS}; exec "$@"`, "bash"];
      how = `ulimit -f ${FILE_SIZE_LIMIT_BLOCKS} blocks on the server process (mounting was not allowed)`;
    }
  }
  const db = createBenchDatabase(scenario.engine, postgres, dataDir ?? undefined);
  const publicUrl = `http://127.0.0.1:${scenario.nginx ? NGINX_PORT : BASE_PORT}`;
  const start = (i: number) =>
    startServer({ kind: "app", db, port: BASE_PORT + i, publicUrl, ...(wrap ? { wrap } : {}) });
  const servers = Array.from({ length: scenario.processes }, (_, i) => start(i));
  let nginx: Nginx | null = null;
  try {
    await Promise.all(servers.map(waitUntilServing));
    if (scenario.nginx)
      nginx = await startNginx(
        nginxBinary!,
        NGINX_PORT,
        servers.map((s) => s.port),
        runDir,
      );
    const entry = nginx ? NGINX_PORT : BASE_PORT;
    const learners = Array.from(
      { length: options.learners },
      (_, i) =>
        new Learner(`fault-${scenario.name}-${process.pid}-${i}@example.test`, entry, publicUrl, `10.88.0.${i + 1}`),
    );
    for (const l of learners) await l.signUp();
    await Promise.all(learners.map((l) => l.load()));
    await prepareLearners(
      db,
      learners.map((l) => l.email),
    );
    await Promise.all(learners.map((l) => l.load()));
    const { strike, cleanup } = await scenario.prepare({ servers, postgres, dataDir });
    try {
      log(`bench:faults: ${scenario.name}: load with ${options.learners} learners for ${options.seconds} s…`);
      const startedAt = performance.now();
      const deadline = Date.now() + options.seconds * 1000;
      const fault = sleep(FAULT_AT_MS).then(strike);
      const logs = await Promise.all(learners.map((l, i) => retryingLoop(l, deadline, startedAt, i + 1)));
      const description = await fault;
      const grades = await checkIntegrity(
        db,
        learners.map((l) => l.email),
        logs,
      );
      return summarize(scenario, description + (how ? `; ${how}` : ""), grades, logs, nginx !== null);
    } finally {
      await cleanup();
    }
  } catch (error) {
    for (const s of servers) log(`--- ${s.kind} process on port ${s.port}:\n${s.output.join("").slice(-4000)}`);
    throw error;
  } finally {
    await nginx?.stop();
    await Promise.all(servers.map(stopServer));
    await db.drop();
    await postgres?.stop();
    if (mounted) execFileSync("umount", [mounted], { stdio: "ignore" });
    rmSync(runDir, { recursive: true, force: true });
  }
}

async function main() {
  const options = parseOptions(process.argv.slice(2));
  ensureBuild();
  const needsNginx = options.only.some((n) => SCENARIO_SETUPS[n].nginx);
  const nginxBinary = needsNginx ? ensureNginx() : null;
  const results: ScenarioResult[] = [];
  const skipped: { name: ScenarioName; why: string }[] = [];
  for (const name of options.only) {
    const scenario = SCENARIO_SETUPS[name];
    if (scenario.nginx && !nginxBinary) {
      skipped.push({ name, why: "nginx is not installed (apt-get install nginx)" });
      continue;
    }
    results.push(await runScenario(scenario, options, nginxBinary));
  }
  console.log(
    JSON.stringify(
      {
        benchmark: "faults",
        commit: gitRevision(),
        machine: { cpus: os.cpus().length, loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))) },
        bounds: { learners: options.learners, seconds: options.seconds },
        scenarios: results,
        skipped,
        targets: TARGETS,
        verdict: { met: results.every((r) => r.verdict.met) && skipped.length === 0 },
      },
      null,
      2,
    ),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
