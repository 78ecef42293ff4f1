// Starts the one real gateway every spec shares (starting it costs seconds) and hands its address to the workers
// through the environment; the function it returns is the teardown.
import { existsSync } from "node:fs";
import { startGateway } from "./gateway.mjs";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export default async function globalSetup() {
  if (!existsSync(chromium)) {
    throw new Error(`${chromium} is missing: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  }
  const gateway = await startGateway({ modelDelayMs: 40 });
  process.env.IBAL_E2E_BASE_URL = gateway.baseUrl;
  process.env.IBAL_E2E_PORT = String(gateway.port);
  return () => gateway.stop();
}
