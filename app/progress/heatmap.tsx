import type { ActivityDay } from "@/lib/progress/activity";
import { heatLevels } from "@/lib/progress/activity";
import { formatDayKey } from "@/lib/progress/history";
import type { Locale } from "@/lib/locale";

/**
 * Smallest cell size in CSS pixels: a wide screen stretches the year to its
 * width, a phone scrolls it sideways instead of shrinking it (at this size a
 * year fits the page's column on a laptop).
 */
const CELL = 10;
const GAP = 2;
const STEP = CELL + GAP;
const DAYS_PER_WEEK = 7;
/** Room for the weekday labels on the left and the month labels on top. */
const LEFT = 26;
const TOP = 16;
const LABEL_SIZE = 10;
/** Weekday rows that carry a label (Monday, Wednesday, Friday), as a paper calendar's margin does. */
const LABELLED_WEEKDAYS = [0, 2, 4] as const;
const MIN_MONTH_LABEL_GAP_COLUMNS = 3;
const LEVEL_CLASSES = [
  "fill-zinc-200 dark:fill-zinc-800",
  "fill-emerald-200 dark:fill-emerald-900",
  "fill-emerald-400 dark:fill-emerald-700",
  "fill-emerald-600 dark:fill-emerald-500",
  "fill-emerald-800 dark:fill-emerald-300",
] as const;

/** Weekday of a "YYYY-MM-DD" label, Monday = 0. */
function weekdayOf(key: string): number {
  return (new Date(`${key}T00:00:00Z`).getUTCDay() + 6) % DAYS_PER_WEEK;
}

/**
 * Reviews per learner day for the past year as a calendar (weeks as columns,
 * Monday on top, month names above). Server-rendered SVG at a fixed cell
 * size inside a sideways-scrolling region that opens on its newest end (a
 * reversed row scrolls from the right), so today is in view on a phone. Each
 * cell has a <title> for pointer users; the summary (aria-label of the
 * figure) speaks for screen readers.
 */
export function Heatmap({
  days,
  locale,
  summary,
  regionLabel,
  cellLabel,
  less,
  more,
}: {
  days: ActivityDay[];
  locale: Locale;
  summary: string;
  regionLabel: string;
  cellLabel: (key: string, count: number) => string;
  less: string;
  more: string;
}) {
  const first = days[0];
  const lead = first ? weekdayOf(first.key) : 0;
  const columns = Math.ceil((days.length + lead) / DAYS_PER_WEEK);
  const width = LEFT + columns * STEP;
  const height = TOP + DAYS_PER_WEEK * STEP;
  const { levelOf } = heatLevels(days.map((d) => d.total));
  const months: { x: number; label: string }[] = [];
  let lastMonth = "";
  days.forEach((d, i) => {
    const slot = i + lead;
    const month = d.key.slice(0, 7);
    // A month is named over the first full week column it starts.
    if (month !== lastMonth && slot % DAYS_PER_WEEK === 0) {
      const x = LEFT + Math.floor(slot / DAYS_PER_WEEK) * STEP;
      // A first label with too little room before the next one would overlap it.
      const previous = months[months.length - 1];
      if (previous && x - previous.x < MIN_MONTH_LABEL_GAP_COLUMNS * STEP) months.pop();
      months.push({ x, label: formatDayKey(d.key, locale, { month: "short" }) });
      lastMonth = month;
    } else if (lastMonth === "") lastMonth = month;
  });
  const weekdays = LABELLED_WEEKDAYS.flatMap((w) => {
    const d = days.find((x) => weekdayOf(x.key) === w);
    return d ? [{ y: TOP + w * STEP, label: formatDayKey(d.key, locale, { weekday: "short" }) }] : [];
  });
  return (
    <figure className="flex flex-col gap-2">
      <div className="flex flex-row-reverse overflow-x-auto pb-1" role="region" aria-label={regionLabel} tabIndex={0}>
        <svg
          role="img"
          aria-label={summary}
          viewBox={`0 0 ${width} ${height}`}
          style={{ minWidth: width }}
          className="h-auto w-full shrink-0"
          data-heatmap
        >
          {months.map((m) => (
            <text
              key={`${m.x}`}
              x={m.x}
              y={LABEL_SIZE}
              fontSize={LABEL_SIZE}
              className="fill-zinc-600 dark:fill-zinc-400"
              aria-hidden="true"
            >
              {m.label}
            </text>
          ))}
          {weekdays.map((w) => (
            <text
              key={w.y}
              x={0}
              y={w.y + CELL - 2}
              fontSize={LABEL_SIZE}
              className="fill-zinc-600 dark:fill-zinc-400"
              aria-hidden="true"
            >
              {w.label}
            </text>
          ))}
          {days.map((d, i) => {
            const slot = i + lead;
            return (
              <rect
                key={d.key}
                x={LEFT + Math.floor(slot / DAYS_PER_WEEK) * STEP}
                y={TOP + (slot % DAYS_PER_WEEK) * STEP}
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
      </div>
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
