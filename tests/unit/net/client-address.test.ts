import { type AddressInfo } from "node:net";
import { createServer, request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CLIENT_ADDRESS_HEADER,
  TrustedProxiesError,
  markClientAddress,
  parseTrustedProxies,
  resolveClientAddress,
} from "@/lib/net/client-address";

const none = parseTrustedProxies(undefined);

describe("resolving the client address", () => {
  it("is the TCP peer when no proxy is trusted, whatever X-Forwarded-For says", () => {
    expect(resolveClientAddress("203.0.113.7", "127.0.0.1", none)).toBe("203.0.113.7");
    expect(resolveClientAddress("::ffff:203.0.113.7", "1.2.3.4, 5.6.7.8", none)).toBe("203.0.113.7");
    expect(resolveClientAddress("::1", undefined, none)).toBe("::1");
  });

  it("believes the header only from a trusted peer, read from the right past every trusted hop", () => {
    const trusted = parseTrustedProxies("127.0.0.1, 10.0.0.0/8");
    // nginx on loopback appends the client it saw; whatever the client sent stays on the left.
    expect(resolveClientAddress("127.0.0.1", "6.6.6.6, 198.51.100.4", trusted)).toBe("198.51.100.4");
    // Two proxies in a row (10.1.2.3 forwarded to the loopback proxy).
    expect(resolveClientAddress("127.0.0.1", "6.6.6.6, 198.51.100.4, 10.1.2.3", trusted)).toBe("198.51.100.4");
    // Several header lines count as one list.
    expect(resolveClientAddress("127.0.0.1", ["6.6.6.6", "198.51.100.4"], trusted)).toBe("198.51.100.4");
    // An untrusted peer's header is ignored.
    expect(resolveClientAddress("192.0.2.9", "198.51.100.4", trusted)).toBe("192.0.2.9");
    // A trusted peer without the header is the client itself.
    expect(resolveClientAddress("10.9.9.9", undefined, trusted)).toBe("10.9.9.9");
    // Garbage to the right of a good hop stops the walk at the last hop a trusted proxy wrote.
    expect(resolveClientAddress("127.0.0.1", "198.51.100.4, not-an-ip", trusted)).toBe("127.0.0.1");
  });

  it("matches IPv6 networks and IPv4-mapped peers", () => {
    const trusted = parseTrustedProxies("fd00::/8, ::1");
    expect(resolveClientAddress("fd12:3456::1", "2001:db8::5", trusted)).toBe("2001:db8::5");
    expect(resolveClientAddress("::1", "2001:db8::5", trusted)).toBe("2001:db8::5");
    expect(resolveClientAddress("fe80::1", "2001:db8::5", trusted)).toBe("fe80::1");
    expect(parseTrustedProxies("127.0.0.1").has("::ffff:127.0.0.1")).toBe(true);
  });

  it("refuses a malformed TRUSTED_PROXIES with the variable and the entry named", () => {
    expect(() => parseTrustedProxies("127.0.0.1, proxy.local")).toThrow(TrustedProxiesError);
    expect(() => parseTrustedProxies("10.0.0.0/33")).toThrow(/TRUSTED_PROXIES: "10.0.0.0\/33"/);
    expect(parseTrustedProxies(" , ").entries).toEqual([]);
  });
});

describe("stamping requests on a real socket", () => {
  let seen: { address: string | undefined; forwarded: string | undefined }[] = [];
  const servers: { trusted: ReturnType<typeof createServer>; plain: ReturnType<typeof createServer> } = {
    trusted: createServer(),
    plain: createServer(),
  };
  const ports = { trusted: 0, plain: 0 };

  beforeAll(async () => {
    for (const [name, proxies] of [
      ["plain", undefined],
      ["trusted", "127.0.0.1"],
    ] as const) {
      const trusted = parseTrustedProxies(proxies);
      const server = servers[name];
      server.on("request", (req, res) => {
        markClientAddress(req, trusted);
        const address = req.headers[CLIENT_ADDRESS_HEADER];
        const forwarded = req.headers["x-forwarded-for"];
        seen.push({
          address: typeof address === "string" ? address : undefined,
          forwarded: typeof forwarded === "string" ? forwarded : undefined,
        });
        res.end();
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      ports[name] = (server.address() as AddressInfo).port;
    }
  });
  afterAll(async () => {
    await Promise.all(Object.values(servers).map((s) => new Promise((resolve) => s.close(resolve))));
  });

  function send(port: number, from: string, headers: Record<string, string>) {
    return new Promise<void>((resolve, reject) => {
      const req = request({ host: "127.0.0.1", port, localAddress: from, headers }, (res) => {
        res.resume();
        res.on("end", resolve);
      });
      req.on("error", reject);
      req.end();
    });
  }

  it("without trusted proxies, a spoofed header (or the app's own header) never changes the address", async () => {
    seen = [];
    await send(ports.plain, "127.0.0.2", { "X-Forwarded-For": "127.0.0.1", [CLIENT_ADDRESS_HEADER]: "127.0.0.1" });
    await send(ports.plain, "127.0.0.3", { "X-Forwarded-For": "198.51.100.1" });
    expect(seen).toEqual([
      { address: "127.0.0.2", forwarded: "127.0.0.2" },
      { address: "127.0.0.3", forwarded: "127.0.0.3" },
    ]);
  });

  it("behind a trusted proxy, each forwarded client is its own address; others are still their peer", async () => {
    seen = [];
    await send(ports.trusted, "127.0.0.1", { "X-Forwarded-For": "9.9.9.9, 198.51.100.1" });
    await send(ports.trusted, "127.0.0.1", { "X-Forwarded-For": "198.51.100.2" });
    await send(ports.trusted, "127.0.0.2", { "X-Forwarded-For": "198.51.100.3" });
    expect(seen.map((s) => s.address)).toEqual(["198.51.100.1", "198.51.100.2", "127.0.0.2"]);
  });
});
