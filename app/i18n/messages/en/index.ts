// One file per feature; each holds its own top-level namespaces.
import auth from "./auth.json";
import common from "./common.json";
import progress from "./progress.json";
import review from "./review.json";
import code from "./code.json";
import exercises from "./exercises.json";
import cards from "./cards.json";
import restore from "./restore.json";

const messages = { ...common, ...auth, ...review, ...exercises, ...code, ...progress, ...cards, ...restore };
export default messages;
