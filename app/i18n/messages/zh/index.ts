// One file per feature; each holds its own top-level namespaces.
import common from "./common.json";
import review from "./review.json";

const messages = { ...common, ...review };
export default messages;
