/**
 * First-load JavaScript of every route of the last `next build`, gzipped, as JSON.
 *
 *   npm run build && npm run size:routes
 *   NEXT_DIST_DIR=.next-x npm run size:routes
 *
 * Next 16 with Turbopack prints no sizes, so they are derived from the build output:
 * every page loads the root main files of build-manifest.json, then the client chunks its
 * layouts, page and boundaries (error, not-found) import, which its
 * `server/app/<route>/page_client-reference-manifest.js` lists under `entryJSFiles`.
 * Each distinct chunk is gzipped once (level 9, as the gzip-size package that Next's
 * webpack build output used) and counted once per route. Polyfills are left out: they are
 * loaded with `nomodule`, so modern browsers skip them. Chunks loaded later with `import()`
 * are not first-load JS and are not in these lists.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import vm from "node:vm";
import { gzipSync } from "node:zlib";

const GZIP_LEVEL = 9;
const DEFAULT_DIST_DIR = ".next";
const PAGE_SUFFIX = "/page";
/** Where chunk URLs point inside the dist folder ("/_next/static/x.js" is "<dist>/static/x.js"). */
const ASSET_PREFIX = "/_next/";
/** Pages-router entries that are not routes of their own. */
const PAGES_ROUTER_INTERNALS = new Set(["/_app", "/_document", "/_error"]);

export class RouteSizeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RouteSizeError";
  }
}

export interface RouteSize {
  route: string;
  firstLoadJsGzipBytes: number;
  firstLoadJsBytes: number;
  chunks: number;
}

export interface RouteSizeReport {
  distDir: string;
  buildId: string;
  gzipLevel: number;
  /** The root main files every route loads (framework, runtime). */
  shared: { gzipBytes: number; bytes: number; chunks: number };
  routes: RouteSize[];
}

interface BuildManifest {
  rootMainFiles?: string[];
  pages?: Record<string, string[]>;
}

interface ClientReferenceManifest {
  entryJSFiles?: Record<string, string[]>;
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, "utf8")) as T;
}

function requireBuild(distDir: string): string {
  const buildIdFile = path.join(distDir, "BUILD_ID");
  if (!existsSync(buildIdFile) || !existsSync(path.join(distDir, "build-manifest.json"))) {
    throw new RouteSizeError(
      `No Next.js build in ${distDir} (BUILD_ID or build-manifest.json is missing). ` +
        "Run `npm run build` first, with the same NEXT_DIST_DIR if you set one.",
    );
  }
  return readFileSync(buildIdFile, "utf8").trim();
}

/** The manifest is a script that assigns `globalThis.__RSC_MANIFEST[page]`; run it in an empty context. */
function readClientReferenceManifest(file: string, page: string): ClientReferenceManifest {
  const context: { __RSC_MANIFEST?: Record<string, ClientReferenceManifest> } = {};
  vm.runInNewContext(readFileSync(file, "utf8"), context, { filename: file });
  const manifest = context.__RSC_MANIFEST?.[page];
  if (!manifest) throw new RouteSizeError(`${file} defines no client reference manifest for ${page}.`);
  return manifest;
}

function toDistPath(chunk: string): string {
  return chunk.startsWith(ASSET_PREFIX) ? chunk.slice(ASSET_PREFIX.length) : chunk.replace(/^\//, "");
}

/** Measures every route of the build in `distDir`; throws RouteSizeError when there is no complete build. */
export function measureRouteSizes(distDir: string): RouteSizeReport {
  const buildId = requireBuild(distDir);
  const buildManifest = readJson<BuildManifest>(path.join(distDir, "build-manifest.json"));
  const rootMainFiles = (buildManifest.rootMainFiles ?? []).map(toDistPath);

  const sizes = new Map<string, { bytes: number; gzipBytes: number }>();
  const sizeOf = (chunk: string) => {
    let size = sizes.get(chunk);
    if (!size) {
      const file = path.join(distDir, chunk);
      if (!existsSync(file)) {
        throw new RouteSizeError(
          `${file} is listed in the build manifests but missing: rebuild with \`npm run build\`.`,
        );
      }
      const content = readFileSync(file);
      size = { bytes: content.length, gzipBytes: gzipSync(content, { level: GZIP_LEVEL }).length };
      sizes.set(chunk, size);
    }
    return size;
  };
  const total = (chunks: ReadonlySet<string>) => {
    let bytes = 0;
    let gzipBytes = 0;
    for (const chunk of chunks) {
      const size = sizeOf(chunk);
      bytes += size.bytes;
      gzipBytes += size.gzipBytes;
    }
    return { bytes, gzipBytes };
  };
  const measure = (route: string, chunks: Iterable<string>): RouteSize => {
    const unique = new Set([...rootMainFiles, ...chunks]);
    const { bytes, gzipBytes } = total(unique);
    return { route, firstLoadJsGzipBytes: gzipBytes, firstLoadJsBytes: bytes, chunks: unique.size };
  };

  const routes: RouteSize[] = [];
  const appRoutesFile = path.join(distDir, "app-path-routes-manifest.json");
  const appRoutes = existsSync(appRoutesFile) ? readJson<Record<string, string>>(appRoutesFile) : {};
  for (const [page, route] of Object.entries(appRoutes)) {
    if (!page.endsWith(PAGE_SUFFIX)) continue;
    const manifestFile = path.join(distDir, "server", "app", `${page}_client-reference-manifest.js`);
    if (!existsSync(manifestFile))
      throw new RouteSizeError(`${manifestFile} is missing: rebuild with \`npm run build\`.`);
    const { entryJSFiles = {} } = readClientReferenceManifest(manifestFile, page);
    routes.push(measure(route, Object.values(entryJSFiles).flat().map(toDistPath)));
  }
  const pages = buildManifest.pages ?? {};
  const appShell = (pages["/_app"] ?? []).map(toDistPath);
  for (const [route, files] of Object.entries(pages)) {
    if (PAGES_ROUTER_INTERNALS.has(route)) continue;
    routes.push(measure(route, [...appShell, ...files.map(toDistPath)]));
  }
  routes.sort((a, b) => a.route.localeCompare(b.route));

  const shared = total(new Set(rootMainFiles));
  return {
    distDir,
    buildId,
    gzipLevel: GZIP_LEVEL,
    shared: { ...shared, chunks: new Set(rootMainFiles).size },
    routes,
  };
}

function main(): void {
  const distDir = process.env.NEXT_DIST_DIR ?? DEFAULT_DIST_DIR;
  try {
    console.log(JSON.stringify(measureRouteSizes(distDir), null, 2));
  } catch (error) {
    if (!(error instanceof RouteSizeError)) throw error;
    console.error(`size:routes: ${error.message}`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) main();
