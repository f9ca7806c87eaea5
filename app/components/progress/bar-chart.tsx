"use client";

import {
  Bar,
  BarChart,
  CartesianGrid,
  Line,
  ComposedChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { AXIS_TICK, CHART_HEIGHT, SERIES, TOOLTIP_STYLE } from "./palette";

/** One series of bars (distributions). */
export function SimpleBarChart({ data, name }: { data: { label: string; count: number }[]; name: string }) {
  return (
    <div aria-hidden="true" className="text-zinc-700 dark:text-zinc-300">
      <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
        <BarChart data={data} accessibilityLayer={false} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#71717a" strokeOpacity={0.3} vertical={false} />
          <XAxis dataKey="label" tick={AXIS_TICK} interval="preserveStartEnd" />
          <YAxis allowDecimals={false} tick={AXIS_TICK} />
          <Tooltip {...TOOLTIP_STYLE} />
          <Bar dataKey="count" name={name} fill={SERIES.primary} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** Reviews per hour (bars) and success rate (line, right axis). */
export function HourlyChart({
  data,
  reviews,
  rate,
}: {
  data: { hour: number; total: number; rate: number | null }[];
  reviews: string;
  rate: string;
}) {
  const percent = (v: unknown) => (typeof v === "number" ? `${Math.round(v * 100)}%` : "—");
  return (
    <div aria-hidden="true" className="text-zinc-700 dark:text-zinc-300">
      <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
        <ComposedChart data={data} accessibilityLayer={false} margin={{ top: 8, right: 0, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#71717a" strokeOpacity={0.3} vertical={false} />
          <XAxis dataKey="hour" tick={AXIS_TICK} />
          <YAxis yAxisId="n" allowDecimals={false} tick={AXIS_TICK} />
          <YAxis yAxisId="r" orientation="right" domain={[0, 1]} tickFormatter={percent} tick={AXIS_TICK} />
          <Tooltip {...TOOLTIP_STYLE} />
          <Bar yAxisId="n" dataKey="total" name={reviews} fill={SERIES.primary} isAnimationActive={false} />
          <Line
            yAxisId="r"
            dataKey="rate"
            name={rate}
            stroke={SERIES.secondary}
            strokeWidth={2}
            dot={false}
            connectNulls
            isAnimationActive={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
