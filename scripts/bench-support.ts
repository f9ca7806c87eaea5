/** Shared pieces of the database benchmarks. */

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
