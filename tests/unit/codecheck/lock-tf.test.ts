/** lockTf on the cpu backend, the sandbox's fallback (and the backend the expectations are computed on). */
import { describeLockTf, lockedTfFor } from "./lock-tf-suite";

describeLockTf("cpu", lockedTfFor("cpu"));
