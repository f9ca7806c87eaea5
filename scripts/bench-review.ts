/**
 * `npm run bench:review`: how long a learner waits for the next item after a
 * grade key, in a real browser. On each engine it starts the built server on
 * a fresh database (scripts/e2e-server.ts), signs a learner up, and in
 * Debian's chromium reveals and grades GRADES cards with the keyboard,
 * timing each from the key press to the next card painted (the new card in
 * the DOM, then two animation frames). Prints one JSON object; the verdict
 * covers every figure printed. Builds the app first if there is no build.
 *
 * Target: p95 ≤ 50 ms on each engine.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { chromium } from "@playwright/test";
import { type BenchEngine, BENCH_ENGINES, gitRevision, startBenchPostgres, summary } from "./bench-support";

const GRADES = Number(process.env.BENCH_GRADES ?? 50);
const TARGET_P95_MS = 50;
const PORT_BASE = Number(process.env.BENCH_PORT ?? 3890);
const SECRET = "bench-secret-0123456789abcdef0123456789abcdef";
const PASSWORD = "correct-horse-battery";
const root = path.resolve(import.meta.dirname, "..");

function ensureBuild(): void {
  const dist = path.join(root, process.env.NEXT_DIST_DIR ?? ".next");
  if (existsSync(path.join(dist, "BUILD_ID")) && existsSync(path.join(root, "public", "sandbox", "host.js"))) return;
  console.error("bench:review: no build found, building the app first…");
  execFileSync("npm", ["run", "--silent", "build"], { cwd: root, stdio: ["ignore", "inherit", "inherit"] });
}

async function startServer(databaseUrl: string, port: number): Promise<ChildProcess> {
  const server = spawn(process.execPath, ["--import", "tsx", "scripts/e2e-server.ts"], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      NEXT_TELEMETRY_DISABLED: "1",
      BETTER_AUTH_URL: `http://127.0.0.1:${port}`,
      BETTER_AUTH_SECRET: SECRET,
      AUTH_RATE_LIMIT_PER_MINUTE: "1000",
    },
  });
  for (let i = 0; i < 600; i++) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/sign-in`);
      if (response.ok) return server;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  server.kill();
  throw new Error(`The server on port ${port} did not start.`);
}

/** Times GRADES grade-key → next-card-painted intervals in chromium against the server on `port`. */
/** Moves the learner's computed and coding exercises out of today (scheduled far ahead), on either engine. */
async function onlyCardsToday(databaseUrl: string, email: string): Promise<void> {
  const sql = `UPDATE "ItemState" SET "status" = 'active', "dueAt" = ?, "lastReviewedAt" = ?, "repetitions" = 1,
                 "intervalDays" = 365
               WHERE "itemId" NOT LIKE 'card:%' AND "userId" = (SELECT "id" FROM "User" WHERE "email" = ?)`;
  const farAhead = new Date(Date.now() + 365 * 86_400_000);
  const yesterday = new Date(Date.now() - 86_400_000);
  if (databaseUrl.startsWith("file:")) {
    const { default: Database } = await import("better-sqlite3");
    const db = new Database(databaseUrl.slice("file:".length));
    db.prepare(sql).run(
      farAhead.toISOString().replace("Z", "+00:00"),
      yesterday.toISOString().replace("Z", "+00:00"),
      email,
    );
    db.close();
    return;
  }
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: databaseUrl, options: "-c TimeZone=UTC" });
  await client.connect();
  let n = 0;
  await client.query(
    sql.replace(/\?/g, () => `$${++n}`),
    [farAhead.toISOString(), yesterday.toISOString(), email],
  );
  await client.end();
}

async function measure(port: number, databaseUrl: string): Promise<number[]> {
  const base = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  try {
    const context = await browser.newContext({ locale: "en-US" });
    const page = await context.newPage();
    await page.goto(`${base}/sign-in`);
    const email = `bench-${Date.now()}@example.test`;
    const signUp = await page.request.post(`${base}/api/auth/sign-up/email`, {
      data: { email, password: PASSWORD, name: "Bench" },
      headers: { origin: base },
    });
    if (!signUp.ok()) throw new Error(`sign-up failed: ${signUp.status()}`);
    // Enough new cards for every grade.
    await page.goto(`${base}/settings`);
    await page.getByLabel("New items per day").fill(String(GRADES + 10));
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.getByText("Settings saved.").waitFor();
    // A learner of the cards alone: exercises wait for another day (they are graded through their own flow).
    await page.goto(base);
    await page.locator("[data-review-ready=true]").waitFor();
    await onlyCardsToday(databaseUrl, email);
    await page.reload();
    await page.locator("[data-review-ready=true]").waitFor();
    const samples: number[] = [];
    for (let i = 0; i < GRADES; i++) {
      const article = page.locator("article[data-item-id]");
      const itemId = (await article.getAttribute("data-item-id")) ?? "";
      if (!itemId.startsWith("card:")) throw new Error(`expected a card at the head, got ${itemId}`);
      await page.keyboard.press("Space");
      await page.getByRole("region", { name: "Answer" }).waitFor();
      await page.evaluate((shownId) => {
        const w = window as unknown as { __paint?: { start: number; end: number | null } };
        w.__paint = { start: 0, end: null };
        const probe = w.__paint;
        addEventListener("keydown", () => (probe.start = performance.now()), { capture: true, once: true });
        const observer = new MutationObserver(() => {
          const shown = document.querySelector("article[data-item-id]")?.getAttribute("data-item-id");
          if (shown && shown !== shownId) {
            observer.disconnect();
            requestAnimationFrame(() => requestAnimationFrame(() => (probe.end = performance.now())));
          }
        });
        observer.observe(document.body, { subtree: true, childList: true, attributes: true });
      }, itemId);
      await page.keyboard.press("4");
      const ms = await page.waitForFunction(() => {
        const probe = (window as unknown as { __paint?: { start: number; end: number | null } }).__paint;
        return probe?.end != null ? probe.end - probe.start : null;
      });
      samples.push(Number(await ms.jsonValue()));
      // The next grade waits for the server's answer to this one (grading is held until then).
      await page.waitForFunction(() => !document.body.innerText.includes("Saving…"));
    }
    return samples;
  } finally {
    await browser.close();
  }
}

async function main() {
  ensureBuild();
  const postgres = await startBenchPostgres();
  const engines: Partial<Record<BenchEngine, unknown>> = {};
  try {
    for (const [index, engine] of BENCH_ENGINES.entries()) {
      const port = PORT_BASE + index;
      const databaseUrl =
        engine === "sqlite"
          ? `file:${path.join(root, "tests", ".tmp", `bench-review-${port}.db`)}`
          : (() => {
              const url = new URL(postgres.url);
              url.pathname = `/bench_review_${port}`;
              return url.toString();
            })();
      const server = await startServer(databaseUrl, port);
      try {
        const samples = await measure(port, databaseUrl);
        const ms = summary(samples, 1);
        engines[engine] = { engine, gradeToNextPaintMs: ms, meetsTarget: ms.runs >= 10 && ms.p95 <= TARGET_P95_MS };
      } finally {
        server.kill("SIGTERM");
      }
    }
  } finally {
    await postgres.stop();
  }
  const results = Object.values(engines) as { meetsTarget: boolean }[];
  console.log(
    JSON.stringify(
      {
        benchmark: "review-paint",
        commit: gitRevision(),
        grades: GRADES,
        targetP95Ms: TARGET_P95_MS,
        engines,
        meetsTarget: results.length === BENCH_ENGINES.length && results.every((r) => r.meetsTarget),
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
