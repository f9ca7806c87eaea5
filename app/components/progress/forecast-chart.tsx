"use client";

import { useTranslations } from "next-intl";
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { AXIS_TICK, CHART_HEIGHT, SERIES, TOOLTIP_STYLE } from "./palette";

export function ForecastChart({ points }: { points: { label: string; due: number; reviews: number }[] }) {
  const t = useTranslations("progress.forecast");
  return (
    <div aria-hidden="true" className="text-zinc-700 dark:text-zinc-300">
      <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
        <ComposedChart data={points} accessibilityLayer={false} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#71717a" strokeOpacity={0.3} vertical={false} />
          <XAxis dataKey="label" tick={AXIS_TICK} minTickGap={12} />
          <YAxis allowDecimals={false} tick={AXIS_TICK} />
          <Tooltip {...TOOLTIP_STYLE} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="due" name={t("due")} fill={SERIES.primary} isAnimationActive={false} />
          <Line
            dataKey="reviews"
            name={t("reviews")}
            stroke={SERIES.secondary}
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
