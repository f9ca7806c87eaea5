import { zipSync } from "fflate";

/** Test-side writers for the shapes Anki packages use. */

export function encodeVarint(value: number | bigint): number[] {
  let v = BigInt(value);
  const out: number[] = [];
  do {
    const byte = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v > 0n ? byte | 0x80 : byte);
  } while (v > 0n);
  return out;
}

export function protobufVarintField(number: number, value: number | bigint): number[] {
  return [...encodeVarint(number << 3), ...encodeVarint(value)];
}

export function protobufBytesField(number: number, bytes: Uint8Array | string): number[] {
  const data = typeof bytes === "string" ? new TextEncoder().encode(bytes) : bytes;
  return [...encodeVarint((number << 3) | 2), ...encodeVarint(data.length), ...data];
}

/** `MediaEntries` of proto/anki/import_export.proto: entries of name (1), size (2), sha1 (3). */
export function encodeMediaEntries(names: string[]): Uint8Array {
  const entries = names.flatMap((name) =>
    protobufBytesField(1, new Uint8Array([...protobufBytesField(1, name), ...protobufVarintField(2, 0)])),
  );
  return new Uint8Array(entries);
}

const ZSTD_MAGIC = [0x28, 0xb5, 0x2f, 0xfd];
const ZSTD_RAW_BLOCK_MAX_BYTES = 128 * 1024;
/** Window_Descriptor: exponent 7 → a 2^17-byte window, enough for maximal raw blocks (RFC 8878 §3.1.1.1.2). */
const ZSTD_WINDOW_DESCRIPTOR_128_KIB = 7 << 3;

/** A valid zstd frame made of raw (stored) blocks, per RFC 8878; enough to exercise the decoder path. */
export function encodeZstdStored(data: Uint8Array): Uint8Array {
  const out: number[] = [...ZSTD_MAGIC, 0x00, ZSTD_WINDOW_DESCRIPTOR_128_KIB];
  let at = 0;
  do {
    const size = Math.min(ZSTD_RAW_BLOCK_MAX_BYTES, data.length - at);
    const last = at + size >= data.length ? 1 : 0;
    const header = (size << 3) | last;
    out.push(header & 0xff, (header >> 8) & 0xff, (header >> 16) & 0xff);
    for (let i = 0; i < size; i++) out.push(data[at + i] ?? 0);
    at += size;
  } while (at < data.length);
  return new Uint8Array(out);
}

export const META_LEGACY_2 = new Uint8Array(protobufVarintField(1, 2));
export const META_LATEST = new Uint8Array(protobufVarintField(1, 3));

export function buildZip(members: Record<string, Uint8Array | string>): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  for (const [name, value] of Object.entries(members)) {
    files[name] = typeof value === "string" ? new TextEncoder().encode(value) : value;
  }
  return zipSync(files);
}

/** Rewrites the declared uncompressed size of every member, in local headers and the central directory. */
export function forgeDeclaredSize(zip: Uint8Array, size: number): Uint8Array {
  const copy = zip.slice();
  const view = new DataView(copy.buffer);
  for (let i = 0; i + 4 <= copy.length; i++) {
    const signature = view.getUint32(i, true);
    if (signature === 0x04034b50) view.setUint32(i + 22, size, true);
    if (signature === 0x02014b50) view.setUint32(i + 24, size, true);
  }
  return copy;
}
