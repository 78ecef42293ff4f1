// Fails when the production JavaScript, gzipped, exceeds the budget: what a learner's browser fetches to show the
// chat (the entry and the chat page; issue #12: under 110 KB, 95 KB with some room, lowered from issue #5's 150 KB), and all JavaScript
// including the chunks fetched on first use (the Markdown renderer, the highlighter: src/markdown/on-demand.ts) and the
// pages a learner's chat never loads (the teachers' Class console, the invite and reset pages: lazy routes).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const BUDGET_KB = Number(process.env.IBAL_JS_BUDGET_KB ?? 95);
const TOTAL_BUDGET_KB = Number(process.env.IBAL_JS_TOTAL_BUDGET_KB ?? 150);
/** Chunks fetched on first use (src/markdown/on-demand.ts). */
const ON_DEMAND = /^(highlight|render-markdown)-/;
/** Lazy routes other than the chat (src/routing): fetched only when their page opens. */
const OTHER_PAGES = /^(console-page|join-page|reset-page|download-file)-/;
/** @param {string} name */
const later = (name) => ON_DEMAND.test(name) || OTHER_PAGES.test(name);
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
for (const name of js) {
  const when = ON_DEMAND.test(name)
    ? " (on demand)"
    : OTHER_PAGES.test(name)
      ? " (its own page)"
      : "";
  console.log(`  ${name}: ${(gzipped([name]) / 1024).toFixed(1)} KB gzipped${when}`);
}
const upFront = js.filter((f) => !later(f));
const css = files.filter((f) => f.endsWith(".css"));
const upFrontKb = gzipped(upFront) / 1024;
const totalKb = gzipped(js) / 1024;
const cssKb = gzipped(css) / 1024;
console.log(
  `bundle size (gzip): JavaScript to show the chat ${upFrontKb.toFixed(1)} KB in ${upFront.length} file(s) ` +
    `(budget ${BUDGET_KB} KB), all JavaScript ${totalKb.toFixed(1)} KB (budget ${TOTAL_BUDGET_KB} KB), ` +
    `CSS ${cssKb.toFixed(1)} KB`,
);
if (!js.some((f) => ON_DEMAND.test(f))) {
  console.error(
    "check-bundle-size: no on-demand chunk; was the Markdown renderer or highlight.js imported eagerly?",
  );
  process.exit(1);
}
if (upFrontKb > BUDGET_KB) {
  console.error(`check-bundle-size: over budget by ${(upFrontKb - BUDGET_KB).toFixed(1)} KB`);
  process.exit(1);
}
if (totalKb > TOTAL_BUDGET_KB) {
  console.error(
    `check-bundle-size: all JavaScript over budget by ${(totalKb - TOTAL_BUDGET_KB).toFixed(1)} KB`,
  );
  process.exit(1);
}
