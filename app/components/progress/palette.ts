/** Chart colours, chosen to read on both the light and the dark background. */
export const GRADE_COLORS = ["#dc2626", "#ea580c", "#d97706", "#65a30d", "#16a34a", "#0284c7"] as const;
export const SERIES = {
  primary: "#3b82f6",
  secondary: "#f59e0b",
  young: "#22c55e",
  mature: "#3b82f6",
  all: "#a855f7",
  trend: "#94a3b8",
} as const;
export const AXIS_TICK = { fill: "currentColor", fontSize: 12 } as const;
export const TOOLTIP_STYLE = {
  contentStyle: {
    background: "var(--color-zinc-900, #18181b)",
    border: "1px solid #52525b",
    color: "#fafafa",
    fontSize: 12,
  },
  itemStyle: { color: "#fafafa" },
  labelStyle: { color: "#fafafa" },
} as const;
export const CHART_HEIGHT = 240;
