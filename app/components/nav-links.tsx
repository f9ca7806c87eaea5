"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTranslations } from "next-intl";
import { NAV_LINKS, isCurrentSection } from "@/config/navigation";

/** The main navigation, with the current section marked (aria-current and an underline). */
export function NavLinks() {
  const t = useTranslations("nav");
  const pathname = usePathname();
  return (
    <>
      {NAV_LINKS.map((link) => {
        const current = isCurrentSection(link.href, pathname);
        return (
          <Link
            key={link.href}
            href={link.href}
            aria-current={current ? "page" : undefined}
            className={`whitespace-nowrap hover:underline ${current ? "font-semibold underline underline-offset-4" : ""}`}
          >
            {t(link.label)}
          </Link>
        );
      })}
    </>
  );
}
