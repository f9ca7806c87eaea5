import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";
import { SANDBOX_PATH, SECURITY_HEADERS } from "./proxy";

const withNextIntl = createNextIntlPlugin("./app/i18n/request.ts");

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Parallel builds (e.g. end-to-end runs side by side) each use their own folder.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  // `npm run typecheck` (part of `npm test`) checks the whole project once;
  // the build does not repeat it.
  typescript: { ignoreBuildErrors: true },
  serverExternalPackages: [
    "better-sqlite3",
    "@prisma/adapter-better-sqlite3",
    "pino",
    "@open-spaced-repetition/binding",
  ],
  // Static files and anything proxy.ts does not run for carry the same security headers as pages.
  headers() {
    const all = Object.entries(SECURITY_HEADERS).map(([key, value]) => ({ key, value }));
    return Promise.resolve([
      { source: `/((?!${SANDBOX_PATH.slice(1)}).*)`, headers: all },
      { source: `${SANDBOX_PATH}/:path*`, headers: all.filter((h) => h.key !== "X-Frame-Options") },
    ]);
  },
};

export default withNextIntl(nextConfig);
