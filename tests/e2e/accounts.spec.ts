import fc from "fast-check";
import { expect, test } from "@playwright/test";
import { sqlGet } from "./db";
import { TEST_PASSWORD, signIn, uniqueClientAddress, openReview } from "./support";

const baseURL = process.env.E2E_BASE_URL ?? "";
async function rowCounts() {
  const count = async (table: string) => (await sqlGet<{ n: number }>(`SELECT COUNT(*) AS n FROM "${table}"`))?.n ?? 0;
  return {
    users: await count("User"),
    reviews: await count("ReviewLog"),
    states: await count("ItemState"),
    sessions: await count("Session"),
  };
}

test.use({ locale: "en-US" });

test("signs up with a clear message for a short password, reviews, signs out; the old cookie stops working", async ({
  page,
  context,
}) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.getByRole("link", { name: /Create one/ }).click();
  await expect(page.getByRole("heading", { name: "Create your account" })).toBeVisible();
  const email = `ui-${Date.now()}@example.test`;
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("The password is too short: use at least 10 characters.")).toBeVisible();
  await page.getByLabel("Password").fill(TEST_PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Today's review" })).toBeVisible();

  const cookies = await context.cookies();
  const session = cookies.find((c) => c.name.includes("session_token"));
  expect(session?.httpOnly).toBe(true);
  expect(session?.sameSite).toBe("Lax");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  // Replaying the signed-out session cookie gets nothing.
  const replay = await page.request.get(`${baseURL}/account/export`, {
    headers: { cookie: `${session!.name}=${session!.value}` },
  });
  expect(replay.status()).toBe(401);
});

test("wrong passwords are refused without saying whether the email exists", async ({ page }) => {
  const account = await signIn(page);
  await page.context().clearCookies();
  const attempt = (email: string) =>
    page.request.post(`${baseURL}/api/auth/sign-in/email`, {
      data: { email, password: "wrong-password-123" },
      headers: { origin: baseURL, "x-forwarded-for": uniqueClientAddress() },
    });
  const known = await attempt(account.email);
  const unknown = await attempt(`nobody-${Date.now()}@example.test`);
  expect(known.status()).toBe(unknown.status());
  const message = async (r: typeof known) => ((await r.json()) as { message: string }).message;
  expect(await message(known)).toBe(await message(unknown));
});

test("sign-in is rate limited per client address", async ({ page }) => {
  const address = uniqueClientAddress();
  const statuses: number[] = [];
  for (let i = 0; i < 12; i++) {
    const response = await page.request.post(`${baseURL}/api/auth/sign-in/email`, {
      data: { email: "someone@example.test", password: "wrong-password-123" },
      headers: { origin: baseURL, "x-forwarded-for": address },
    });
    statuses.push(response.status());
  }
  expect(statuses).toContain(429);
  expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
});

test("a learner exports only their own data; signed out, export is refused", async ({ page, browser }) => {
  await signIn(page);
  await openReview(page);
  await page.keyboard.press("Space");
  await page.keyboard.press("4");
  await expect(page.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "1");
  type Exported = { user: { email: string }; reviews: { id: string }[] };
  const mine = (await (await page.request.get(`${baseURL}/account/export`)).json()) as Exported;
  expect(mine.reviews).toHaveLength(1);

  const other = await browser.newPage();
  await other.goto(baseURL);
  await signIn(other);
  const theirs = (await (await other.request.get(`${baseURL}/account/export`)).json()) as Exported;
  expect(theirs.reviews).toHaveLength(0);
  expect(JSON.stringify(theirs)).not.toContain(mine.user.email);
  expect(JSON.stringify(theirs)).not.toContain(mine.reviews[0]!.id);
  await other.close();

  const anonymous = await page.request.get(`${baseURL}/account/export`, { headers: { cookie: "" } });
  expect([401, 307]).toContain(anonymous.status());
});

test("malformed bodies on public endpoints never cause a 500 or a write", async ({ page }) => {
  await page.goto("/");
  const before = await rowCounts();
  const endpoints = ["/api/auth/sign-in/email", "/api/auth/sign-up/email", "/api/auth/sign-out", "/"];
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...endpoints),
      fc.oneof(
        fc.string({ maxLength: 200 }),
        fc.json(),
        fc.jsonValue().map((v) => JSON.stringify(v)),
      ),
      fc.constantFrom("application/json", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data"),
      async (endpoint, body, contentType) => {
        const headers: Record<string, string> = {
          origin: baseURL,
          "content-type": contentType,
          "x-forwarded-for": uniqueClientAddress(),
        };
        if (endpoint === "/") headers["next-action"] = "0".repeat(40);
        const response = await page.request.post(`${baseURL}${endpoint}`, { data: body, headers, maxRedirects: 0 });
        expect(response.status(), `${endpoint} ${contentType} ${body.slice(0, 80)}`).toBeLessThan(500);
      },
    ),
    { numRuns: 60 },
  );
  const after = await rowCounts();
  expect({ ...after, sessions: 0 }).toEqual({ ...before, sessions: 0 });
});

test("security headers: strict CSP with a nonce, no framing, no sniffing", async ({ page }) => {
  const response = await page.goto("/sign-in");
  const headers = response!.headers();
  expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["x-powered-by"]).toBeUndefined();
});
