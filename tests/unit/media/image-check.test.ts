import { describe, expect, it } from "vitest";
import { MAX_IMAGE_BYTES, checkImage, sniffImageType } from "@/lib/media/image-check";

// The smallest valid files of each type (1×1 pixel), from their published signatures.
const PNG = Uint8Array.from(
  Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
    "base64",
  ),
);
const GIF = Uint8Array.from(Buffer.from("R0lGODlhAQABAAAAACwAAAAAAQABAAA=", "base64"));
const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]);
const WEBP = Uint8Array.from([...Buffer.from("RIFF"), 0x1a, 0, 0, 0, ...Buffer.from("WEBPVP8L")]);
const SVG = Uint8Array.from(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'));
const HTML_AS_PNG = Uint8Array.from(Buffer.from("<html><script>alert(1)</script></html>"));

describe("uploaded images", () => {
  it("are known by their bytes", () => {
    expect([PNG, GIF, JPEG, WEBP, SVG].map(sniffImageType)).toEqual([
      "image/png",
      "image/gif",
      "image/jpeg",
      "image/webp",
      null,
    ]);
  });

  it("are accepted when the bytes are the type claimed", () => {
    expect(checkImage(PNG, "image/png")).toEqual({ ok: true, type: "image/png" });
    expect(checkImage(JPEG, "IMAGE/JPEG")).toEqual({ ok: true, type: "image/jpeg" });
  });

  it("are refused: SVG, a wrong claim, bytes of another type, empty, too large", () => {
    expect(checkImage(SVG, "image/svg+xml")).toEqual({
      ok: false,
      problem: { code: "type", claimed: "image/svg+xml" },
    });
    expect(checkImage(HTML_AS_PNG, "image/png")).toEqual({
      ok: false,
      problem: { code: "mismatch", claimed: "image/png", actual: null },
    });
    expect(checkImage(GIF, "image/png")).toEqual({
      ok: false,
      problem: { code: "mismatch", claimed: "image/png", actual: "image/gif" },
    });
    expect(checkImage(new Uint8Array(), "image/png")).toEqual({ ok: false, problem: { code: "empty" } });
    const big = new Uint8Array(MAX_IMAGE_BYTES + 1);
    big.set(PNG);
    expect(checkImage(big, "image/png")).toEqual({
      ok: false,
      problem: { code: "too-large", maxBytes: MAX_IMAGE_BYTES },
    });
    const limit = new Uint8Array(MAX_IMAGE_BYTES);
    limit.set(PNG);
    expect(checkImage(limit, "image/png").ok).toBe(true);
  });
});
