/**
 * `npm run bench:load`: the built app under a class's load, on loopback.
 *
 * Each run starts the app (scripts/serve.ts, N processes on one database)
 * and M simulated learners: each signs up, then grades through the JSON API
 * (docs/api.md) as fast as answers come back, up to --grades grades or
 * --seconds seconds. Meanwhile one more learner samples the review page
 * (GET /) and the progress page (GET /progress). The same load then runs
 * against the floor (scripts/bench-load-floor.ts: the same statements on the
 * raw driver behind bare node:http, as many processes), so the ratio shows
 * what the framework costs.
 *
 *   npm run bench:load                       sqlite ×1, postgresql ×1, postgresql ×2 (what the targets compare)
 *   npm run bench:load -- --engine postgresql --processes 2 [--learners 20] [--grades 150] [--seconds 30]
 *   … --profile                              the app processes run with node --cpu-prof; the top self-time
 *                                            entries are added to the JSON (profiles kept in the folder it names)
 *   … --no-floor                             skip the floor
 *   … --no-pages                             do not sample the pages (a profile of grades alone)
 *
 * PostgreSQL: BENCH_POSTGRES_URL or TEST_POSTGRES_URL (an admin URL; a
 * database per run is created and dropped, named BENCH_DATABASE_PREFIX_…),
 * else a throwaway cluster (scripts/postgres-cluster.sh). Builds the app
 * first if there is no build. Prints one JSON object: the commit, every
 * run's figures next to its floor, the targets and a verdict on every
 * figure. The machine is shared with the load generator itself: compare the
 * figures of one run with each other, not across machines.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Engine } from "../lib/server/database-url";
import { gitRevision } from "./bench-support";
import {
  type BenchDatabase,
  type PostgresServer,
  type ServerKind,
  type ServerProcess,
  Learner,
  call,
  cpuMsOf,
  createBenchDatabase,
  ensureBuild,
  log,
  memoryOf,
  openPostgres,
  percentileOf,
  pickQuality,
  prepareLearners,
  seededRandom,
  sleep,
  startServer,
  stopServer,
  waitUntilServing,
} from "./bench-support-server";

interface Options {
  configs: { engine: Engine; processes: number }[];
  learners: number;
  grades: number;
  seconds: number;
  floor: boolean;
  profile: boolean;
  pages: boolean;
  basePort: number;
}

const TARGETS = {
  sqliteSingle: { learners: 20, minGradesPerSecond: 200, maxP95Ms: 150 },
  postgresScaling: { minRatioTwoToOne: 1.6 },
  errors: 0,
} as const;
/** Grades a learner gives before the measured part (module loading, JIT, pools filling). */
const WARMUP_GRADES = 15;
/** Pause between page samples: a sample of the pages under load, not more load. */
const PAGE_SAMPLE_PAUSE_MS = 250;
const PROFILE_TOP = 25;

function parseOptions(argv: string[]): Options {
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const int = (flag: string, fallback: number, max: number) => {
    const raw = value(flag);
    const n = raw === undefined ? fallback : Number(raw);
    if (!Number.isInteger(n) || n < 1 || n > max) throw new Error(`${flag} takes an integer from 1 to ${max}.`);
    return n;
  };
  const engine = value("--engine");
  if (engine !== undefined && engine !== "sqlite" && engine !== "postgresql") {
    throw new Error("--engine is sqlite or postgresql.");
  }
  const processes = int("--processes", 1, 16);
  let configs: Options["configs"];
  if (engine === undefined) {
    configs = [
      { engine: "sqlite", processes: 1 },
      { engine: "postgresql", processes: 1 },
      { engine: "postgresql", processes: 2 },
    ];
  } else if (engine === "postgresql" && processes > 1) {
    // The scaling target compares with one process.
    configs = [
      { engine, processes: 1 },
      { engine, processes },
    ];
  } else {
    configs = [{ engine, processes }];
  }
  if (engine === "sqlite" && processes > 1) {
    throw new Error("SQLite serves one process (several processes need PostgreSQL: README, Running for a class).");
  }
  return {
    configs,
    learners: int("--learners", 20, 500),
    grades: int("--grades", 150, 1000),
    seconds: int("--seconds", 30, 600),
    floor: !argv.includes("--no-floor"),
    profile: argv.includes("--profile"),
    pages: !argv.includes("--no-pages"),
    basePort: int("--port", 4140, 65_000),
  };
}

