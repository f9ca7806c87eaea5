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
