import type { CurrentItem } from "@/lib/server/reviews";

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
