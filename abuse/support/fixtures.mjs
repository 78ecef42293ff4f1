// The suite's Playwright fixtures: the running stacks (started by run.mjs), source addresses, fresh learners,
// and WebSocket clients closed after each test.
import { test as base, expect } from "@playwright/test";
import { readFileSync } from "node:fs";
import { newLearner } from "./accounts.mjs";
import { addressPool } from "./addresses.mjs";
import { openSocket } from "./ws-client.mjs";

export { expect };

export const test = base.extend({
  stack: [
    async ({}, use) => {
      const file = process.env.ABUSE_STACK;
      if (!file) throw new Error("the abuse suite runs through `node run.mjs` (make test-abuse), which starts the stacks");
      await use(JSON.parse(readFileSync(file, "utf8")));
    },
    { scope: "worker" },
  ],

  addresses: [
    async ({}, use, workerInfo) => use(addressPool(workerInfo.workerIndex)),
    { scope: "worker" },
  ],

  /** A freshly registered learner (on the direct gateway; the store is shared by every gateway). */
  learner: async ({ stack, addresses }, use) => use(await newLearner(stack, addresses)),

  /** openSocket(), with every socket the test opened closed after it. */
  connect: async ({}, use) => {
    const opened = [];
    await use(async (wsUrl, options) => {
      const socket = await openSocket(wsUrl, options);
      opened.push(socket);
      return socket;
    });
    for (const socket of opened) socket.close();
  },
});
