import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { type TestAccount, signIn, openReview, waitForSaved } from "./support";

test.describe.configure({ mode: "serial" });
test.use({ locale: "en-US" });

/** The learner of the first test, whose reviews the later tests look at. */
let learner: TestAccount | undefined;
/** The items the first test graded, in order; the first was failed (grade 2). */
const graded: string[] = [];

async function currentItemId(page: import("@playwright/test").Page): Promise<string> {
  return (await page.locator("article[data-item-id]").getAttribute("data-item-id")) ?? "";
}

test("the dashboard shows the reviews just done, and the export and history hold them", async ({ page }) => {
  learner = await signIn(page);
  await openReview(page);
  for (let i = 0; i < 3; i++) {
    const id = await currentItemId(page);
    graded.push(id);
    await page.keyboard.press("Space");
    await page.keyboard.press(i === 0 ? "2" : "5");
    await expect(page.locator(`article[data-item-id="${id}"]`)).toHaveCount(0);
  }
  await waitForSaved(page);

  await page.goto("/progress");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Progress");
  await expect(page.getByTestId("today-done")).toHaveText("3");
  await expect(page.getByTestId("today-streak")).toHaveText("1 day");
  await expect(page.getByRole("img", { name: /3 reviews on 1 day of the last 365/ })).toBeVisible();
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

  // The history of the first card: the card itself, one review, grade 2, in the learner's zone.
  const first = graded[0] ?? "";
  await page.goto(`/items/${encodeURIComponent(first)}`);
  await expect(page).toHaveTitle(/^History: .+ · /);
  await expect(page.getByRole("heading", { name: "The card" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Question" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Answer" })).toBeVisible();
  await expect(page.locator("main")).not.toContainText(first);
  await expect(page.getByRole("heading", { name: "Reviews" })).toBeVisible();
  await expect(page.getByRole("columnheader", { name: "When (UTC)" })).toBeVisible();
  await expect(page.locator("tr[data-review-id]")).toHaveCount(1);
  const cells = page.locator("tr[data-review-id] td");
  await expect(cells.nth(1)).toHaveText("new");
  await expect(cells.nth(2)).toHaveText("2");
  await expect(cells.nth(3)).toHaveText(/^\d+ days?$/);
  await expect(page.getByText(/^1 review from .+ \(UTC\); the interval after the first was/)).toBeVisible();
});

test("the item page shows times in the learner's zone, whatever the browser's", async ({ browser }) => {
  const context = await browser.newContext({ locale: "en-US", timezoneId: "America/New_York" });
  const page = await context.newPage();
  await signIn(page, learner);
  await page.goto(`/items/${encodeURIComponent(graded[0] ?? "")}`);
  const time = page.locator("tr[data-review-id] time");
  const iso = (await time.getAttribute("datetime")) ?? "";
  const inUtc = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
  await expect(time).toHaveText(inUtc.format(new Date(iso)));
  await context.close();
});

test("a failed card is among the hardest items and is practised on its own page without changing its schedule", async ({
  page,
}) => {
  await signIn(page, learner);
  const failed = graded[0] ?? "";
  await page.goto(`/items/${encodeURIComponent(failed)}`);
  const interval = await page.getByTestId("item-interval").textContent();
  const due = await page.getByTestId("item-due").textContent();

  await page.goto("/progress");
  await expect(page).toHaveTitle(/^Progress · /);
  const entry = page.locator(`section[aria-labelledby="hardest-title"] li[data-item-id="${failed}"]`);
  await expect(entry).toContainText("failed once in 30 days");
  await entry.getByRole("link", { name: /^Practise: / }).click();
  await expect(page).toHaveURL(new RegExp(`/practice/${encodeURIComponent(failed)}$`));
  await expect(page.locator("[data-practice-ready=true]")).toBeVisible();
  await page.keyboard.press("Space");
  await expect(page.getByRole("region", { name: "Answer" })).toBeVisible();
  await page.keyboard.press("4");
  await expect(page.getByTestId("drill-saved")).toHaveText(/^Recorded as practice: grade 4 /);
  // Enter shows the card again, as a new showing: nothing more is recorded until it is graded.
  await page.keyboard.press("Enter");
  await expect(page.getByRole("button", { name: "Show answer" })).toBeVisible();

  await page.goto(`/items/${encodeURIComponent(failed)}`);
  await expect(page.locator("tr[data-review-id]")).toHaveCount(2);
  await expect(page.locator('tr[data-review-kind="drill"] td').nth(1)).toHaveText("practice outside the schedule");
  await expect(page.getByTestId("item-interval")).toHaveText(interval ?? "");
  await expect(page.getByTestId("item-due")).toHaveText(due ?? "");
  // The item page's own practise link goes to the practice page, not back to itself.
  await expect(page.getByRole("link", { name: "Practise this card" })).toHaveAttribute(
    "href",
    `/practice/${encodeURIComponent(failed)}`,
  );
  await page.goto("/progress");
  await expect(page.getByTestId("today-practice")).toHaveText("1");
  await expect(page.getByTestId("today-done")).toHaveText("3");
});

