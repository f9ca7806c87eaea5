// Plain .mjs entry for the Node check worker. Node 20 ignores `execArgv: ['--import', 'tsx']`
// for a .ts worker entry (ERR_UNKNOWN_FILE_EXTENSION), so the worker registers tsx itself and
// then loads the TypeScript entry. tsx is a dev dependency: this runner only serves the tests
// and the authoring CLI, never the app.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.entry);
