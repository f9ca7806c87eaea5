/**
 * The learner's code of an exercise, kept in the browser between visits (a
 * reload, the back button, a link elsewhere and back): one draft per
 * learner and exercise in localStorage. The draft never leaves the browser;
 * an unchanged starter is not kept. Storage that is missing, full or
 * refused (private windows, a policy) only means no draft.
 */

/** The part of the Web Storage API drafts use. */
export interface DraftStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const DRAFT_KEY_PREFIX = "dl-study:code-draft:v1";

/** Per learner, so that two accounts on one browser never see each other's code. */
export function draftKey(userId: string, exerciseId: string): string {
  return `${DRAFT_KEY_PREFIX}:${userId}:${exerciseId}`;
}

/** The browser's localStorage, or null where there is none or it refuses access. */
export function openDraftStorage(): DraftStorage | null {
  try {
    return typeof window === "undefined" ? null : window.localStorage;
  } catch {
    return null;
  }
}

export function readDraft(storage: DraftStorage | null, key: string): string | null {
  try {
    return storage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

/** Keeps `source` as the draft, or forgets the draft when `source` is the starter again. */
export function writeDraft(storage: DraftStorage | null, key: string, source: string, starter: string): void {
  try {
    if (source === starter) storage?.removeItem(key);
    else storage?.setItem(key, source);
  } catch {
    // A full or refused storage loses the draft, never the code in the editor.
  }
}
