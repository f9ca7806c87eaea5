import "server-only";
import { type ServerEnv, parseEnv } from "./env-schema";

export { EnvError, LOCAL_SECRET_FILE, type ServerEnv, parseEnv } from "./env-schema";

let cached: ServerEnv | null = null;

/** The validated environment of this server process. */
export function serverEnv(): ServerEnv {
  cached ??= parseEnv(process.env);
  return cached;
}
