import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin("./app/i18n/request.ts");

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Parallel builds (e.g. end-to-end runs side by side) each use their own folder.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  // `npm run typecheck` (part of `npm test`) checks the whole project once;
  // the build does not repeat it.
  typescript: { ignoreBuildErrors: true },
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3"],
};

export default withNextIntl(nextConfig);
