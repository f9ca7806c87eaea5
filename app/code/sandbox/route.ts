/**
 * The document of the code sandbox iframe: loads the runner bundle only, under
 * its own CSP (no network, opaque origin). It holds no learner data, so it
 * needs no user; the runner in it receives code by postMessage from the page.
 */
import { sandboxDocument, sandboxHeaders } from "@/lib/codecheck/browser/sandbox-document";

export const dynamic = "force-dynamic";

/**
 * The origin the browser used: the Host header, since the request URL a
 * standalone server sees may name another host (e.g. localhost for 127.0.0.1),
 * and the policy must name the script's URL exactly as the browser resolves it.
 */
function browserOrigin(request: Request): string {
  const url = new URL(request.url);
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host") ?? "";
  const protocol = request.headers.get("x-forwarded-proto") ?? url.protocol.replace(/:$/, "");
  // Nothing but a host[:port] may reach the policy (no spaces or semicolons adding directives).
  const safeHost = HOST_PATTERN.test(host) ? host : url.host;
  const safeProtocol = protocol === "https" ? "https" : "http";
  return `${safeProtocol}://${safeHost}`;
}

const HOST_PATTERN = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

export function GET(request: Request): Response {
  return new Response(sandboxDocument(), { status: 200, headers: sandboxHeaders(browserOrigin(request)) });
}
