/**
 * `npm run content:sync`: validates every file in content/ and upserts it into
 * the database by stable id. Invalid content prints each problem (file, field,
 * what was expected) and writes nothing.
 */
import { ContentError } from "../lib/content/deck";
import { createDb } from "../lib/server/db";
import { loadContent, syncContent } from "../lib/server/content-sync";

async function main(): Promise<number> {
  const contentDir = process.argv[2] ?? "content";
  let content;
  try {
    content = await loadContent(contentDir);
  } catch (error) {
    if (error instanceof ContentError) {
      console.error(error.message);
      console.error("Nothing was written.");
      return 1;
    }
    throw error;
  }
  const db = createDb();
  try {
    const summaries = await syncContent(db, content, new Date());
    for (const s of summaries) {
      console.log(
        `${s.kind}: ${s.created} created, ${s.updated} updated, ${s.unchanged} unchanged, ${s.retired} retired, ${s.revived} revived`,
      );
    }
  } finally {
    await db.$disconnect();
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
