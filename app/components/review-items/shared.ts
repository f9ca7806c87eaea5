import type { CurrentItem, GradeOption } from "@/lib/server/reviews";

export type { Locale } from "@/lib/locale";
import type { Locale } from "@/lib/locale";

/** What every kind of review item gets from the session. */
export interface ReviewItemProps {
  current: CurrentItem;
  locale: Locale;
  pending: boolean;
  /** Records the grade (0..5) and, for exercises, the attempt in the review log. */
  onGrade: (quality: number, detail?: unknown) => void;
}

/** Keys typed into a field are not shortcuts. */
export function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName) || el.isContentEditable);
}

/**
 * When a grade brings the item back, as its button says it: "1 d", "again
 * today", or "1 d, and again today" for a pass that is re-drilled today
 * (SM-2 step 7: a 3 is practised again in the session without moving the
 * schedule).
 */
export function gradeWhen(
  t: (key: "againToday" | "interval" | "intervalAndAgainToday", values?: { days: number }) => string,
  option: Pick<GradeOption, "againToday" | "intervalDays">,
): string {
  if (!option.againToday) return t("interval", { days: option.intervalDays });
  return option.intervalDays === 0 ? t("againToday") : t("intervalAndAgainToday", { days: option.intervalDays });
}
