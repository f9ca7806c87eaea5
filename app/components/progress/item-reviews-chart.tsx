"use client";

import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { GRADES } from "@/lib/progress/types";
import { AXIS_TICK, GRADE_COLORS, TOOLTIP_STYLE } from "./palette";

export interface ItemReviewPoint {
  /** The review's date on the axis, already in the learner's zone and language. */
  label: string;
  /** Date and time for the tooltip. */
  when: string;
  intervalAfter: number;
  quality: number;
}

const HEIGHT = 200;
/** A lone review would otherwise be drawn as one block the width of the chart. */
const MAX_BAR_PX = 28;

/**
 * One item's reviews in time order: the interval after each (bar height, days
 * on the y axis), coloured by the grade given, dated on the x axis. The page
 * puts the same facts in words beside it for screen readers.
 */
export function ItemReviewsChart({
  points,
  xLabel,
  yLabel,
  gradeLabels,
}: {
  points: ItemReviewPoint[];
  xLabel: string;
  yLabel: string;
  /** "Grade 0" … "Grade 5", in the UI language. */
  gradeLabels: readonly string[];
}) {
  const data = points.map((p, i) => ({ ...p, slot: i }));
  const gradeLabel = (g: number) => gradeLabels[g] ?? String(g);
  return (
    <div aria-hidden="true" className="flex flex-col gap-2 text-zinc-700 dark:text-zinc-300">
      <ResponsiveContainer width="100%" height={HEIGHT}>
        <BarChart data={data} accessibilityLayer={false} margin={{ top: 8, right: 8, bottom: 24, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#71717a" strokeOpacity={0.3} vertical={false} />
          <XAxis
            dataKey="slot"
            type="category"
            tickFormatter={(slot: number) => data[slot]?.label ?? ""}
            tick={AXIS_TICK}
            minTickGap={16}
            label={{ value: xLabel, position: "insideBottom", offset: -16, fill: "currentColor", fontSize: 12 }}
          />
          <YAxis
            allowDecimals={false}
            tick={AXIS_TICK}
            width={48}
            label={{ value: yLabel, angle: -90, position: "insideLeft", fill: "currentColor", fontSize: 12, dy: 48 }}
          />
          <Tooltip
            {...TOOLTIP_STYLE}
            labelFormatter={(slot) => data[Number(slot)]?.when ?? ""}
            formatter={(value, _name, entry) => [
              `${String(value)} · ${gradeLabel((entry.payload as { quality: number }).quality)}`,
              yLabel,
            ]}
          />
          <Bar dataKey="intervalAfter" maxBarSize={MAX_BAR_PX} minPointSize={2} isAnimationActive={false}>
            {data.map((p) => (
              <Cell key={p.slot} fill={GRADE_COLORS[p.quality] ?? GRADE_COLORS[0]} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
      <ul className="flex flex-wrap gap-3 text-xs">
        {GRADES.map((g) => (
          <li key={g} className="flex items-center gap-1">
            <span className="inline-block h-3 w-3 rounded-sm" style={{ background: GRADE_COLORS[g] }} />
            {gradeLabel(g)}
          </li>
        ))}
      </ul>
    </div>
  );
}
