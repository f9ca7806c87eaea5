/**
 * The size bound of a backup restore, shared by the data layer that reads
 * the file (lib/server/account-restore.ts) and next.config.ts, which lets a
 * server action's body and the proxy's copy of it be that large.
 */

/** Largest backup file a restore reads: a year of daily study is a few MB; images (base64) make up the rest. */
export const MAX_RESTORE_BYTES = 200 * 1024 * 1024;
