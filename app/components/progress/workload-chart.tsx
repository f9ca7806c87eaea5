"use client";

import { useTranslations } from "next-intl";
import {
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Scatter,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { AXIS_TICK, CHART_HEIGHT, SERIES, TOOLTIP_STYLE } from "./palette";

export interface WorkloadChartPoint {
  retention: number;
  reviewsPerDay: number;
  minutesPerDay: number;
}

const percent = (v: unknown) => (typeof v === "number" ? `${Math.round(v * 100)}%` : "—");
const oneDecimal = (v: unknown) => (typeof v === "number" ? v.toFixed(1) : "—");
const CURRENT_COLOR = "#dc2626";

/** Reviews and minutes a day against retention: FSRS's curve, SM-2's point, the learner's current setting ringed. */
export function WorkloadChart({
  fsrs,
  sm2,
  current,
}: {
  fsrs: WorkloadChartPoint[];
  sm2: WorkloadChartPoint;
  current: WorkloadChartPoint;
}) {
  const t = useTranslations("lab.workload");
  const charts = [
    { key: "reviewsPerDay", label: t("reviewsPerDay") },
    { key: "minutesPerDay", label: t("minutesPerDay") },
  ] as const;
  return (
    <div aria-hidden="true" className="grid grid-cols-1 gap-4 text-zinc-700 md:grid-cols-2 dark:text-zinc-300">
      {charts.map(({ key, label }) => (
        <figure key={key} className="flex flex-col gap-1">
          <figcaption className="text-sm font-medium">{label}</figcaption>
          <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
            <ComposedChart accessibilityLayer={false} margin={{ top: 8, right: 8, bottom: 0, left: -8 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="#71717a" strokeOpacity={0.3} />
              <XAxis
                type="number"
                dataKey="retention"
                domain={[0.68, 0.98]}
                ticks={[0.7, 0.75, 0.8, 0.85, 0.9, 0.95]}
                tickFormatter={percent}
                tick={AXIS_TICK}
              />
              <YAxis type="number" dataKey={key} tick={AXIS_TICK} tickFormatter={oneDecimal} />
              <Tooltip {...TOOLTIP_STYLE} formatter={(v) => oneDecimal(v)} labelFormatter={percent} />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              <Line
                data={fsrs}
                dataKey={key}
                name={t("fsrsCurve")}
                stroke={SERIES.primary}
                strokeWidth={2}
                isAnimationActive={false}
              />
              <Scatter
                data={[sm2]}
                dataKey={key}
                name={t("sm2Point")}
                fill={SERIES.secondary}
                isAnimationActive={false}
              />
              <Scatter
                data={[current]}
                dataKey={key}
                name={t("yourChoice")}
                fill="none"
                stroke={CURRENT_COLOR}
                strokeWidth={2}
                shape="circle"
                isAnimationActive={false}
              />
            </ComposedChart>
          </ResponsiveContainer>
        </figure>
      ))}
    </div>
  );
}
