import "server-only";
/** Unguessable ids the server generates for a learner's own rows (decks, notes, images). */
import { randomBytes } from "node:crypto";

/** Bits of randomness in an id: as unguessable as a session token. */
const ID_BYTES = 15;

/** `prefix` and 120 random bits in lower-case base32 (letters and digits only: safe in a URL and an Item id). */
export function newId(prefix = ""): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz234567";
  let bits = 0;
  let value = 0;
  let out = prefix;
  for (const byte of randomBytes(ID_BYTES)) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}
