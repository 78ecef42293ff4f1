// Fails when the production JavaScript, gzipped, exceeds the budget (issue #5: 150 KB).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const BUDGET_KB = Number(process.env.IBAL_JS_BUDGET_KB ?? 150);
const assets = join(import.meta.dirname, "../dist/assets");

let files;
try {
  files = readdirSync(assets);
} catch {
  console.error("check-bundle-size: dist/assets is missing; run `npm run build` first");
  process.exit(2);
}

/** @param {string[]} names @returns {number} gzipped bytes */
const gzipped = (names) =>
  names.reduce((sum, name) => sum + gzipSync(readFileSync(join(assets, name))).length, 0);

const js = files.filter((f) => f.endsWith(".js"));
for (const name of js) console.log(`  ${name}: ${(gzipped([name]) / 1024).toFixed(1)} KB gzipped`);
const css = files.filter((f) => f.endsWith(".css"));
const jsKb = gzipped(js) / 1024;
const cssKb = gzipped(css) / 1024;
console.log(
  `bundle size (gzip): JavaScript ${jsKb.toFixed(1)} KB in ${js.length} file(s), CSS ${cssKb.toFixed(1)} KB; budget ${BUDGET_KB} KB of JavaScript`,
);
if (jsKb > BUDGET_KB) {
  console.error(`check-bundle-size: over budget by ${(jsKb - BUDGET_KB).toFixed(1)} KB`);
  process.exit(1);
}
