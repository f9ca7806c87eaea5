import { randomUUID } from "node:crypto";
import { foreignOriginRefusal } from "@/lib/net/same-origin";
import { AnkiImportError, MAX_ANKI_UPLOAD_BYTES, importAnkiPackage } from "@/lib/server/anki-import";
import { getCurrentUser } from "@/lib/server/auth";
import { getDb } from "@/lib/server/db";
import { serverEnv } from "@/lib/server/env";
import { logRequestError } from "@/lib/server/logger";
import { BodyTooLargeError, readBoundedBytes } from "@/lib/server/request-body";

export const dynamic = "force-dynamic";

const NDJSON = { "Content-Type": "application/x-ndjson; charset=utf-8", "Cache-Control": "no-store" } as const;

function refusal(status: number, code: string, message: string): Response {
  return Response.json({ error: { code, message } }, { status, headers: { "Cache-Control": "no-store" } });
}

/**
 * POST the package's bytes (the file as the body). The answer streams one
 * JSON object per line: progress (`{"progress":{phase,done,total}}`), then
 * the summary (`{"summary":…}`) or the reason it was refused
 * (`{"error":{code,message}}`), with nothing written.
 */
export async function POST(request: Request) {
  const foreign = foreignOriginRefusal(request.headers, serverEnv().authUrl);
  if (foreign !== null) return refusal(403, "cross-site", foreign);
  const user = await getCurrentUser();
  if (!user) return refusal(401, "unauthorized", "Sign in to import a package.");
  let bytes: Uint8Array;
  try {
    bytes = await readBoundedBytes(request, MAX_ANKI_UPLOAD_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      return refusal(413, "too-large", `The package is over the upload limit of ${MAX_ANKI_UPLOAD_BYTES} bytes.`);
    }
    throw error;
  }
  if (bytes.length === 0) return refusal(400, "empty", "Choose an Anki package (.apkg or .colpkg) to import.");
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (line: unknown) => controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
      try {
        const summary = await importAnkiPackage(getDb(), user.id, bytes, {
          now: new Date(),
          onProgress: (progress) => send({ progress }),
        });
        send({ summary });
      } catch (error) {
        if (error instanceof AnkiImportError) send({ error: { code: error.code, message: error.message } });
        else {
          const requestId = randomUUID();
          logRequestError(
            error,
            { method: "POST", path: new URL(request.url).pathname, requestId },
            {
              routeType: "anki-import",
            },
          );
          send({
            error: {
              code: "internal",
              message: `The import failed on the server (logged as request ${requestId}); nothing was imported.`,
            },
          });
        }
      } finally {
        controller.close();
      }
    },
  });
  return new Response(stream, { headers: NDJSON });
}
