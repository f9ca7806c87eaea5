import type { Instrumentation } from "next";

/**
 * Every request that fails on the server (a page, an action, a route
 * handler) is logged with its request id (set by proxy.ts), so a 500 a
 * learner reports can be found in the log.
 */
export const onRequestError: Instrumentation.onRequestError = async (error, request, context) => {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { logRequestError } = await import("./lib/server/logger");
  const id = request.headers["x-request-id"];
  logRequestError(
    error,
    { method: request.method, path: request.path, requestId: typeof id === "string" ? id : null },
    { routerKind: context.routerKind, routePath: context.routePath, routeType: context.routeType },
  );
};
