/**
 * `npm start`: everything a fresh clone needs, then the server, skipping
 * what is already done so that a restart of an unchanged clone serves within
 * seconds:
 *
 * 1. installs the locked packages (`npm ci`), unless node_modules was
 *    installed from this very package-lock.json by this Node version;
 * 2. migrates the database, syncs the content, makes sure an auth secret
 *    exists (each is quick and idempotent);
 * 3. builds (`npm run build`), unless the last build was made from the same
 *    inputs (every file under the folders the build reads, hashed);
 * 4. serves (scripts/serve.ts).
 *
 * Plain Node, no dependencies: it must run before anything is installed.
 * `npm start -- --force` redoes the install and the build.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const force = process.argv.includes("--force");
const distDir = process.env.NEXT_DIST_DIR ?? ".next";
const INSTALL_STAMP = path.join(root, "node_modules", ".install-stamp");
const BUILD_STAMP = path.join(root, distDir, ".build-inputs");

/** What the build reads: sources, content, styles, configuration (not data/, tests/ or the build itself). */
const BUILD_INPUT_DIRS = ["app", "lib", "config", "content", "public", "prisma"];
const BUILD_INPUT_FILES = [
  "package.json",
  "package-lock.json",
  "next.config.ts",
  "proxy.ts",
  "instrumentation.ts",
  "tsconfig.json",
  "postcss.config.mjs",
  "scripts/build-sandbox.mjs",
  "scripts/compute-expectations.ts",
];
/** Written by the build itself, or regenerated from what is hashed anyway. */
const NOT_INPUTS = [path.join("public", "sandbox"), path.join("lib", "server", "generated")];

function run(label, command, args) {
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env: process.env });
  if (result.status !== 0) {
    console.error(`npm start: ${label} failed (exit ${result.status ?? result.signal}).`);
    process.exit(result.status ?? 1);
  }
  console.log(`npm start: ${label} took ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}

function sha256(...parts) {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part);
  return hash.digest("hex");
}

function readStamp(file) {
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    return null;
  }
}

function listFiles(dir, out) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const relative = path.relative(root, full);
    if (NOT_INPUTS.some((skip) => relative === skip || relative.startsWith(skip + path.sep))) continue;
    if (entry.isDirectory()) listFiles(full, out);
    else if (entry.isFile()) out.push(relative);
  }
  return out;
}

function buildInputsHash() {
  const files = [];
  for (const dir of BUILD_INPUT_DIRS) if (existsSync(path.join(root, dir))) listFiles(path.join(root, dir), files);
  for (const file of BUILD_INPUT_FILES) if (existsSync(path.join(root, file))) files.push(file);
  files.sort();
  const hash = createHash("sha256");
  hash.update(`node ${process.version}\n`);
  for (const file of files) {
    hash.update(`${file}\n`);
    hash.update(readFileSync(path.join(root, file)));
  }
  return hash.digest("hex");
}

const installKey = sha256(process.version, readFileSync(path.join(root, "package-lock.json")));
if (!force && readStamp(INSTALL_STAMP) === installKey) {
  console.log("npm start: packages already installed from this package-lock.json; skipping npm ci.");
} else {
  console.log("npm start: installing the locked packages (npm ci; the first time takes a few minutes).");
  run("npm ci", "npm", ["ci", "--no-audit", "--no-fund"]);
  writeFileSync(INSTALL_STAMP, installKey);
}

run("database migration", "npm", ["run", "--silent", "db:migrate"]);
run("content sync", "npm", ["run", "--silent", "content:sync"]);
run("auth secret", "node", ["--import", "tsx", "scripts/ensure-secret.ts"]);

const buildKey = buildInputsHash();
const built =
  existsSync(path.join(root, distDir, "BUILD_ID")) && existsSync(path.join(root, "public", "sandbox", "host.js"));
if (!force && built && readStamp(BUILD_STAMP) === buildKey) {
  console.log("npm start: nothing the build reads has changed since the last build; skipping it.");
} else {
  console.log("npm start: building the app (the first time takes a few minutes).");
  run("build", "npm", ["run", "--silent", "build"]);
  // Hashed after the build: anything it rewrites (e.g. tsconfig.json's include list) is part of the stamp.
  writeFileSync(BUILD_STAMP, buildInputsHash());
}

const server = spawnSync("node", ["--import", "tsx", "scripts/serve.ts"], {
  cwd: root,
  stdio: "inherit",
  env: process.env,
});
process.exit(server.status ?? 0);
