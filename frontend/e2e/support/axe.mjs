import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve("axe-core/axe.min.js"),
  "utf8",
);

/**
 * Runs axe-core (a local npm file, injected into the page) against WCAG 2.1 A and AA rules,
 * and answers the violations as short readable lines.
 */
export async function axeViolations(page) {
  // Evaluated through the DevTools protocol, which the app's strict CSP (script-src 'self') rightly does not
  // let a <script> tag do.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
      resultTypes: ["violations"],
    });
    return result.violations.map((v) => ({
      id: v.id,
      targets: v.nodes.map((n) => n.target.join(" ")).slice(0, 5),
      summary: v.nodes[0]?.failureSummary ?? "",
    }));
  });
  return violations.map(
    (v) => `${v.id}: ${v.targets.join(", ")} — ${v.summary.replace(/\s+/g, " ")}`,
  );
}
