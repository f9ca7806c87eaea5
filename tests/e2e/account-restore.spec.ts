import { expect, test } from "@playwright/test";
import { openReview, signIn, waitForSaved } from "./support";

test.use({ locale: "en-US", acceptDownloads: true });

const counts = (page: import("@playwright/test").Page) => page.getByText(/^\d+ due · \d+ new · \d+ again$/);

test("downloads the backup, deletes the account, signs up again, restores it and sees the same counts", async ({
  page,
}) => {
  const account = await signIn(page);
  await openReview(page);
  // Two cards failed (due again today) and one known: the counts the restore must give back.
  for (const grade of ["1", "1", "5"]) {
    const id = await page.locator("article[data-item-id]").getAttribute("data-item-id");
    await page.getByRole("button", { name: "Show answer" }).click();
    await page.keyboard.press(grade);
    await expect(page.locator(`article[data-item-id="${id}"]`)).toHaveCount(0);
  }
  await waitForSaved(page);
  await page.reload();
  await expect(page.locator("[data-review-ready=true]")).toBeVisible();
  const before = await counts(page).textContent();
  expect(before).toMatch(/ 2 again$/);

  await page.goto("/settings");
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download all my data (JSON)" }).click();
  const download = await downloading;
  const file = await download.path();

  await page.getByLabel("Type your email to confirm").fill(account.email);
  await page.getByRole("button", { name: "Delete my account" }).click();
  await expect(page).toHaveURL(/\/sign-up\?deleted=1$/);

  await signIn(page);
  await page.goto("/settings");
  await page.getByRole("link", { name: "Restore a backup into this account" }).click();
  await expect(page.getByRole("heading", { name: "Restore a backup" })).toBeVisible();
  await page.getByLabel(/^Backup file/).setInputFiles(file);
  await page.getByRole("button", { name: "Restore" }).click();
  await expect(page.getByText("Restored from a version 3 backup.")).toBeVisible();
  await expect(page.locator('[data-restored="reviews"]')).toHaveText("Reviews: 3");

  await openReview(page);
  await expect(counts(page)).toHaveText(before ?? "");

  // A second restore into the now non-fresh account is refused, and says why.
  await page.goto("/account/restore");
  await page.getByLabel(/^Backup file/).setInputFiles(file);
  await page.getByRole("button", { name: "Restore" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText(
    "This account is not fresh, nothing was restored",
  );

  // The route takes only same-origin JSON: a form posted from another site's page is refused before it is read.
  const baseURL = new URL(page.url()).origin;
  const crossSite = await page.request.post(`${baseURL}/api/v1/account/restore`, {
    headers: { origin: "https://evil.example", "content-type": "text/plain" },
    data: "{}",
  });
  expect(crossSite.status()).toBe(403);
});
