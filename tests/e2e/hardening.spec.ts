/**
 * What a crafted request must not achieve against the built server: get
 * round the sign-in and sign-up limits with a forged X-Forwarded-For, lock a
 * learner out from another address, store an oversized name or email, keep
 * other sessions alive across a password change, or get a 500 for bad input.
 *
 * The end-to-end server trusts X-Forwarded-For from 127.0.0.1 only (as if a
 * proxy ran on loopback); requests from 127.0.0.2 and up come from "other
 * machines", whose X-Forwarded-For is their own claim.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { sqlGet } from "./db";
import { TEST_PASSWORD, requestFrom, signIn } from "./support";

const baseURL = process.env.E2E_BASE_URL ?? "";
const distDir = process.env.NEXT_DIST_DIR ?? ".next";
const RATE_LIMIT = 10;

test.use({ locale: "en-US" });

function json(body: unknown) {
  return { headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
}

async function userCount(email: string): Promise<number> {
  return (await sqlGet<{ n: number }>('SELECT COUNT(*) AS n FROM "User" WHERE "email" = ?', email))?.n ?? 0;
}

/** The id of a server action, from the build's manifest (what a crafted request would need). */
function actionId(name: string, file: string): string {
  const manifest = JSON.parse(readFileSync(path.join(distDir, "server", "server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { exportedName: string; filename: string }>;
  };
  const found = Object.entries(manifest.node).find(([, v]) => v.exportedName === name && v.filename === file);
  if (!found) throw new Error(`no server action ${name} in ${file}`);
  return found[0];
}

test("a forged X-Forwarded-For gets no fresh sign-in or sign-up attempts", async () => {
  const signIns: number[] = [];
  const signUps: number[] = [];
  for (let i = 0; i < RATE_LIMIT + 2; i++) {
    const forged = { "x-forwarded-for": `198.51.100.${i + 1}` };
    const a = json({ email: "someone@example.test", password: "wrong-password-123" });
    signIns.push(
      (
        await requestFrom("127.0.0.2", "POST", "/api/auth/sign-in/email", {
          ...a,
          headers: { ...a.headers, ...forged },
        })
      ).status,
    );
    const b = json({ email: `forged-${Date.now()}-${i}@example.test`, password: TEST_PASSWORD, name: "F" });
    signUps.push(
      (
        await requestFrom("127.0.0.3", "POST", "/api/auth/sign-up/email", {
          ...b,
          headers: { ...b.headers, ...forged },
        })
      ).status,
    );
  }
  expect(signIns.slice(0, RATE_LIMIT).every((s) => s === 401)).toBe(true);
  expect(signIns.slice(RATE_LIMIT)).toEqual([429, 429]);
  expect(signUps.slice(0, RATE_LIMIT).every((s) => s === 200)).toBe(true);
  expect(signUps.slice(RATE_LIMIT)).toEqual([429, 429]);
});

test("bad attempts sent with a forged 127.0.0.1 lock out only the sender, not the learner", async ({ page }) => {
  const account = await signIn(page);
  const bad = json({ email: account.email, password: "wrong-password-123" });
  for (let i = 0; i < RATE_LIMIT + 1; i++) {
    await requestFrom("127.0.0.4", "POST", "/api/auth/sign-in/email", {
      ...bad,
      headers: { ...bad.headers, "x-forwarded-for": "127.0.0.1" },
    });
  }
  const good = json({ email: account.email, password: account.password });
  expect((await requestFrom("127.0.0.4", "POST", "/api/auth/sign-in/email", good)).status).toBe(429);
  // The learner on another machine, and one behind the trusted proxy, still sign in.
  expect((await requestFrom("127.0.0.5", "POST", "/api/auth/sign-in/email", good)).status).toBe(200);
  const viaProxy = await requestFrom("127.0.0.1", "POST", "/api/auth/sign-in/email", {
    ...good,
    headers: { ...good.headers, "x-forwarded-for": "203.0.113.50" },
  });
  expect(viaProxy.status).toBe(200);
});

test("names and emails are bounded on every auth endpoint, with a message naming the field", async ({ page }) => {
  const longName = json({
    email: `long-name-${Date.now()}@example.test`,
    password: TEST_PASSWORD,
    name: "n".repeat(101),
  });
  const r1 = await requestFrom("127.0.0.6", "POST", "/api/auth/sign-up/email", longName);
  expect(r1.status).toBe(400);
  expect(JSON.parse(r1.body)).toMatchObject({
    code: "NAME_TOO_LONG",
    message: "Name is too long: at most 100 characters.",
  });
  const longEmail = `${"e".repeat(5000)}@example.test`;
  const r2 = await requestFrom(
    "127.0.0.6",
    "POST",
    "/api/auth/sign-up/email",
    json({ email: longEmail, password: TEST_PASSWORD, name: "E" }),
  );
  expect(r2.status).toBe(400);
  expect(JSON.parse(r2.body)).toMatchObject({ code: "EMAIL_TOO_LONG" });
  const r3 = await requestFrom(
    "127.0.0.6",
    "POST",
    "/api/auth/sign-in/email",
    json({ email: longEmail, password: TEST_PASSWORD }),
  );
  expect(r3.status).toBe(400);
  // A 900,000-character name is refused before it is parsed.
  const huge = json({ email: `huge-${Date.now()}@example.test`, password: TEST_PASSWORD, name: "n".repeat(900_000) });
  const r4 = await requestFrom("127.0.0.6", "POST", "/api/auth/sign-up/email", huge);
  expect(r4.status).toBe(413);
  expect(await userCount(longEmail)).toBe(0);
  // Updating the profile is bounded too.
  await signIn(page);
  const update = await page.request.post(`${baseURL}/api/auth/update-user`, {
    data: { name: "n".repeat(101) },
    headers: { origin: baseURL },
  });
  expect(update.status()).toBe(400);
});

test("changing the password signs out the account's other sessions", async ({ page, browser }) => {
  const account = await signIn(page);
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await otherPage.goto(baseURL);
  await signIn(otherPage, account);
  expect((await otherPage.request.get(`${baseURL}/account/export`)).status()).toBe(200);

  await page.goto("/settings");
  await page.getByLabel("Current password").fill(account.password);
  await page.getByLabel("New password").fill("a-brand-new-passphrase");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Password changed. Every other session of this account was signed out.")).toBeVisible();
  // This session goes on; the other one is gone.
  expect((await page.request.get(`${baseURL}/account/export`)).status()).toBe(200);
  expect((await otherPage.request.get(`${baseURL}/account/export`)).status()).toBe(401);
  await other.close();
});

test("malformed requests get a 4xx or an error value, never a 500", async ({ page }) => {
  await signIn(page);
  await page.goto("/");
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  const call = (action: string, body: string, at = "/") =>
    page.request.post(`${baseURL}${at}`, {
      headers: { origin: baseURL, cookie, "next-action": action, "content-type": "text/plain;charset=UTF-8" },
      data: body,
      maxRedirects: 0,
    });

  // Actions called with arguments that are not form data answer with an error value.
  const save = await call(
    actionId("saveSettingsAction", "app/settings/actions.ts"),
    '[{"ok":null},"not form data"]',
    "/settings",
  );
  expect(save.status()).toBe(200);
  expect(await save.text()).toContain(`"fieldErrors":{"form":"form"}`);
  const del = await call(actionId("deleteAccountAction", "app/settings/actions.ts"), "[null, 42]", "/settings");
  expect(del.status()).toBe(200);
  expect(await del.text()).toContain("mismatch");

  // Undo by a learner with nothing to undo (and a review id that is not theirs) is a domain result.
  const undo = await call(actionId("undoAction", "app/review/actions.ts"), '[{"reviewId":"not-a-review-0001"}]');
  expect(undo.status()).toBe(200);
  expect(await undo.text()).toContain("nothing-to-undo");

  // Bodies over the limit, and arguments nested thousands deep, are refused before they are decoded.
  const grade = actionId("gradeAction", "app/review/actions.ts");
  expect((await call(grade, `["${"x".repeat(1_100_000)}"]`)).status()).toBe(413);
  const deep = `[{"reviewId":"abcdefgh12","detail":${"[".repeat(5000)}${"]".repeat(5000)}}]`;
  expect((await call(grade, deep)).status()).toBe(400);

  // Bad percent-encoding in a route segment.
  for (const bad of ["/items/%E0%A4%A", "/exercises/%ZZ", "/code/%E0%A4%A"]) {
    const response = await page.request.get(`${baseURL}${bad}`);
    expect([400, 404], bad).toContain(response.status());
  }
});

test("every response carries the security headers, prefetches and static files included", async ({ page }) => {
  await signIn(page);
  const wanted = ["x-content-type-options", "x-frame-options", "referrer-policy", "cross-origin-opener-policy"];
  const pageResponse = await page.request.get(`${baseURL}/`);
  const html = await pageResponse.text();
  const asset = /\/_next\/static\/[^"']+\.js/.exec(html)?.[0];
  expect(asset).toBeTruthy();
  const responses = {
    page: pageResponse,
    prefetch: await page.request.get(`${baseURL}/progress`, { headers: { "next-router-prefetch": "1", rsc: "1" } }),
    purposePrefetch: await page.request.get(`${baseURL}/exercises`, { headers: { purpose: "prefetch" } }),
    staticFile: await page.request.get(`${baseURL}${asset}`),
  };
  for (const [name, response] of Object.entries(responses)) {
    for (const header of wanted) expect(response.headers()[header], `${name}: ${header}`).toBeTruthy();
  }
  for (const name of ["page", "prefetch", "purposePrefetch"] as const) {
    expect(responses[name].headers()["content-security-policy"], name).toContain("frame-ancestors 'none'");
    expect(responses[name].headers()["x-request-id"], name).toMatch(/^[0-9a-f-]{36}$/);
  }
});
