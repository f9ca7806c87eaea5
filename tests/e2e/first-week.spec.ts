/**
 * What a new learner trips over in the first week: the time zone at sign-up
 * and in settings, a settings save with one bad field, times shown in the
 * learner's zone, one meaning of "due today", grade labels that say when an
 * item comes back, and the review on a phone.
 */
import { type Page, expect, test } from "@playwright/test";
import { sqlGet, sqlRun } from "./db";
import { TEST_PASSWORD, openReview, signIn, waitForSaved } from "./support";

async function userRow(
  email: string,
): Promise<{ id: string; timeZone: string; dayStartHour: number; newPerDay: number }> {
  const row = await sqlGet<{ id: string; timeZone: string; dayStartHour: number; newPerDay: number }>(
    'SELECT "id", "timeZone", "dayStartHour", "newPerDay" FROM "User" WHERE "email" = ?',
    email,
  );
  if (!row) throw new Error(`no learner ${email}`);
  return row;
}

async function setUser(email: string, fields: { timeZone?: string; newPerDay?: number }): Promise<void> {
  if (fields.timeZone !== undefined)
    await sqlRun('UPDATE "User" SET "timeZone" = ? WHERE "email" = ?', fields.timeZone, email);
  if (fields.newPerDay !== undefined)
    await sqlRun('UPDATE "User" SET "newPerDay" = ? WHERE "email" = ?', fields.newPerDay, email);
}

async function gradeHead(page: Page, key: string): Promise<string> {
  const article = page.locator("article[data-item-id]");
  const id = (await article.getAttribute("data-item-id")) ?? "";
  await page.keyboard.press("Space");
  await page.keyboard.press(key);
  await expect(page.locator(`article[data-item-id="${id}"]`)).toHaveCount(0);
  await waitForSaved(page);
  return id;
}

test.describe("a browser in Asia/Shanghai", () => {
  test.use({ locale: "zh-CN", timezoneId: "Asia/Shanghai" });

  test("signs up with the browser's time zone, so the day starts at 04:00 Beijing time", async ({ page }) => {
    const email = `tz-${Date.now()}@example.test`;
    await page.goto("/sign-up");
    await page.getByLabel("邮箱").fill(email);
    await page.getByLabel("密码").fill(TEST_PASSWORD);
    await page.getByRole("button", { name: "创建账户" }).click();
    await expect(page.getByRole("heading", { name: "今日复习" })).toBeVisible();
    expect((await userRow(email)).timeZone).toBe("Asia/Shanghai");
  });

  test("a save with one bad field keeps every typed value, marks the field in Chinese and stores nothing", async ({
    page,
  }) => {
    const { email } = await signIn(page);
    await page.goto("/settings");
    await page.getByRole("searchbox", { name: "搜索时区（如 Shanghai）" }).fill("tokyo");
    await page.getByLabel("时区", { exact: true }).selectOption("Asia/Tokyo");
    await page.getByLabel(/每天从几点开始/).fill("25");
    await page.getByRole("button", { name: "保存设置" }).click();
    await expect(page.getByText("请输入 0 到 23 之间的小时数。")).toBeVisible();
    await expect(page.getByLabel(/每天从几点开始/)).toHaveValue("25");
    await expect(page.getByLabel(/每天从几点开始/)).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByLabel("时区", { exact: true })).toHaveValue("Asia/Tokyo");
    expect(await userRow(email)).toMatchObject({ timeZone: "UTC", dayStartHour: 4 });
    // Fixed, the same form saves all of it.
    await page.getByLabel(/每天从几点开始/).fill("5");
    await page.getByRole("button", { name: "保存设置" }).click();
    await expect(page.getByText("设置已保存。")).toBeVisible();
    expect(await userRow(email)).toMatchObject({ timeZone: "Asia/Tokyo", dayStartHour: 5 });
  });

  test("settings offer the browser's zone when the saved one differs", async ({ page }) => {
    const { email } = await signIn(page);
    await page.goto("/settings");
    const offer = page.getByRole("button", { name: "使用本设备的时区：Asia/Shanghai" });
    await expect(offer).toBeVisible();
    await offer.click();
    await expect(page.getByLabel("时区", { exact: true })).toHaveValue("Asia/Shanghai");
    await expect(offer).toHaveCount(0);
    await page.getByRole("button", { name: "保存设置" }).click();
    await expect(page.getByText("设置已保存。")).toBeVisible();
    expect((await userRow(email)).timeZone).toBe("Asia/Shanghai");
  });
});

