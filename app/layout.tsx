import type { Metadata, Viewport } from "next";
import Link from "next/link";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import "katex/dist/katex.min.css";
import "./globals.css";
import { getCurrentUser } from "@/lib/server/auth";
import { LanguageSwitcher } from "./components/language-switcher";
import { NavLinks } from "./components/nav-links";
import { signOutAction } from "./settings/actions";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("app");
  // Each page names itself; the tab reads "Progress · Deep Learning Review".
  return { title: { template: `%s · ${t("name")}`, default: t("name") }, description: t("tagline") };
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
            {/* One row on a phone too: the links scroll sideways rather than wrap onto more rows. */}
            <div className="mx-auto flex max-w-3xl items-center gap-3 px-4 py-2 sm:py-3">
              <Link href="/" className="shrink-0 font-semibold">
                <span className="hidden sm:inline">{t("app.name")}</span>
                <span className="sm:hidden">{t("app.shortName")}</span>
              </Link>
              <nav
                aria-label={t("nav.main")}
                className="-mx-1 flex min-w-0 flex-1 items-center gap-x-4 overflow-x-auto px-1 py-1 text-sm [justify-content:safe_flex-end]"
              >
                {user ? (
                  <>
                    <NavLinks />
                    <form action={signOutAction}>
                      <button type="submit" className="whitespace-nowrap hover:underline">
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
