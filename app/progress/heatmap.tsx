import type { ActivityDay } from "@/lib/progress/activity";
import { heatLevels } from "@/lib/progress/activity";

const CELL = 11;
const GAP = 2;
const STEP = CELL + GAP;
const LEVEL_CLASSES = [
  "fill-zinc-200 dark:fill-zinc-800",
  "fill-emerald-200 dark:fill-emerald-900",
  "fill-emerald-400 dark:fill-emerald-700",
  "fill-emerald-600 dark:fill-emerald-500",
  "fill-emerald-800 dark:fill-emerald-300",
] as const;

/** Weekday of a "YYYY-MM-DD" label, Monday = 0. */
function weekdayOf(key: string): number {
  return (new Date(`${key}T00:00:00Z`).getUTCDay() + 6) % 7;
}

/**
 * Reviews per day for the past year as a calendar (weeks as columns, Monday
 * on top). Server-rendered SVG; each cell has a <title> for pointer users,
 * and the summary (aria-label of the figure) speaks for screen readers.
 */
export function Heatmap({
  days,
  summary,
  cellLabel,
  less,
  more,
}: {
  days: ActivityDay[];
  summary: string;
  cellLabel: (key: string, count: number) => string;
  less: string;
  more: string;
}) {
  const first = days[0];
  const lead = first ? weekdayOf(first.key) : 0;
  const columns = Math.ceil((days.length + lead) / 7);
  const { levelOf } = heatLevels(days.map((d) => d.total));
  return (
    <figure className="flex flex-col gap-2">
      <svg
        role="img"
        aria-label={summary}
        viewBox={`0 0 ${columns * STEP} ${7 * STEP}`}
        className="h-auto w-full"
        preserveAspectRatio="xMinYMin meet"
      >
        {days.map((d, i) => {
          const slot = i + lead;
          return (
            <rect
              key={d.key}
              x={Math.floor(slot / 7) * STEP}
              y={(slot % 7) * STEP}
              width={CELL}
              height={CELL}
              rx={2}
              className={LEVEL_CLASSES[levelOf(d.total)]}
              data-day={d.key}
              data-count={d.total}
            >
              <title>{cellLabel(d.key, d.total)}</title>
            </rect>
          );
        })}
      </svg>
      <figcaption
        className="flex items-center justify-end gap-1 text-xs text-zinc-600 dark:text-zinc-400"
        aria-hidden="true"
      >
        {less}
        {LEVEL_CLASSES.map((c) => (
          <svg key={c} width={CELL} height={CELL} aria-hidden="true">
            <rect width={CELL} height={CELL} rx={2} className={c} />
          </svg>
        ))}
        {more}
      </figcaption>
    </figure>
  );
}
