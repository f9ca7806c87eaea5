/**
 * `npm run anki:import -- --email <learner's email> <file>`: imports an Anki
 * package (.apkg/.colpkg) into that learner's account, all or nothing, as the
 * /import page does. Progress goes to stderr; the last line on stdout is one
 * JSON object: notes, cards, reviews, media (counts imported) and decks (names).
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { AnkiImportError, importAnkiPackage } from "../lib/server/anki-import";
import { createDb } from "../lib/server/db";

const USAGE = "Usage: npm run anki:import -- --email <learner's email> <file.apkg|file.colpkg>";

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ options: { email: { type: "string" } }, allowPositionals: true });
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const email = parsed.values.email?.trim().toLowerCase();
  const file = parsed.positionals[0];
  if (!email || !file || parsed.positionals.length !== 1) {
    console.error(USAGE);
    return 2;
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(file));
  } catch (error) {
    console.error(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
    return 1;
  }
  const db = createDb();
  try {
    const user = await db.user.findUnique({ where: { email }, select: { id: true } });
    if (!user) {
      console.error(`--email: no learner has the email ${email}. Sign up first, or check the spelling.`);
      return 1;
    }
    let last = "";
    const summary = await importAnkiPackage(db, user.id, bytes, {
      now: new Date(),
      onProgress: ({ phase, done, total }) => {
        const line = `${phase} ${done}/${total}`;
        if (line !== last) process.stderr.write(`${line}\n`);
        last = line;
      },
    });
    console.log(JSON.stringify(summary));
    return 0;
  } catch (error) {
    if (error instanceof AnkiImportError) {
      console.error(`${file}: ${error.message}`);
      console.error("Nothing was imported.");
      return 1;
    }
    throw error;
  } finally {
    await db.$disconnect();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
