/**
 * What an uploaded image must be before it is stored: one of four raster
 * types, its bytes starting as that type's signature says (never the
 * browser's claim alone), and at most MAX_IMAGE_BYTES. SVG is refused: it
 * is a document that can carry script, and the app stores no markup a
 * learner uploads. Signatures: PNG (ISO/IEC 15948 §5.2), JPEG SOI + marker
 * (ITU T.81 B.1.1.2), GIF87a/GIF89a, WebP "RIFF….WEBP" (RFC 9649 §2).
 */

/** Largest image accepted, in bytes (it travels base64-encoded inside a 1 MB server-action body). */
export const MAX_IMAGE_BYTES = 512 * 1024;

export const IMAGE_TYPES = ["image/png", "image/jpeg", "image/gif", "image/webp"] as const;
export type ImageType = (typeof IMAGE_TYPES)[number];

const startsWith = (bytes: Uint8Array, signature: readonly number[], at = 0) =>
  bytes.length >= at + signature.length && signature.every((b, i) => bytes[at + i] === b);

const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/** The type the bytes are, by their signature, or null if none of the accepted ones. */
export function sniffImageType(bytes: Uint8Array): ImageType | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (startsWith(bytes, ascii("GIF87a")) || startsWith(bytes, ascii("GIF89a"))) return "image/gif";
  if (startsWith(bytes, ascii("RIFF")) && startsWith(bytes, ascii("WEBP"), 8)) return "image/webp";
  return null;
}

export type ImageProblem =
  | { code: "empty" }
  | { code: "too-large"; maxBytes: number }
  | { code: "type"; claimed: string }
  | { code: "mismatch"; claimed: ImageType; actual: ImageType | null };

/** The stored type of an upload, or why it is refused. */
export function checkImage(
  bytes: Uint8Array,
  claimedType: string,
): { ok: true; type: ImageType } | { ok: false; problem: ImageProblem } {
  const claimed = claimedType.trim().toLowerCase();
  if (!(IMAGE_TYPES as readonly string[]).includes(claimed))
    return { ok: false, problem: { code: "type", claimed: claimed.slice(0, 100) } };
  if (bytes.length === 0) return { ok: false, problem: { code: "empty" } };
  if (bytes.length > MAX_IMAGE_BYTES) return { ok: false, problem: { code: "too-large", maxBytes: MAX_IMAGE_BYTES } };
  const actual = sniffImageType(bytes);
  if (actual !== claimed) return { ok: false, problem: { code: "mismatch", claimed: claimed as ImageType, actual } };
  return { ok: true, type: actual };
}
