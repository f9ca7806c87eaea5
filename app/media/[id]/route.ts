import { getCurrentUser } from "@/lib/server/auth";
import { getDb } from "@/lib/server/db";
import { fetchImage } from "@/lib/server/media";

export const dynamic = "force-dynamic";

/**
 * A learner's image, to them alone. Served inert: its checked type, never
 * sniffed as anything else, and a policy that lets the response run and
 * load nothing even if opened as a page.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const user = await getCurrentUser();
  const { id } = await params;
  const image = user && /^[a-z2-7]{16,64}$/.test(id) ? await fetchImage(getDb(), user.id, id) : null;
  if (!image)
    return new Response("No such image.", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return new Response(Buffer.from(image.bytes), {
    headers: {
      "Content-Type": image.contentType,
      "Content-Length": String(image.bytes.length),
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; img-src 'self'; style-src 'none'; sandbox",
      "Cache-Control": "private, max-age=31536000, immutable",
      "Content-Disposition": "inline",
    },
  });
}