test("the dashboard, an item's page and a card's practice page have no serious accessibility violation, in light and dark", async ({
  page,
}) => {
  await signIn(page, learner);
  const card = encodeURIComponent(graded[0] ?? "");
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    for (const path of ["/progress", `/items/${card}`, `/practice/${card}`]) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await expect(page.locator('[role="status"][aria-label="Loading…"]')).toHaveCount(0);
      const results = await new AxeBuilder({ page }).analyze();
      const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
      expect(serious.map((v) => `${path}: ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
    }
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
  // Topics and chapters in Chinese, never an internal id.
  const mastery = page.locator('section[aria-labelledby="mastery-title"]');
  await expect(mastery.locator("tbody[data-chapter]").first().locator("th").first()).toHaveText("部分概念补充");
  await expect(mastery).toContainText("第十章");
  await expect(mastery).toContainText("滑动平均");
  for (const id of ["moving-average", "losses", "rnn", "ch4", "ch10", "concepts"])
    await expect(mastery).not.toContainText(id);
  await page.goto(`/items/${encodeURIComponent(graded[0] ?? "")}`);
  const fresh = page.locator('tr[data-review-kind="new"] td');
  await expect(fresh.nth(1)).toHaveText("新学");
  await expect(fresh.nth(3)).toHaveText(/^\d+ 天$/);
  await expect(page.locator('tr[data-review-kind="drill"] td').nth(1)).toHaveText("计划外练习");
  await context.close();
});

test("on a 390 × 844 phone the calendar's cells are readable and today is in view", async ({ browser }) => {
  const context = await browser.newContext({ locale: "en-US", viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await signIn(page, learner);
  await page.goto("/progress");
  const cells = page.locator("rect[data-day]");
  await expect(cells).toHaveCount(365);
  for (const cell of [cells.first(), cells.last()]) {
    const box = await cell.boundingBox();
    expect(box?.width).toBeGreaterThanOrEqual(10);
    expect(box?.height).toBeGreaterThanOrEqual(10);
  }
  // The year scrolls sideways inside its own region and opens on today, not on last year.
  const region = page.getByRole("region", { name: /^Calendar of the last 365 days/ });
  const area = await region.boundingBox();
  // The last cell is today (its reviews and the practice above).
  await expect(cells.last()).toHaveAttribute("data-count", "4");
  const today = await cells.last().boundingBox();
  expect(area && today).toBeTruthy();
  expect(today!.x).toBeGreaterThanOrEqual(area!.x);
  expect(today!.x + today!.width).toBeLessThanOrEqual(area!.x + area!.width);
  // The mastery table's topic column keeps a readable width.
  const topic = page.locator('section[aria-labelledby="mastery-title"] tbody th[scope="row"]').first();
  expect((await topic.boundingBox())?.width).toBeGreaterThanOrEqual(120);
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
  await context.close();
});

test("another learner sees none of the first learner's reviews, and every figure reads on day one", async ({
  page,
}) => {
  await signIn(page);
  await page.goto("/progress");
  await expect(page.getByTestId("today-done")).toHaveText("0");
  await expect(page.getByTestId("calendar-summary")).toHaveText(/^No reviews in the last 365 days yet/);
  await expect(page.getByTestId("hourly-summary")).toHaveText(/^No reviews in the last 90 days yet/);
  await expect(page.getByTestId("retention-summary")).toHaveText(/^True retention shows once you review an item/);
  await expect(page.getByTestId("forecast-summary")).toHaveText(/^Nothing is on a schedule yet/);
  await expect(page.getByText(/^No item is on a schedule yet: ease factors/)).toBeVisible();
  await expect(page.getByText(/^No hard items yet/)).toBeVisible();
  for (const nonsense of [/weakest: \d/, /Mean ease —/, /0 reviews on 0/, /Last year\s*no reviews/])
    await expect(page.locator("main")).not.toContainText(nonsense);
  const response = await page.request.get("/progress/export");
  expect((await response.text()).trim().split("\r\n")).toHaveLength(1);

  // The exercise list says "not tried yet" once, without "no attempts" beside it.
  await page.goto("/exercises");
  const row = page.locator("li[data-generator-id]").first();
  await expect(row).toContainText("not tried yet");
  await expect(row).not.toContainText("attempts");
  await expect(row.getByRole("link")).toHaveCount(1);
});

test("a card's practice page refuses what is not a card", async ({ page }) => {
  await signIn(page, learner);
  // An exercise is practised on its own page; an unknown item is not found.
  await page.goto(`/practice/${encodeURIComponent("exercise:norm-lp")}`);
  await expect(page).toHaveURL(/\/exercises\/norm-lp$/);
  const missing = await page.goto(`/practice/${encodeURIComponent("card:no-such-card")}`);
  expect(missing?.status()).toBe(404);
});
