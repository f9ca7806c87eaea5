"use client";

import { useTranslations } from "next-intl";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { AXIS_TICK, CHART_HEIGHT, SERIES, TOOLTIP_STYLE } from "./palette";

export interface RetentionPoint {
  label: string;
  young: number | null;
  mature: number | null;
  all: number | null;
  trend: number | null;
}

const percent = (v: unknown) => (typeof v === "number" ? `${Math.round(v * 100)}%` : "—");

export function RetentionChart({ points }: { points: RetentionPoint[] }) {
  const t = useTranslations("progress.retention");
  return (
    <div aria-hidden="true" className="text-zinc-700 dark:text-zinc-300">
      <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
        <LineChart data={points} accessibilityLayer={false} margin={{ top: 8, right: 8, bottom: 0, left: -8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#71717a" strokeOpacity={0.3} vertical={false} />
          <XAxis dataKey="label" tick={AXIS_TICK} minTickGap={16} />
          <YAxis domain={[0, 1]} tickFormatter={percent} tick={AXIS_TICK} />
          <Tooltip {...TOOLTIP_STYLE} formatter={(v) => percent(v)} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Line
            dataKey="young"
            name={t("young")}
            stroke={SERIES.young}
            dot={false}
            connectNulls
            isAnimationActive={false}
          />
          <Line
            dataKey="mature"
            name={t("mature")}
            stroke={SERIES.mature}
            dot={false}
            connectNulls
            isAnimationActive={false}
          />
          <Line
            dataKey="all"
            name={t("all")}
            stroke={SERIES.all}
            strokeWidth={2}
            dot={false}
            connectNulls
            isAnimationActive={false}
          />
          <Line
            dataKey="trend"
            name={t("trend")}
            stroke={SERIES.trend}
            strokeDasharray="6 4"
            dot={false}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
