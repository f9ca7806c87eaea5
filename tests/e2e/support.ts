import { randomUUID } from "node:crypto";
import { request as httpRequest } from "node:http";
import { type Page, expect } from "@playwright/test";

export const TEST_PASSWORD = "correct-horse-battery";

let counter = 0;

/** A distinct client address per account, so the sign-up rate limit (per address) is not what tests measure. */
export function uniqueClientAddress(): string {
  counter++;
  return `10.${(counter >> 16) & 255}.${(counter >> 8) & 255}.${counter & 255}`;
}

export interface TestAccount {
  email: string;
  password: string;
}

/**
 * Signs the test's browser in as a brand-new learner (sign-up through the
 * real auth endpoint; the session cookie lands in the page's context).
 */
export async function signIn(page: Page, account?: TestAccount): Promise<TestAccount> {
  const acct = account ?? { email: `learner-${randomUUID()}@example.test`, password: TEST_PASSWORD };
  const baseURL = new URL(page.url() === "about:blank" ? (process.env.E2E_BASE_URL ?? "") : page.url()).origin;
  const path = account ? "/api/auth/sign-in/email" : "/api/auth/sign-up/email";
  const response = await page.request.post(`${baseURL}${path}`, {
    data: account
      ? { email: acct.email, password: acct.password }
      : { email: acct.email, password: acct.password, name: "Test learner" },
    headers: { origin: baseURL, "x-forwarded-for": uniqueClientAddress() },
  });
  if (!response.ok()) throw new Error(`${path} failed: ${response.status()} ${await response.text()}`);
  return acct;
}

/**
 * Waits until the review page has saved every grade given (the next card
 * shows the moment a grade is sent, before the server has answered).
 */
export async function waitForSaved(page: Page): Promise<void> {
  await expect(page.locator("[data-saving]")).toHaveCount(0);
}

/** Opens the daily review and waits until it answers the keyboard (hydrated). */
export async function openReview(page: Page): Promise<void> {
  await page.goto("/");
  await expect(page.locator("[data-review-ready=true]")).toBeVisible();
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * A request sent from a chosen loopback address (127.0.0.2, …): the server
 * sees that address as the TCP peer, as it would see another machine. The
 * end-to-end server trusts X-Forwarded-For only from 127.0.0.1 (a proxy on
 * loopback), so from any other peer the header is the client's own claim.
 */
export function requestFrom(
  localAddress: string,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<RawResponse> {
  const base = new URL(process.env.E2E_BASE_URL ?? "");
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: base.hostname,
        port: base.port,
        path,
        method,
        localAddress,
        headers: { origin: base.origin, ...options.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }),
        );
      },
    );
    req.on("error", reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}
