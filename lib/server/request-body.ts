import "server-only";
/**
 * Bounded request bodies for route handlers: a body over the limit is
 * answered 413 before anything parses it, whether it announced its length
 * or streamed without one.
 */

export class BodyTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`The request body is over the limit of ${limitBytes} bytes.`);
    this.name = "BodyTooLargeError";
  }
}

export function payloadTooLarge(limitBytes: number): Response {
  return Response.json(
    { message: `The request body is too large: at most ${limitBytes} bytes.`, code: "PAYLOAD_TOO_LARGE" },
    { status: 413 },
  );
}

/** The request's body as bytes, at most `limitBytes` of it; throws BodyTooLargeError past that. */
export async function readBoundedBytes(request: Request, limitBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  if (request.body === null) return new Uint8Array(0);
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limitBytes) throw new BodyTooLargeError(limitBytes);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limitBytes) {
      await reader.cancel();
      throw new BodyTooLargeError(limitBytes);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/** The request with its body read into memory, at most `limitBytes` of it; throws BodyTooLargeError past that. */
export async function withBoundedBody(request: Request, limitBytes: number): Promise<Request> {
  if (request.body === null) return request;
  const body = await readBoundedBytes(request, limitBytes);
  return new Request(request, { body });
}
