/**
 * The sandbox iframe's document and its response headers, shared by the app
 * route (`/code/sandbox`) and the bench server so both serve the same thing.
 *
 * The document only loads the host bundle. The policy forbids the network
 * (`connect-src 'none'`), every other script (the host bundle is named by
 * URL), and makes the document an opaque origin (`sandbox allow-scripts`: no
 * cookies, storage or DOM of the app) even if opened outside the iframe.
 * `'unsafe-eval'` is there for the worker: it inherits this policy and
 * compiles learner code with `new Function`. `'wasm-unsafe-eval'` lets it
 * compile tfjs's wasm backend from the bytes embedded in the host bundle;
 * `'unsafe-eval'` implies it today, but it is named for what needs it, so
 * the wasm backend does not depend on the other keyword staying. The
 * worker is a `blob:` URL made from a string inside the host bundle, so
 * `worker-src blob:` suffices.
 */
export const SANDBOX_PATH = "/code/sandbox";
export const SANDBOX_HOST_SCRIPT = "/sandbox/host.js";

export function sandboxDocument(scriptPath: string = SANDBOX_HOST_SCRIPT): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>sandbox</title><script src="${scriptPath}"></script></head><body></body></html>`;
}

/** Header values for the sandbox document served from `origin` (e.g. "http://127.0.0.1:3000"). */
export function sandboxHeaders(origin: string, scriptPath: string = SANDBOX_HOST_SCRIPT): Record<string, string> {
  const policy = [
    "default-src 'none'",
    `script-src ${origin}${scriptPath} 'unsafe-eval' 'wasm-unsafe-eval'`,
    "worker-src blob:",
    "connect-src 'none'",
    "img-src 'none'",
    "style-src 'none'",
    "font-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
    "frame-ancestors 'self'",
    "sandbox allow-scripts",
  ].join("; ");
  return {
    "Content-Type": "text/html; charset=utf-8",
    "Content-Security-Policy": policy,
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
  };
}
