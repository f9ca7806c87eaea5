import { type NextRequest, NextResponse } from "next/server";
import { MAX_ACTION_BODY_BYTES, MAX_ACTION_NESTING, nestingExceeds } from "./lib/net/request-limits";

/**
 * Runs before every request the app renders:
 * - tags it with a request id (X-Request-Id, on the request and the
 *   response), which the server log carries for anything that fails;
 * - answers a path that is not valid percent-encoding with 400 instead of
 *   letting the router throw on it;
 * - answers a server-action body that is too large (413) or nested too deep
 *   (400) before Next decodes it (lib/net/request-limits.ts);
 * - sets the security headers on every response, prefetches included: a
 *   strict Content-Security-Policy with a fresh nonce (Next applies it to its
 *   own scripts), no framing by other sites, no MIME sniffing, no referrer to
 *   other origins.
 *
 * The coding-exercise sandbox document (SANDBOX_PATH) sends its own, stricter
 * policy (sandboxed, no network) and is framed by the app's own pages, so it
 * gets the other headers but not this CSP and not X-Frame-Options: DENY.
 * Static files get the same headers from next.config.ts.
 */
export const SANDBOX_PATH = "/code/sandbox";
const MEDIA_PATH = "/media/";
const REQUEST_ID_HEADER = "x-request-id";

function contentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // KaTeX and the charts position glyphs with inline style attributes.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "frame-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** The headers every response carries (the sandbox document aside, see above). */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "X-Frame-Options": "DENY",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
};

function isDecodablePath(pathname: string): boolean {
  try {
    for (const segment of pathname.split("/")) decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}

/** Why a server-action request is refused before it is decoded, or null to let it through. */
async function refuseActionBody(request: NextRequest): Promise<{ status: number; message: string } | null> {
  if (request.method !== "POST" || !request.headers.has("next-action")) return null;
  const tooLarge = { status: 413, message: `Request body too large: at most ${MAX_ACTION_BODY_BYTES} bytes.` };
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > MAX_ACTION_BODY_BYTES) return tooLarge;
  // Next hands the route a copy of the body, so reading it here takes nothing from the action.
  const body = await request.text();
  if (Buffer.byteLength(body) > MAX_ACTION_BODY_BYTES) return tooLarge;
  if (nestingExceeds(body, MAX_ACTION_NESTING)) {
    return { status: 400, message: `Bad request: the arguments nest deeper than ${MAX_ACTION_NESTING} levels.` };
  }
  return null;
}

export async function proxy(request: NextRequest) {
  const requestId = crypto.randomUUID();
  const pathname = request.nextUrl.pathname;
  const sandbox = pathname.startsWith(SANDBOX_PATH);
  const withHeaders = (response: NextResponse, csp: string | null) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
      if (!(sandbox && name === "X-Frame-Options")) response.headers.set(name, value);
    }
    if (sandbox) response.headers.set("Referrer-Policy", "no-referrer");
    if (csp) response.headers.set("Content-Security-Policy", csp);
    response.headers.set(REQUEST_ID_HEADER, requestId);
    return response;
  };
  if (!isDecodablePath(pathname)) {
    return withHeaders(
      new NextResponse("Bad request: the address is not valid percent-encoding.", { status: 400 }),
      null,
    );
  }
  const refused = await refuseActionBody(request);
  if (refused) return withHeaders(new NextResponse(refused.message, { status: refused.status }), null);
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set(REQUEST_ID_HEADER, requestId);
  if (sandbox) return withHeaders(NextResponse.next({ request: { headers: requestHeaders } }), null);
  // A learner's image sends its own, stricter policy (app/media/[id]/route.ts): nothing in it may run or load.
  if (pathname.startsWith(MEDIA_PATH))
    return withHeaders(NextResponse.next({ request: { headers: requestHeaders } }), null);
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = contentSecurityPolicy(nonce, process.env.NODE_ENV === "development");
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", csp);
  return withHeaders(NextResponse.next({ request: { headers: requestHeaders } }), csp);
}

/**
 * Not for static files, nor for the JSON API (app/api/v1): it answers JSON only (no CSP to set), tags and
 * logs its requests itself (lib/server/json-api.ts), and gets the security headers from next.config.ts.
 */
export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|sandbox/|api/v1/).*)"],
};
