// Browser end-to-end suite: Debian's Chromium against the real gateway jar (in-memory store,
// demo model), started once here for every spec. Run with `npm run e2e` after `npm run build`.
import { after, before } from "node:test";
import { startSuite, stopSuite } from "./support/fixture.mjs";
import "./specs/welcome.mjs";
import "./specs/accounts.mjs";
import "./specs/chat.mjs";
import "./specs/connection.mjs";
import "./specs/refusals.mjs";
import "./specs/accessibility.mjs";
import "./specs/screenshots.mjs";
import "./specs/console.mjs";

before(startSuite);
after(stopSuite);