test.describe("an English browser in New York", () => {
  test.use({ locale: "en-US", timezoneId: "America/New_York" });

  test("the done screen gives the next card's time in the learner's zone, names it, and offers what next", async ({
    page,
  }) => {
    const { email } = await signIn(page);
    await setUser(email, { timeZone: "Asia/Shanghai", newPerDay: 1 });
    await openReview(page);
    await gradeHead(page, "5");
    await expect(page.getByRole("heading", { name: "All done for today" })).toBeVisible();
    // Tomorrow at 04:00 in Shanghai, whatever the browser's own zone.
    await expect(page.getByText(/Next card due .*, 4:00 AM \(Asia\/Shanghai\)\./)).toBeVisible();
    const next = page.getByRole("navigation", { name: "What next?" });
    await expect(next.getByRole("link", { name: "Computed exercises" })).toHaveAttribute("href", "/exercises");
    await expect(next.getByRole("link", { name: "Coding exercises" })).toHaveAttribute("href", "/code");
    await expect(next.getByRole("link", { name: "Your progress" })).toHaveAttribute("href", "/progress");
    // More new cards, today only.
    await next.getByRole("button", { name: "10 more new cards today" }).click();
    await expect(page.locator("article[data-item-id]")).toBeVisible();
    await expect(page.getByText("0 due · 10 new · 0 again")).toBeVisible();
    expect((await userRow(email)).newPerDay).toBe(1);
  });

  test("when the review is done, the code list shows nothing due today either", async ({ page }) => {
    const { email } = await signIn(page);
    await setUser(email, { newPerDay: 1 });
    await openReview(page);
    await gradeHead(page, "5");
    await expect(page.getByRole("heading", { name: "All done for today" })).toBeVisible();
    await page.goto("/code");
    await expect(page.locator("li[data-exercise-id]").first()).toBeVisible();
    await expect(page.getByText("due today", { exact: true })).toHaveCount(0);
  });

  test("a q3 button says the card comes back later today", async ({ page }) => {
    await signIn(page);
    await openReview(page);
    await page.keyboard.press("Space");
    await expect(
      page.getByRole("button", { name: /^Grade 3: Right, with difficulty, next 1 d, and again today$/ }),
    ).toBeVisible();
    await expect(page.getByRole("button", { name: /^Grade 4: Right, after hesitation, next 1 d$/ })).toBeVisible();
    await expect(page.getByRole("button", { name: /^Grade 1: .*, next again today$/ })).toBeVisible();
  });
});

test.describe("a phone (390 × 844, touch)", () => {
  test.use({ locale: "zh-CN", viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test("the header is one row, and every grade button is on screen under the thumb after showing the answer", async ({
    page,
  }) => {
    await signIn(page);
    await openReview(page);
    const header = await page.locator("header").boundingBox();
    expect(header!.height).toBeLessThan(60);
    await page.getByRole("button", { name: "显示答案" }).tap();
    const buttons = page.locator("[data-grade-buttons] button");
    await expect(buttons).toHaveCount(6);
    for (let q = 0; q < 6; q++) {
      const box = await buttons.nth(q).boundingBox();
      expect(box, `q${q}`).not.toBeNull();
      // Inside the screen, in its lower part, and big enough to tap.
      expect(box!.y + box!.height, `q${q} bottom`).toBeLessThanOrEqual(844);
      expect(box!.y, `q${q} top`).toBeGreaterThan(844 / 2);
      expect(box!.height, `q${q} height`).toBeGreaterThanOrEqual(44);
    }
    // No keyboard hints on a touch screen.
    await expect(page.getByText("按 0–5 评分 · 按 u 撤销上一次评分")).toBeHidden();
    await buttons.nth(5).tap();
    await expect(page.locator("[data-grade-buttons]")).toHaveCount(0);
  });
});

test.describe("a small phone (320 × 568, touch)", () => {
  test.use({ locale: "zh-CN", viewport: { width: 320, height: 568 }, hasTouch: true, isMobile: true });

  test("every link of the header can be scrolled to and tapped when they do not all fit", async ({ page }) => {
    await signIn(page);
    await openReview(page);
    const nav = page.getByRole("navigation", { name: /./ }).first();
    const links = nav.getByRole("link");
    const count = await links.count();
    expect(count).toBeGreaterThanOrEqual(4);
    for (let i = 0; i < count; i++) {
      const link = links.nth(i);
      await link.scrollIntoViewIfNeeded();
      const box = await link.boundingBox();
      expect(box, `link ${i}`).not.toBeNull();
      // Reachable: inside the screen once scrolled to, not cut off past its left edge.
      expect(box!.x, `link ${i} left`).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width, `link ${i} right`).toBeLessThanOrEqual(320);
    }
    await links.nth(0).tap();
    await expect(page).toHaveURL(/\/$/);
  });
});

test.describe("counts that agree", () => {
  test.use({ locale: "en-US" });

  test("the review's done count and progress's graded count are the same number; practice is counted apart", async ({
    page,
  }) => {
    await signIn(page);
    await openReview(page);
    await gradeHead(page, "4");
    await expect(page.getByText("1 done", { exact: false })).toBeVisible();
    await page.goto("/exercises/norm-lp");
    await page.getByRole("button", { name: /^Show solution/ }).click();
    await expect(page.locator("[data-drill-status]")).toHaveText("Saved to your practice log.");
    await openReview(page);
    await expect(page.getByText(/^1 done, /)).toBeVisible();
    await page.goto("/progress");
    await expect(page.getByTestId("today-done")).toHaveText("1");
    await expect(page.getByTestId("today-practice")).toHaveText("1");
  });
});
