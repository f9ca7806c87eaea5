import type { Metadata, Viewport } from "next";
import Link from "next/link";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import "katex/dist/katex.min.css";
import "./globals.css";
import { getCurrentUser } from "@/lib/server/auth";
import { LanguageSwitcher } from "./components/language-switcher";
import { signOutAction } from "./settings/actions";

/** The signed-in learner's navigation, in order. */
const NAV_LINKS = [
  { href: "/", label: "review" },
  { href: "/exercises", label: "exercises" },
  { href: "/code", label: "code" },
  { href: "/progress", label: "progress" },
  { href: "/settings", label: "settings" },
] as const;

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("app");
  return { title: t("name"), description: t("tagline") };
}

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  colorScheme: "light dark",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await getLocale();
  const [t, user] = await Promise.all([getTranslations(), getCurrentUser()]);
  return (
    <html lang={locale === "zh" ? "zh-CN" : "en"}>
      <body className="min-h-screen antialiased">
        <NextIntlClientProvider>
          <header className="border-b border-zinc-200 dark:border-zinc-800">
            <div className="mx-auto flex max-w-3xl flex-wrap items-center justify-between gap-2 px-4 py-3">
              <Link href="/" className="font-semibold">
                {t("app.name")}
              </Link>
              <nav aria-label={t("nav.main")} className="flex flex-wrap items-center gap-x-4 gap-y-2 text-sm">
                {user ? (
                  <>
                    {NAV_LINKS.map((link) => (
                      <Link key={link.href} href={link.href} className="hover:underline">
                        {t(`nav.${link.label}`)}
                      </Link>
                    ))}
                    <form action={signOutAction}>
                      <button type="submit" className="hover:underline">
                        {t("auth.signOut")}
                      </button>
                    </form>
                  </>
                ) : (
                  <Link href="/sign-in" className="hover:underline">
                    {t("auth.signIn")}
                  </Link>
                )}
                <LanguageSwitcher />
              </nav>
            </div>
          </header>
          <main className="mx-auto max-w-3xl px-4 py-6">{children}</main>
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
