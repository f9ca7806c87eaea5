import { z } from "zod";

import { exportDeckAsApkg, exportDeckAsCsv } from "@/lib/server/anki-export";
import { getCurrentUser } from "@/lib/server/auth";
import { getDb } from "@/lib/server/db";

export const dynamic = "force-dynamic";

const querySchema = z.strictObject({
  format: z.enum(["apkg", "csv"]).default("apkg"),
  scheduling: z.enum(["0", "1"]).default("0"),
});

/** RFC 6266: an ASCII fallback name, and the deck's own name (Chinese too) in `filename*`. */
function attachment(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** One of the learner's decks for Anki: `?format=apkg|csv`, `&scheduling=1` to keep schedules and history. */
export async function GET(request: Request, { params }: { params: Promise<{ key: string }> }): Promise<Response> {
  const user = await getCurrentUser();
  if (!user) return Response.json({ error: "Sign in to export a deck." }, { status: 401 });
  const query = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) {
    return Response.json({ error: "Query: format must be apkg or csv, scheduling 0 or 1." }, { status: 400 });
  }
  const { key } = await params;
  const options = { scheduling: query.data.scheduling === "1", now: new Date() };
  const exportDeck = query.data.format === "csv" ? exportDeckAsCsv : exportDeckAsApkg;
  const file = await exportDeck(getDb(), user.id, key, options);
  if (!file) return Response.json({ error: `No deck "${key}".` }, { status: 404 });
  return new Response(Buffer.from(file.bytes), {
    headers: {
      "Content-Type": file.contentType,
      "Content-Disposition": attachment(file.fileName),
      "Content-Length": String(file.bytes.length),
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
