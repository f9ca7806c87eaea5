import type { Page } from "@playwright/test";

/**
 * Signs the test's browser in before it uses the app. Every end-to-end test
 * calls it first, so the tests keep working whatever sign-in requires.
 */
export async function signIn(_page: Page): Promise<void> {
  // Before accounts, the app serves the one local learner: nothing to do.
}
