/**
 * For a single-machine install: creates data/.auth-secret with a random
 * secret if BETTER_AUTH_SECRET is not set and no secret file exists yet. A
 * shared server sets BETTER_AUTH_SECRET instead.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

const file = path.resolve("data/.auth-secret");
if (process.env.BETTER_AUTH_SECRET) {
  console.log("Using BETTER_AUTH_SECRET from the environment.");
} else if (existsSync(file)) {
  console.log(`Using the secret in ${path.relative(process.cwd(), file)}.`);
} else {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600 });
  console.log(`Created a random auth secret in ${path.relative(process.cwd(), file)}.`);
}
