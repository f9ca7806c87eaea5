/**
 * Computes every coding exercise's expectations (the reference's and the
 * known mistakes' outputs on the default seed's cases, and the custom cases'
 * facts) in Node, for scripts/build-sandbox.mjs to ship inside the sandbox:
 * the browser then never computes them where learner code runs.
 *
 *   node --import tsx scripts/compute-expectations.ts <output.json>
 */
import { writeFile } from "node:fs/promises";
import { computeAllExpectations, serializeExpectations } from "../lib/codecheck/expectations";
import { CODE_EXERCISES } from "../lib/codecheck/exercises/index";
import { loadNodeTf } from "../lib/codecheck/node-tf";

const target = process.argv[2];
if (target === undefined) throw new Error("usage: compute-expectations.ts <output.json>");
const tf = await loadNodeTf();
await writeFile(target, serializeExpectations(await computeAllExpectations(CODE_EXERCISES, tf)));
