import { AnkiFormatError } from "./errors";

/**
 * The few protobuf messages Anki packages hold are read by hand: varints and
 * length-delimited fields are all they use (https://protobuf.dev/programming-guides/encoding/).
 */
export type ProtobufField =
  | { number: number; wireType: 0; value: bigint }
  | { number: number; wireType: 2; bytes: Uint8Array }
  | { number: number; wireType: 1 | 5 };

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LENGTH_DELIMITED = 2;
const WIRE_FIXED32 = 5;
const MAX_VARINT_BYTES = 10;

function readVarint(bytes: Uint8Array, start: number, where: string): { value: bigint; next: number } {
  let value = 0n;
  for (let i = 0; i < MAX_VARINT_BYTES; i++) {
    const byte = bytes[start + i];
    if (byte === undefined) throw new AnkiFormatError("bad-value", `${where}: protobuf varint runs past the end`);
    value |= BigInt(byte & 0x7f) << BigInt(7 * i);
    if ((byte & 0x80) === 0) return { value, next: start + i + 1 };
  }
  throw new AnkiFormatError("bad-value", `${where}: protobuf varint longer than ${MAX_VARINT_BYTES} bytes`);
}

/** Every top-level field of a message, in order; `where` names the member or column for errors. */
export function decodeProtobufFields(bytes: Uint8Array, where: string): ProtobufField[] {
  const fields: ProtobufField[] = [];
  let at = 0;
  while (at < bytes.length) {
    const key = readVarint(bytes, at, where);
    at = key.next;
    const number = Number(key.value >> 3n);
    const wireType = Number(key.value & 7n);
    if (wireType === WIRE_VARINT) {
      const v = readVarint(bytes, at, where);
      at = v.next;
      fields.push({ number, wireType, value: v.value });
    } else if (wireType === WIRE_LENGTH_DELIMITED) {
      const length = readVarint(bytes, at, where);
      const end = length.next + Number(length.value);
      if (end > bytes.length) {
        throw new AnkiFormatError("bad-value", `${where}: protobuf field ${number} runs past the end`);
      }
      fields.push({ number, wireType, bytes: bytes.subarray(length.next, end) });
      at = end;
    } else if (wireType === WIRE_FIXED64 || wireType === WIRE_FIXED32) {
      at += wireType === WIRE_FIXED64 ? 8 : 4;
      if (at > bytes.length) throw new AnkiFormatError("bad-value", `${where}: protobuf field ${number} truncated`);
      fields.push({ number, wireType });
    } else {
      throw new AnkiFormatError("bad-value", `${where}: unsupported protobuf wire type ${wireType}`);
    }
  }
  return fields;
}

/** The last value of a varint field (protobuf's rule for repeated scalars), or `fallback`. */
export function readProtobufVarint(fields: ProtobufField[], number: number, fallback: bigint): bigint {
  let found = fallback;
  for (const f of fields) if (f.number === number && f.wireType === WIRE_VARINT) found = f.value;
  return found;
}

export function readProtobufBytesList(fields: ProtobufField[], number: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const f of fields) if (f.number === number && f.wireType === WIRE_LENGTH_DELIMITED) out.push(f.bytes);
  return out;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

export function decodeUtf8(bytes: Uint8Array, where: string): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new AnkiFormatError("bad-value", `${where}: expected UTF-8 text`);
  }
}

export function readProtobufString(fields: ProtobufField[], number: number, where: string): string {
  const list = readProtobufBytesList(fields, number);
  const last = list[list.length - 1];
  return last === undefined ? "" : decodeUtf8(last, where);
}
