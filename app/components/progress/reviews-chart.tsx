"use client";

import { useTranslations } from "next-intl";
import { useId, useMemo, useState } from "react";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { type ActivityDay, gradeSeries } from "@/lib/progress/activity";
import { GRADES, ITEM_KINDS, type ItemKind } from "@/lib/progress/types";
import { AXIS_TICK, CHART_HEIGHT, GRADE_COLORS, TOOLTIP_STYLE } from "./palette";

const WINDOWS = [30, 90, 365] as const;
type KindChoice = ItemKind | "all";

/** Reviews per day stacked by grade, for a chosen range and kind of item. */
export function ReviewsChart({ days, locale }: { days: ActivityDay[]; locale: string }) {
  const t = useTranslations("progress");
  const [window, setWindow] = useState<(typeof WINDOWS)[number]>(30);
  const [kind, setKind] = useState<KindChoice>("all");
  const id = useId();
  const series = useMemo(() => gradeSeries(days, window, kind === "all" ? ITEM_KINDS : [kind]), [days, window, kind]);
  const data = series.map((d) => ({
    key: d.key.slice(5),
    ...Object.fromEntries(d.grades.map((n, g) => [`g${g}`, n])),
  }));
  const total = series.reduce((s, d) => s + d.grades.reduce((a, b) => a + b, 0), 0);
  const passed = series.reduce((s, d) => s + (d.grades[3] ?? 0) + (d.grades[4] ?? 0) + (d.grades[5] ?? 0), 0);
  const nf = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const pf = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0 });
  const select =
    "min-h-11 rounded-lg border border-zinc-300 bg-white px-2 text-sm dark:border-zinc-700 dark:bg-zinc-900";
  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap gap-3 text-sm">
        <label className="flex items-center gap-2" htmlFor={`${id}-range`}>
          {t("reviews.range")}
          <select
            id={`${id}-range`}
            className={select}
            value={window}
            onChange={(e) => setWindow(Number(e.target.value) as (typeof WINDOWS)[number])}
          >
            {WINDOWS.map((w) => (
              <option key={w} value={w}>
                {t("reviews.days", { count: w })}
              </option>
            ))}
          </select>
        </label>
        <label className="flex items-center gap-2" htmlFor={`${id}-kind`}>
          {t("reviews.items")}
          <select
            id={`${id}-kind`}
            className={select}
            value={kind}
            onChange={(e) => setKind(e.target.value as KindChoice)}
          >
            {(["all", ...ITEM_KINDS] as const).map((k) => (
              <option key={k} value={k}>
                {t(`kinds.${k}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="text-sm text-zinc-600 dark:text-zinc-400" aria-live="polite">
        {total === 0
          ? t("reviews.empty", { kind: t(`kinds.${kind}`), days: window })
          : t("reviews.summary", {
              total,
              kind: t(`kinds.${kind}`),
              days: window,
              perDay: nf.format(total / window),
              passRate: pf.format(passed / total),
            })}
      </p>
      {total === 0 ? null : (
        <>
          <div aria-hidden="true" className="text-zinc-700 dark:text-zinc-300">
            <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
              <BarChart data={data} accessibilityLayer={false} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
                <CartesianGrid strokeDasharray="3 3" stroke="#71717a" strokeOpacity={0.3} vertical={false} />
                <XAxis dataKey="key" tick={AXIS_TICK} minTickGap={16} />
                <YAxis allowDecimals={false} tick={AXIS_TICK} />
                <Tooltip {...TOOLTIP_STYLE} />
                {GRADES.map((g) => (
                  <Bar
                    key={g}
                    dataKey={`g${g}`}
                    name={t("grade", { grade: g })}
                    stackId="grades"
                    fill={GRADE_COLORS[g]}
                    isAnimationActive={false}
                  />
                ))}
              </BarChart>
            </ResponsiveContainer>
          </div>
          <ul className="flex flex-wrap gap-3 text-xs" aria-hidden="true">
            {GRADES.map((g) => (
              <li key={g} className="flex items-center gap-1">
                <span className="inline-block h-3 w-3 rounded-sm" style={{ background: GRADE_COLORS[g] }} />
                {t("grade", { grade: g })}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
