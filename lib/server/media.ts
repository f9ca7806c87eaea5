import "server-only";
/**
 * A learner's uploaded images: checked (lib/media/image-check.ts), stored in
 * the database per learner (the same bytes twice are stored once), and read
 * back only by their owner. Every query is scoped to the learner passed in.
 */
import { createHash } from "node:crypto";
import { type ImageProblem, checkImage } from "@/lib/media/image-check";
import type { Db } from "./db";
import { newId } from "./ids";

export type SaveImageResult = { ok: true; id: string; src: string } | { ok: false; problem: ImageProblem };

export function mediaSrc(id: string): string {
  return `/media/${id}`;
}

/** Stores an image of the learner's; a refused one stores nothing. */
export async function saveImage(
  db: Db,
  userId: string,
  bytes: Uint8Array,
  claimedType: string,
  now: Date,
): Promise<SaveImageResult> {
  const checked = checkImage(bytes, claimedType);
  if (!checked.ok) return checked;
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const same = await db.media.findFirst({ where: { userId, sha256, contentType: checked.type }, select: { id: true } });
  if (same) return { ok: true, id: same.id, src: mediaSrc(same.id) };
  const id = newId();
  await db.media.create({
    data: {
      id,
      userId,
      contentType: checked.type,
      byteSize: bytes.length,
      sha256,
      bytes: Buffer.from(bytes),
      createdAt: now,
    },
  });
  return { ok: true, id, src: mediaSrc(id) };
}

/** One of the learner's images, or null (none of that id, or another learner's). */
export async function fetchImage(
  db: Db,
  userId: string,
  id: string,
): Promise<{ contentType: string; bytes: Uint8Array } | null> {
  const media = await db.media.findFirst({ where: { id, userId }, select: { contentType: true, bytes: true } });
  return media ? { contentType: media.contentType, bytes: new Uint8Array(media.bytes) } : null;
}
