import { mkdirSync } from "node:fs";
import path from "node:path";

/** Each integration test file makes its own SQLite file under tests/.tmp. */
export default function setup(): void {
  mkdirSync(path.join(import.meta.dirname, "..", ".tmp"), { recursive: true });
  process.env.NEXT_TELEMETRY_DISABLED = "1";
}
