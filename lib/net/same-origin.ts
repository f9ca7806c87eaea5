/**
 * The JSON API's guard against cross-site requests (CSRF), for requests that
 * change something. The session cookie goes with any request the browser
 * sends to the app, whoever's page made it, so a write is accepted only when
 * both hold:
 *
 * 1. Its body is declared `Content-Type: application/json`. A page of another
 *    site can send that only through fetch in CORS mode, which makes the
 *    browser ask first (a preflight) and the app never grants it; a form or
 *    a "simple" request cannot carry that type.
 * 2. It does not say it comes from elsewhere: an `Origin` header, if sent,
 *    is the app's own origin (from BETTER_AUTH_URL), and a `Sec-Fetch-Site`
 *    header, if sent, is `same-origin` (or `none`: the user's own action,
 *    such as a bookmark). `same-site` is refused too: a sibling subdomain is
 *    another site's page.
 *
 * Browsers send `Origin` with every POST and `Sec-Fetch-Site` with every
 * request, so a request carrying neither was not made by a page in a
 * browser: a script or another program holding the learner's cookie, which
 * CSRF is not about. See
 * https://cheatsheetseries.owasp.org/cheatsheets/Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html
 * ("Verifying Origin With Standard Headers", "Fetch Metadata headers").
 */

const JSON_MEDIA_TYPE = "application/json";
const ALLOWED_FETCH_SITES: ReadonlySet<string> = new Set(["same-origin", "none"]);

interface HeaderSource {
  get(name: string): string | null;
}

/** The origin ("scheme://host:port") of a URL, or null when it is not a URL. */
function originOf(url: string): string | null {
  try {
    const origin = new URL(url).origin;
    return origin === "null" ? null : origin;
  } catch {
    return null;
  }
}

/** The media type of a Content-Type value, lower-cased, without its parameters. */
function mediaTypeOf(contentType: string | null): string {
  return (contentType ?? "").split(";")[0]!.trim().toLowerCase();
}

/**
 * Why a state-changing request must be refused as possibly cross-site, or
 * null when it may go on. `appOrigin` is the app's public URL (or origin).
 */
export function crossSiteRefusal(headers: HeaderSource, appOrigin: string): string | null {
  if (mediaTypeOf(headers.get("content-type")) !== JSON_MEDIA_TYPE) {
    return `Send the request body as JSON, with Content-Type: ${JSON_MEDIA_TYPE}.`;
  }
  return foreignOriginRefusal(headers, appOrigin);
}

/**
 * Why a request whose body is not JSON (an upload) must be refused as coming
 * from another origin or site, or null when it may go on.
 */
export function foreignOriginRefusal(headers: HeaderSource, appOrigin: string): string | null {
  const own = originOf(appOrigin);
  const origin = headers.get("origin");
  if (origin !== null && (own === null || originOf(origin) !== own)) {
    return `Requests from another origin are refused (Origin: ${origin.slice(0, 200)}).`;
  }
  const site = headers.get("sec-fetch-site");
  if (site !== null && !ALLOWED_FETCH_SITES.has(site.trim().toLowerCase())) {
    return `Requests from another site are refused (Sec-Fetch-Site: ${site.slice(0, 50)}).`;
  }
  return null;
}
