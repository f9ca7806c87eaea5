import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RouteSizeError, measureRouteSizes } from "@/scripts/route-sizes";

const ROOT = path.resolve(import.meta.dirname, "../../..");

/** Chunks of different sizes and compressibility, so a wrong sum cannot match by accident. */
const CHUNKS: Record<string, string> = {
  "static/chunks/runtime.js": "self.runtime=" + "r".repeat(3000),
  "static/chunks/framework.js": Array.from({ length: 400 }, (_, i) => `var f${i}=${i * 7919};`).join(""),
  "static/chunks/polyfills.js": "p".repeat(9000),
  "static/chunks/layout.js": Array.from({ length: 200 }, (_, i) => `l${i}=${(i * 104729) % 997}`).join(";"),
  "static/chunks/home.js": "home();".repeat(50),
  "static/chunks/heavy.js": Array.from({ length: 2000 }, (_, i) => `h${i}=${(i * 15485863) % 100003}`).join(";"),
};

function gzipSize(chunk: string): number {
  return gzipSync(CHUNKS[chunk] ?? "", { level: 9 }).length;
}

function writeClientManifest(dist: string, page: string, entryJSFiles: Record<string, string[]>): void {
  const file = path.join(dist, "server", "app", `${page}_client-reference-manifest.js`);
  mkdirSync(path.dirname(file), { recursive: true });
  const manifest = { moduleLoading: { prefix: "" }, clientModules: {}, entryCSSFiles: {}, entryJSFiles };
  writeFileSync(
    file,
    `globalThis.__RSC_MANIFEST = globalThis.__RSC_MANIFEST || {};\nglobalThis.__RSC_MANIFEST[${JSON.stringify(page)}] = ${JSON.stringify(manifest)};`,
  );
}

/** The files of a Turbopack app-router build that the script reads, in their real shapes. */
function writeBuild(dist: string): void {
  for (const [chunk, content] of Object.entries(CHUNKS)) {
    mkdirSync(path.dirname(path.join(dist, chunk)), { recursive: true });
    writeFileSync(path.join(dist, chunk), content);
  }
  writeFileSync(path.join(dist, "BUILD_ID"), "test-build\n");
  writeFileSync(
    path.join(dist, "build-manifest.json"),
    JSON.stringify({
      pages: { "/_app": [] },
      polyfillFiles: ["static/chunks/polyfills.js"],
      rootMainFiles: ["static/chunks/runtime.js", "static/chunks/framework.js"],
    }),
  );
  writeFileSync(
    path.join(dist, "app-path-routes-manifest.json"),
    JSON.stringify({ "/page": "/", "/exercises/[id]/page": "/exercises/[id]", "/export/route": "/export" }),
  );
  writeClientManifest(dist, "/page", {
    "[project]/app/layout": ["static/chunks/layout.js"],
    "[project]/app/page": ["static/chunks/layout.js", "static/chunks/home.js"],
  });
  writeClientManifest(dist, "/exercises/[id]/page", {
    "[project]/app/layout": ["static/chunks/layout.js"],
    "[project]/app/exercises/[id]/page": ["/_next/static/chunks/layout.js", "/_next/static/chunks/heavy.js"],
  });
}

describe("measureRouteSizes", () => {
  let dist: string;
  beforeEach(() => {
    dist = mkdtempSync(path.join(os.tmpdir(), "route-sizes-"));
  });
  afterEach(() => rmSync(dist, { recursive: true, force: true }));

  it("sums each route's root main files and entry chunks once, gzipped, without polyfills or handlers", () => {
    writeBuild(dist);
    const report = measureRouteSizes(dist);
    const shared = gzipSize("static/chunks/runtime.js") + gzipSize("static/chunks/framework.js");
    expect(report.buildId).toBe("test-build");
    expect(report.shared.gzipBytes).toBe(shared);
    expect(report.routes.map((r) => r.route)).toEqual(["/", "/exercises/[id]"]);
    const [home, exercise] = report.routes;
    expect(home?.firstLoadJsGzipBytes).toBe(
      shared + gzipSize("static/chunks/layout.js") + gzipSize("static/chunks/home.js"),
    );
    expect(home?.chunks).toBe(4);
    expect(exercise?.firstLoadJsGzipBytes).toBe(
      shared + gzipSize("static/chunks/layout.js") + gzipSize("static/chunks/heavy.js"),
    );
    expect(exercise?.firstLoadJsBytes).toBe(
      ["runtime", "framework", "layout", "heavy"].reduce(
        (sum, name) => sum + (CHUNKS[`static/chunks/${name}.js`] ?? "").length,
        0,
      ),
    );
  });

  it("says to build first when there is no build", () => {
    expect(() => measureRouteSizes(dist)).toThrow(RouteSizeError);
    expect(() => measureRouteSizes(path.join(dist, "missing"))).toThrow(/npm run build/);
  });

  it("refuses a build whose manifests name a chunk that is not there", () => {
    writeBuild(dist);
    rmSync(path.join(dist, "static/chunks/heavy.js"));
    expect(() => measureRouteSizes(dist)).toThrow(/heavy\.js.*missing/);
  });

  it("runs as `npm run size:routes`: JSON on stdout, or exit 1 with the reason", () => {
    writeBuild(dist);
    const run = () =>
      spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts", "route-sizes.ts")], {
        cwd: ROOT,
        env: { ...process.env, NEXT_DIST_DIR: dist },
        encoding: "utf8",
      });
    const ok = run();
    expect(ok.status).toBe(0);
    expect((JSON.parse(ok.stdout) as { routes: unknown[] }).routes).toHaveLength(2);
    rmSync(path.join(dist, "BUILD_ID"));
    const failed = run();
    expect(failed.status).toBe(1);
    expect(failed.stdout).toBe("");
    expect(failed.stderr).toMatch(/No Next\.js build in .*npm run build/);
  });
});
