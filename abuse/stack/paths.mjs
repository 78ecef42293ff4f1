import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const abuseDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const repoRoot = resolve(abuseDir, "..");
/** Logs, the stack description and soak figures; ignored by git. */
export const resultsDir = join(abuseDir, "results");