interface LoadFigures {
  gradesPerSecond: number;
  grades: number;
  latencyMs: { p50: number | null; p95: number | null; p99: number | null; max: number | null };
  errors: number;
  errorsByStatus: Record<string, number>;
  durationSeconds: number;
  server: {
    processes: number;
    cpuSeconds: number;
    cpuMsPerGrade: number | null;
    /** Share of one core, summed over the processes. */
    cpuCores: number;
    rssMiB: number[];
    peakRssMiB: number[];
  };
  loadGeneratorCpuSeconds: number;
  /** The measured load on the monotonic clock (µs), to read the profiles by. */
  window: { startUs: number; endUs: number };
  pagesUnderLoadMs?: {
    review: { p50: number | null; p95: number | null; samples: number; errors: number };
    progress: { p50: number | null; p95: number | null; samples: number; errors: number };
  };
}

interface PageSamples {
  review: number[];
  progress: number[];
  reviewErrors: number;
  progressErrors: number;
}

async function samplePages(observer: Learner, until: () => boolean): Promise<PageSamples> {
  const samples: PageSamples = { review: [], progress: [], reviewErrors: 0, progressErrors: 0 };
  while (!until()) {
    for (const [page, key] of [
      ["/", "review"],
      ["/progress", "progress"],
    ] as const) {
      const t0 = performance.now();
      try {
        const r = await call({ port: observer.port, method: "GET", path: page, headers: observer.headers() });
        if (r.status === 200) samples[key].push(performance.now() - t0);
        else samples[`${key}Errors`]++;
      } catch {
        samples[`${key}Errors`]++;
      }
      await sleep(PAGE_SAMPLE_PAUSE_MS);
    }
  }
  return samples;
}

interface LearnerRun {
  latencies: number[];
  grades: number;
  errorsByStatus: Record<string, number>;
  finishedAt: number;
}

/** One learner's loop: grade the head, take the next head from the answer, until done, bounded or out of time. */
async function gradeLoop(learner: Learner, maxGrades: number, deadline: number, seed: number): Promise<LearnerRun> {
  const random = seededRandom(seed);
  const run: LearnerRun = { latencies: [], grades: 0, errorsByStatus: {}, finishedAt: 0 };
  let view = learner.view ?? (await learner.load());
  while (run.grades < maxGrades && Date.now() < deadline && view.current) {
    const body = {
      reviewId: randomUUID(),
      itemId: view.current.itemId,
      quality: pickQuality(random),
      expectedVersion: view.current.version,
      durationMs: 3000,
    };
    const t0 = performance.now();
    let status: number;
    let text = "";
    try {
      const r = await learner.sendGrade(body);
      status = r.status;
      text = r.body;
    } catch {
      status = 0;
    }
    const elapsed = performance.now() - t0;
    if (status === 200) {
      run.latencies.push(elapsed);
      run.grades++;
      view = (JSON.parse(text) as { review: typeof view }).review;
    } else {
      run.errorsByStatus[String(status)] = (run.errorsByStatus[String(status)] ?? 0) + 1;
      view = await learner.load();
    }
  }
  learner.view = view;
  run.finishedAt = performance.now();
  return run;
}

interface RunSetup {
  kind: ServerKind;
  engine: Engine;
  processes: number;
  db: BenchDatabase;
  basePort: number;
  profileDir: string | null;
}

