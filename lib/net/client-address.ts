/**
 * Which address a request comes from, for the sign-in rate limit.
 *
 * By default it is the TCP peer: the only address a client cannot choose.
 * `X-Forwarded-For` is believed only when the peer is a proxy the operator
 * named (TRUSTED_PROXIES): then the chain is read from the right, skipping
 * the trusted proxies, and the first hop they did not add is the client (the
 * leftmost entries are whatever the client sent, so they are never taken on
 * faith). See https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/X-Forwarded-For
 * ("Selecting an IP address").
 */
import { isIP } from "node:net";

/** The header the app's server sets to the resolved client address; any value a client sends is replaced. */
export const CLIENT_ADDRESS_HEADER = "x-client-address";

interface Network {
  bytes: Uint8Array;
  prefix: number;
}

/** "::ffff:192.0.2.1" → "192.0.2.1"; other addresses unchanged (lower-cased). */
function normalizeAddress(address: string): string {
  const lower = address.trim().toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  return mapped?.[1] ?? lower;
}

function bytesOf(address: string): Uint8Array | null {
  const a = normalizeAddress(address);
  const family = isIP(a);
  if (family === 4) return Uint8Array.from(a.split(".").map(Number));
  if (family !== 6) return null;
  const [head = "", tail = ""] = a.includes("::") ? a.split("::") : [a, ""];
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = [...left, ...Array<string>(8 - left.length - right.length).fill("0"), ...right];
  const bytes = new Uint8Array(16);
  groups.forEach((g, i) => {
    const n = Number.parseInt(g, 16);
    bytes[2 * i] = (n >> 8) & 0xff;
    bytes[2 * i + 1] = n & 0xff;
  });
  return bytes;
}

/** Parses "10.0.0.1", "10.0.0.0/8" or "fd00::/8"; null if it is neither an address nor a network. */
function parseNetwork(entry: string): Network | null {
  const [address = "", prefixText] = entry.trim().split("/");
  const bytes = bytesOf(address);
  if (!bytes) return null;
  const max = bytes.length * 8;
  if (prefixText === undefined) return { bytes, prefix: max };
  if (!/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = Number(prefixText);
  return prefix <= max ? { bytes, prefix } : null;
}

function contains(network: Network, bytes: Uint8Array): boolean {
  if (bytes.length !== network.bytes.length) return false;
  for (let bit = 0; bit < network.prefix; bit += 8) {
    const take = Math.min(8, network.prefix - bit);
    const mask = (0xff << (8 - take)) & 0xff;
    const i = bit / 8;
    if (((bytes[i] ?? 0) & mask) !== ((network.bytes[i] ?? 0) & mask)) return false;
  }
  return true;
}

export interface TrustedProxies {
  /** The entries as configured, for messages. */
  readonly entries: readonly string[];
  has(address: string): boolean;
}

export class TrustedProxiesError extends Error {
  override name = "TrustedProxiesError";
}

/**
 * Parses TRUSTED_PROXIES: addresses or CIDR networks separated by commas
 * (e.g. "127.0.0.1, 10.0.0.0/8"). Empty or unset means no proxy is trusted.
 */
export function parseTrustedProxies(raw: string | undefined): TrustedProxies {
  const entries = (raw ?? "")
    .split(",")
    .map((e) => e.trim())
    .filter((e) => e !== "");
  const networks: Network[] = [];
  const invalid: string[] = [];
  for (const entry of entries) {
    const network = parseNetwork(entry);
    if (network) networks.push(network);
    else invalid.push(entry);
  }
  if (invalid.length > 0) {
    throw new TrustedProxiesError(
      `TRUSTED_PROXIES: ${invalid.map((e) => `"${e}"`).join(", ")} is not an IP address or CIDR network ` +
        `(expected e.g. "127.0.0.1" or "10.0.0.0/8", separated by commas).`,
    );
  }
  return {
    entries,
    has(address: string) {
      const bytes = bytesOf(address);
      return bytes !== null && networks.some((n) => contains(n, bytes));
    },
  };
}

/**
 * The client address of a request whose TCP peer is `peer`, given the
 * `X-Forwarded-For` values it carried (several header lines are joined).
 */
export function resolveClientAddress(
  peer: string | undefined,
  forwardedFor: string | string[] | undefined,
  trusted: TrustedProxies,
): string {
  const remote = normalizeAddress(peer ?? "");
  if (remote === "" || !trusted.has(remote) || forwardedFor === undefined) return remote;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor)
    .split(",")
    .map((h) => normalizeAddress(h))
    .filter((h) => h !== "");
  let client = remote;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!;
    // A hop that is not an address was not written by a proxy we trust: stop at the last good one.
    if (isIP(hop) === 0) return client;
    client = hop;
    if (!trusted.has(hop)) return hop;
  }
  return client;
}

/** The part of a Node request this reads and writes (node:http's IncomingMessage). */
interface NodeRequest {
  headers: Record<string, string | string[] | undefined>;
  socket: { remoteAddress?: string | undefined };
}

/**
 * Stamps the resolved client address on a request before the app sees it,
 * replacing whatever the client sent in that header and in X-Forwarded-For.
 */
export function markClientAddress(request: NodeRequest, trusted: TrustedProxies): string {
  const address = resolveClientAddress(request.socket.remoteAddress, request.headers["x-forwarded-for"], trusted);
  request.headers[CLIENT_ADDRESS_HEADER] = address;
  request.headers["x-forwarded-for"] = address;
  return address;
}
