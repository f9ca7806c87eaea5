import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { type TestAccount, signIn, openReview } from "./support";

test.describe.configure({ mode: "serial" });
test.use({ locale: "en-US" });

/** The learner of the first test, whose reviews the later tests look at. */
let learner: TestAccount | undefined;

async function currentItemId(page: import("@playwright/test").Page): Promise<string> {
  return (await page.locator("article[data-item-id]").getAttribute("data-item-id")) ?? "";
}

test("the dashboard shows the reviews just done, and the export and history hold them", async ({ page }) => {
  learner = await signIn(page);
  await openReview(page);
  const graded: string[] = [];
  for (let i = 0; i < 3; i++) {
    const id = await currentItemId(page);
    graded.push(id);
    await page.keyboard.press("Space");
    await page.keyboard.press(i === 0 ? "2" : "5");
    await expect(page.locator(`article[data-item-id="${id}"]`)).toHaveCount(0);
  }

  await page.goto("/progress");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Progress");
  await expect(page.getByTestId("today-done")).toHaveText("3");
  await expect(page.getByTestId("today-streak")).toHaveText("1 day");
  await expect(page.getByRole("img", { name: /3 reviews on 1 of the last 365 days/ })).toBeVisible();
  await expect(page.locator('rect[data-count="3"]')).toHaveCount(1);
  await expect(page.getByText(/3 reviews of All items in the last 30 days/)).toBeVisible();
  await expect(page.getByRole("heading", { name: "Future due" })).toBeVisible();
  await expect(page.getByTestId("mastery-counts")).toContainText("items:");

  // CSV export: a download with the three reviews.
  const response = await page.request.get("/progress/export");
  expect(response.status()).toBe(200);
  expect(response.headers()["content-disposition"]).toMatch(
    /^attachment; filename="review-log-\d{4}-\d{2}-\d{2}\.csv"$/,
  );
  const lines = (await response.text()).trim().split("\r\n");
  expect(lines[0]).toMatch(/^review_id,reviewed_at,learner_day,item_id,/);
  expect(lines).toHaveLength(4);
  for (const id of graded) expect(lines.some((l) => l.includes(`,${id},`))).toBe(true);

  // The history of the first card: one review, grade 2.
  await page.goto(`/items/${encodeURIComponent(graded[0] ?? "")}`);
  await expect(page.getByRole("heading", { name: "Reviews" })).toBeVisible();
  await expect(page.locator("tr[data-review-id]")).toHaveCount(1);
  await expect(page.locator("tr[data-review-id] td").nth(2)).toHaveText("2");
});

test("the dashboard has no serious accessibility violation, in light and dark", async ({ page }) => {
  await signIn(page, learner);
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    await page.goto("/progress");
    await expect(page.getByTestId("today-done")).toBeVisible();
    await expect(page.locator('[role="status"][aria-label="Loading…"]')).toHaveCount(0);
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  }
});

test("the dashboard reads in Chinese and fits a phone", async ({ browser }) => {
  const context = await browser.newContext({ locale: "zh-CN", viewport: { width: 375, height: 740 } });
  const page = await context.newPage();
  await signIn(page, learner);
  await page.goto("/progress");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("学习进度");
  await expect(page.getByTestId("today-done")).toHaveText("3");
  await expect(page.getByTestId("today-streak")).toHaveText("1 天");
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
  await context.close();
});

test("another learner sees none of the first learner's reviews", async ({ page }) => {
  await signIn(page);
  await page.goto("/progress");
  await expect(page.getByTestId("today-done")).toHaveText("0");
  const response = await page.request.get("/progress/export");
  expect((await response.text()).trim().split("\r\n")).toHaveLength(1);
});