async function runLoad(setup: RunSetup, options: Options): Promise<LoadFigures> {
  const publicUrl = `http://127.0.0.1:${setup.basePort}`;
  const servers: ServerProcess[] = [];
  for (let i = 0; i < setup.processes; i++) {
    servers.push(
      startServer({
        kind: setup.kind,
        db: setup.db,
        port: setup.basePort + i,
        publicUrl,
        ...(setup.profileDir ? { cpuProfileDir: setup.profileDir } : {}),
      }),
    );
  }
  try {
    await Promise.all(servers.map(waitUntilServing));
    const portOf = (i: number) => setup.basePort + (i % setup.processes);
    const tag = `${setup.kind}-${setup.engine}-${setup.processes}-${process.pid}`;
    const learners = Array.from(
      { length: options.learners },
      (_, i) => new Learner(`load-${tag}-${i}@example.test`, portOf(i), publicUrl, `10.77.${i >> 8}.${i & 255}`),
    );
    const observer = new Learner(`observer-${tag}@example.test`, portOf(0), publicUrl, "10.78.0.1");
    for (const l of [...learners, observer]) await l.signUp();
    await Promise.all([...learners, observer].map((l) => l.load()));
    await prepareLearners(
      setup.db,
      [...learners, observer].map((l) => l.email),
    );
    await Promise.all([...learners, observer].map((l) => l.load()));
    // Warm every process: each route loaded, compiled and its pool filled before anything is timed.
    await Promise.all(
      [observer, ...learners.slice(0, setup.processes)].map((l, i) =>
        gradeLoop(l, WARMUP_GRADES, Date.now() + 60_000, 1000 + i),
      ),
    );
    if (setup.kind === "app") {
      for (let i = 0; i < setup.processes; i++) {
        const warm = new Learner(observer.email, portOf(i), publicUrl, "10.78.0.1");
        warm.cookie = observer.cookie;
        await call({ port: warm.port, method: "GET", path: "/", headers: warm.headers() });
        await call({ port: warm.port, method: "GET", path: "/progress", headers: warm.headers() });
      }
    }
    await Promise.all(learners.map((l) => l.load()));

    const pids = servers.map((s) => s.child.pid);
    const cpuBefore = pids.map(cpuMsOf);
    const clientBefore = process.cpuUsage();
    const start = performance.now();
    const startUs = monotonicMicros();
    const deadline = Date.now() + options.seconds * 1000;
    let loadDone = false;
    const pages = setup.kind === "app" && options.pages ? samplePages(observer, () => loadDone) : null;
    const runs = await Promise.all(learners.map((l, i) => gradeLoop(l, options.grades, deadline, i + 1)));
    const end = Math.max(...runs.map((r) => r.finishedAt));
    const endUs = monotonicMicros();
    loadDone = true;
    const cpuAfter = pids.map(cpuMsOf);
    const client = process.cpuUsage(clientBefore);
    const memory = pids.map(memoryOf);
    const sampled = pages ? await pages : null;

    const latencies = runs.flatMap((r) => r.latencies);
    const grades = runs.reduce((n, r) => n + r.grades, 0);
    const errorsByStatus: Record<string, number> = {};
    for (const r of runs) {
      for (const [status, n] of Object.entries(r.errorsByStatus))
        errorsByStatus[status] = (errorsByStatus[status] ?? 0) + n;
    }
    const seconds = (end - start) / 1000;
    const cpuMs = cpuAfter.reduce((s, v, i) => s + v - (cpuBefore[i] ?? 0), 0);
    const figures: LoadFigures = {
      gradesPerSecond: Number((grades / seconds).toFixed(1)),
      grades,
      latencyMs: {
        p50: percentileOf(latencies, 50),
        p95: percentileOf(latencies, 95),
        p99: percentileOf(latencies, 99),
        max: percentileOf(latencies, 100),
      },
      errors: Object.values(errorsByStatus).reduce((a, b) => a + b, 0),
      errorsByStatus,
      durationSeconds: Number(seconds.toFixed(2)),
      server: {
        processes: setup.processes,
        cpuSeconds: Number((cpuMs / 1000).toFixed(2)),
        cpuMsPerGrade: grades > 0 ? Number((cpuMs / grades).toFixed(2)) : null,
        cpuCores: Number((cpuMs / 1000 / seconds).toFixed(2)),
        rssMiB: memory.map((m) => m.rssMiB),
        peakRssMiB: memory.map((m) => m.peakRssMiB),
      },
      loadGeneratorCpuSeconds: Number(((client.user + client.system) / 1e6).toFixed(2)),
      window: { startUs, endUs },
    };
    if (sampled) {
      figures.pagesUnderLoadMs = {
        review: {
          p50: percentileOf(sampled.review, 50),
          p95: percentileOf(sampled.review, 95),
          samples: sampled.review.length,
          errors: sampled.reviewErrors,
        },
        progress: {
          p50: percentileOf(sampled.progress, 50),
          p95: percentileOf(sampled.progress, 95),
          samples: sampled.progress.length,
          errors: sampled.progressErrors,
        },
      };
    }
    return figures;
  } finally {
    await Promise.all(servers.map(stopServer));
  }
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** The monotonic clock V8's profiles are stamped with (µs), read in this process for the load's window. */
function monotonicMicros(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

/** Where a profiled function lives: a package, Node's internals, or the app's own code. */
function ownerOf(url: string): string {
  if (url === "") return "(native / vm)";
  // The only WebAssembly in the server is Prisma's query compiler.
  if (url.startsWith("wasm://")) return "@prisma/client (query compiler, wasm)";
  if (url.startsWith("node:")) return "node internals";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) return pkg;
  if (url.includes("/.next")) return "app (built)";
  return "app";
}

/**
 * The top self-time entries of the .cpuprofile files in `dir` within the
 * load's window (start-up and warm-up left out), and the self time per
 * owner, also per grade.
 */
function summarizeProfiles(dir: string, window: { startUs: number; endUs: number; grades: number }) {
  const files = readdirSync(dir).filter((f) => f.endsWith(".cpuprofile"));
  const byFunction = new Map<string, number>();
  const byOwner = new Map<string, number>();
  let totalUs = 0;
  for (const file of files) {
    const profile = JSON.parse(readFileSync(path.join(dir, file), "utf8")) as CpuProfile;
    const nodes = new Map(profile.nodes.map((n) => [n.id, n] as const));
    let at = profile.startTime;
    profile.samples.forEach((id, i) => {
      const delta = profile.timeDeltas[i] ?? 0;
      at += delta;
      const node = nodes.get(id);
      if (!node || at < window.startUs || at > window.endUs) return;
      totalUs += delta;
      const { functionName, url, lineNumber } = node.callFrame;
      const key = `${functionName || "(anonymous)"} ${url.replace(/^.*node_modules\//, "").replace(/^file:\/\/[^ ]*\/wt-[^/]+\//, "")}:${lineNumber + 1}`;
      byFunction.set(key, (byFunction.get(key) ?? 0) + delta);
      const owner = ["(idle)", "(program)", "(garbage collector)"].includes(functionName) ? functionName : ownerOf(url);
      byOwner.set(owner, (byOwner.get(owner) ?? 0) + delta);
    });
  }
  const share = (us: number) => ({
    selfMs: Math.round(us / 1000),
    percent: Number(((100 * us) / totalUs).toFixed(1)),
    msPerGrade: window.grades > 0 ? Number((us / 1000 / window.grades).toFixed(2)) : null,
  });
  return {
    directory: dir,
    files: files.length,
    window: "the measured load only",
    sampledMs: Math.round(totalUs / 1000),
    top: [...byFunction.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, PROFILE_TOP)
      .map(([entry, us]) => ({ entry, ...share(us) })),
    byOwner: [...byOwner.entries()].sort((a, b) => b[1] - a[1]).map(([owner, us]) => ({ owner, ...share(us) })),
  };
}

interface RunResult {
  engine: Engine;
  processes: number;
  learners: number;
  app: LoadFigures;
  floor: LoadFigures | null;
  /** The app's grades/s over the floor's, and the app's server CPU per grade over the floor's. */
  appToFloor: { throughput: number; cpuPerGrade: number | null } | null;
  profile?: ReturnType<typeof summarizeProfiles>;
}

interface Check {
  figure: string;
  value: number | null;
  target: string;
  met: boolean;
}

function verdictOf(results: RunResult[]) {
  const checks: Check[] = [];
  const informational: string[] = [];
  for (const r of results) {
    const name = `${r.engine} ×${r.processes}`;
    for (const [which, figures] of [
      ["app", r.app],
      ["floor", r.floor],
    ] as const) {
      if (!figures) continue;
      checks.push({
        figure: `${name} ${which} errors`,
        value: figures.errors,
        target: "= 0",
        met: figures.errors === 0,
      });
      if (figures.pagesUnderLoadMs) {
        for (const page of ["review", "progress"] as const) {
          const errors = figures.pagesUnderLoadMs[page].errors;
          checks.push({ figure: `${name} ${page} page errors`, value: errors, target: "= 0", met: errors === 0 });
        }
      }
    }
    if (r.engine === "sqlite" && r.processes === 1 && r.learners === TARGETS.sqliteSingle.learners) {
      const t = TARGETS.sqliteSingle;
      checks.push({
        figure: `${name} gradesPerSecond`,
        value: r.app.gradesPerSecond,
        target: `>= ${t.minGradesPerSecond}`,
        met: r.app.gradesPerSecond >= t.minGradesPerSecond,
      });
      checks.push({
        figure: `${name} latency p95 (ms)`,
        value: r.app.latencyMs.p95,
        target: `< ${t.maxP95Ms}`,
        met: r.app.latencyMs.p95 !== null && r.app.latencyMs.p95 < t.maxP95Ms,
      });
    }
    informational.push(
      `${name}: latency p50/p99/max, cpu, rss, page latencies, the floor's figures and the ratios are reported without a target` +
        (r.engine === "sqlite" && r.learners !== TARGETS.sqliteSingle.learners
          ? ` (the SQLite target is for ${TARGETS.sqliteSingle.learners} learners)`
          : ""),
    );
  }
  const one = results.find((r) => r.engine === "postgresql" && r.processes === 1);
  for (const many of results.filter((r) => r.engine === "postgresql" && r.processes >= 2)) {
    const ratio = one ? Number((many.app.gradesPerSecond / one.app.gradesPerSecond).toFixed(2)) : null;
    checks.push({
      figure: `postgresql ×${many.processes} / ×1 gradesPerSecond`,
      value: ratio,
      target: `>= ${TARGETS.postgresScaling.minRatioTwoToOne}`,
      met: ratio !== null && ratio >= TARGETS.postgresScaling.minRatioTwoToOne,
    });
  }
  return { met: checks.every((c) => c.met), checks, informational };
}

async function main() {
  const options = parseOptions(process.argv.slice(2));
  ensureBuild();
  const needsPostgres = options.configs.some((c) => c.engine === "postgresql");
  const postgres: PostgresServer | null = needsPostgres ? await openPostgres() : null;
  const profileRoot = options.profile ? mkdtempSync(path.join(os.tmpdir(), "dl-study-profile-")) : null;
  const loadBefore = os.loadavg();
  const results: RunResult[] = [];
  try {
    for (const config of options.configs) {
      const name = `${config.engine} ×${config.processes}`;
      let profileDir: string | null = null;
      if (profileRoot) profileDir = mkdtempSync(path.join(profileRoot, `${config.engine}-${config.processes}-`));
      log(`bench:load: ${name}, app…`);
      const appDb = createBenchDatabase(config.engine, postgres);
      let app: LoadFigures;
      try {
        app = await runLoad(
          {
            kind: "app",
            engine: config.engine,
            processes: config.processes,
            db: appDb,
            basePort: options.basePort,
            profileDir,
          },
          options,
        );
      } finally {
        await appDb.drop();
      }
      let floor: LoadFigures | null = null;
      if (options.floor) {
        log(`bench:load: ${name}, floor…`);
        const floorDb = createBenchDatabase(config.engine, postgres);
        try {
          floor = await runLoad(
            {
              kind: "floor",
              engine: config.engine,
              processes: config.processes,
              db: floorDb,
              basePort: options.basePort + 20,
              profileDir: null,
            },
            options,
          );
        } finally {
          await floorDb.drop();
        }
      }
      const result: RunResult = {
        ...config,
        learners: options.learners,
        app,
        floor,
        appToFloor: floor
          ? {
              throughput: Number((app.gradesPerSecond / floor.gradesPerSecond).toFixed(2)),
              cpuPerGrade:
                app.server.cpuMsPerGrade !== null && floor.server.cpuMsPerGrade
                  ? Number((app.server.cpuMsPerGrade / floor.server.cpuMsPerGrade).toFixed(1))
                  : null,
            }
          : null,
      };
      if (profileDir) result.profile = summarizeProfiles(profileDir, { ...app.window, grades: app.grades });
      results.push(result);
    }
  } finally {
    await postgres?.stop();
  }
  console.log(
    JSON.stringify(
      {
        benchmark: "load",
        commit: gitRevision(),
        engines: [...new Set(options.configs.map((c) => c.engine))],
        machine: { cpus: os.cpus().length, loadAverageBefore: loadBefore.map((l) => Number(l.toFixed(2))) },
        bounds: { learners: options.learners, gradesPerLearner: options.grades, seconds: options.seconds },
        runs: results,
        targets: TARGETS,
        verdict: verdictOf(results),
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
