import { createAuthClient } from "better-auth/react";

/** Same-origin client: requests go to /api/auth, where the rate limiter applies. */
export const authClient = createAuthClient();
