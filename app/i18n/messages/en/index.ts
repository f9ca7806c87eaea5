// One file per feature; each holds its own top-level namespaces.
import auth from "./auth.json";
import common from "./common.json";
import progress from "./progress.json";
import review from "./review.json";
import code from "./code.json";
import exercises from "./exercises.json";
import cards from "./cards.json";
import ankiImport from "./import.json";
import ankiExport from "./anki.json";
import lab from "./lab.json";
import restore from "./restore.json";

const messages = {
  ...common,
  ...auth,
  ...review,
  ...exercises,
  ...code,
  ...progress,
  ...cards,
  ...ankiImport,
  ...ankiExport,
  ...lab,
  ...restore,
};
export default messages;
