"use client";

import { useSyncExternalStore } from "react";

const noSubscription = () => () => undefined;

/**
 * A value only the browser knows (its time zone, whether this is the
 * hydrated client), read without a state update in an effect: the server
 * render and the hydration pass see `serverValue`, the client then sees
 * `read()`.
 */
export function useClientValue<T>(read: () => T, serverValue: T): T {
  return useSyncExternalStore(noSubscription, read, () => serverValue);
}

/** True once the page is hydrated (its event handlers are attached). */
export function useHydrated(): boolean {
  return useClientValue(() => true, false);
}
