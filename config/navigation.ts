/** The signed-in learner's navigation, in order; `label` is a key of the "nav" messages. */
export const NAV_LINKS = [
  { href: "/", label: "review" },
  { href: "/browse", label: "browse" },
  { href: "/exercises", label: "exercises" },
  { href: "/code", label: "code" },
  { href: "/progress", label: "progress" },
  { href: "/settings", label: "settings" },
] as const;

export type NavLink = (typeof NAV_LINKS)[number];

/** Whether `pathname` is the page of `href` or below it ("/" only matches itself). */
export function isCurrentSection(href: string, pathname: string): boolean {
  if (href === "/") return pathname === "/";
  return pathname === href || pathname.startsWith(`${href}/`);
}
