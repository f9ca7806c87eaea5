/**
 * nginx in front of a class server passes every body the app accepts: the
 * uploads with bounds of their own get at least those bounds, and the Anki
 * import's progress is not held back in nginx's buffer.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MAX_ACTION_BODY_BYTES } from "@/lib/net/request-limits";
import { MAX_RESTORE_BYTES } from "@/lib/server/account-restore";
import { MAX_ANKI_UPLOAD_BYTES } from "@/lib/server/anki-import";

const TEMPLATE = readFileSync(path.resolve(import.meta.dirname, "../../../deploy/nginx.conf.template"), "utf8");

function bytes(size: string): number {
  const m = /^(\d+)([kmg]?)$/i.exec(size);
  if (!m) throw new Error(`not an nginx size: ${size}`);
  const unit = { "": 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[(m[2] ?? "").toLowerCase()] ?? 1;
  return Number(m[1]) * unit;
}

/** The directives of one `location = PATH { … }` block, or of the server block outside any location. */
function directives(location: string | null): Map<string, string> {
  const body =
    location === null
      ? TEMPLATE.replace(/location [^{]*\{[^}]*\}/g, "")
      : (new RegExp(`location = ${location.replace(/\//g, "\\/")} \\{([^}]*)\\}`).exec(TEMPLATE)?.[1] ?? "");
  const out = new Map<string, string>();
  for (const m of body.matchAll(/^\s*([a-z_]+)\s+([^;]+);/gm)) out.set(m[1] ?? "", (m[2] ?? "").trim());
  return out;
}

describe("deploy/nginx.conf.template", () => {
  it("passes a server action's largest body everywhere", () => {
    expect(bytes(directives(null).get("client_max_body_size") ?? "0")).toBeGreaterThanOrEqual(MAX_ACTION_BODY_BYTES);
  });

  it("passes the largest Anki package to /import/upload and streams its progress unbuffered", () => {
    const upload = directives("/import/upload");
    expect(bytes(upload.get("client_max_body_size") ?? "0")).toBeGreaterThanOrEqual(MAX_ANKI_UPLOAD_BYTES);
    expect(upload.get("proxy_buffering")).toBe("off");
    expect(upload.get("proxy_pass")).toBe("http://dl_study");
  });

  it("passes the largest backup to /api/v1/account/restore", () => {
    const restore = directives("/api/v1/account/restore");
    expect(bytes(restore.get("client_max_body_size") ?? "0")).toBeGreaterThanOrEqual(MAX_RESTORE_BYTES);
    expect(restore.get("proxy_pass")).toBe("http://dl_study");
  });
});
