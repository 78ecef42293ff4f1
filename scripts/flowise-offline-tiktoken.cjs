// Preloaded into a local Flowise (NODE_OPTIONS=--require) on machines without internet.
// LangChain counts tokens after every streamed reply with tiktoken tables it downloads from
// tiktoken.pages.dev, retrying six times with backoff (~1 min per table) when that fails — so each
// reply would end two minutes after its last token. The same tables ship inside the js-tiktoken
// package; this answers those downloads from it and passes every other fetch through untouched.
"use strict";
const path = require("path");

const PREFIX = "https://tiktoken.pages.dev/js/";
const realFetch = globalThis.fetch;

function localRanks(name) {
  const base = process.env.FLOWISE_NODE_MODULES || path.join(process.cwd(), "node_modules");
  return require(path.join(base, "js-tiktoken", "dist", "ranks", name + ".cjs"));
}

globalThis.fetch = async function fetchWithLocalTiktoken(input, init) {
  const url = typeof input === "string" ? input : input && input.url;
  if (typeof url === "string" && url.startsWith(PREFIX) && url.endsWith(".json")) {
    const name = url.slice(PREFIX.length, -".json".length);
    if (/^[a-z0-9_]+$/.test(name)) {
      try {
        return new Response(JSON.stringify(localRanks(name)), {
          status: 200, headers: { "Content-Type": "application/json" } });
      } catch (e) {
        return new Response("no local tiktoken table " + name, { status: 404 });
      }
    }
  }
  return realFetch(input, init);
};
