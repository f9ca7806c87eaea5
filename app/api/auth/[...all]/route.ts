import { toNextJsHandler } from "better-auth/next-js";
import { getAuth } from "@/lib/server/auth-config";
import { BodyTooLargeError, payloadTooLarge, withBoundedBody } from "@/lib/server/request-body";

export const dynamic = "force-dynamic";

/** Auth requests are a few short fields; anything larger is refused before it is parsed. */
const MAX_AUTH_BODY_BYTES = 16 * 1024;

export async function GET(request: Request) {
  return toNextJsHandler(getAuth()).GET(request);
}

export async function POST(request: Request) {
  let bounded: Request;
  try {
    bounded = await withBoundedBody(request, MAX_AUTH_BODY_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return payloadTooLarge(error.limitBytes);
    throw error;
  }
  return toNextJsHandler(getAuth()).POST(bounded);
}
