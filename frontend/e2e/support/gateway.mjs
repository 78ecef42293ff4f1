import { execFileSync, spawn } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "./free-port.mjs";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const resultsDir = resolve(repoRoot, "frontend/test-results");
// Another checkout's gateway (its jar and template.yaml) serving this checkout's build: to try
// the app against a backend branch before it is merged.
const gatewayRoot = process.env.IBAL_E2E_GATEWAY_ROOT ?? repoRoot;

/** JAVA_HOME when set (make exports it), else the JDK >= 21 the repository's script finds. */
function javaHome() {
  if (process.env.JAVA_HOME) return process.env.JAVA_HOME;
  try {
    return execFileSync(join(repoRoot, "scripts/find-jdk"), { encoding: "utf8" }).trim();
  } catch {
    throw new Error("no JDK >= 21: set JAVA_HOME or see scripts/find-jdk");
  }
}

/**
 * Starts the real gateway jar (in-memory store, demo model) on a free port, as a user would
 * with `make run`, and waits until it answers its health check. `env` adds or overrides
 * settings (e.g. a small `IBAL_MAX_MESSAGE_BYTES`).
 */
export async function startGateway({ modelDelayMs = 40, timeoutMs = 120_000, env = {} } = {}) {
  const jar = join(gatewayRoot, "gateway/target/ibal-gateway.jar");
  if (!existsSync(jar))
    throw new Error(`${jar} is missing: build it with \`./mvnw -q -DskipTests package\``);
  const java = join(javaHome(), "bin/java");
  const port = await freePort();
  mkdirSync(resultsDir, { recursive: true });
  const log = createWriteStream(join(resultsDir, `gateway-${port}.log`));
  const child = spawn(java, ["-jar", jar], {
    cwd: gatewayRoot,
    env: {
      ...process.env,
      IBAL_PORT: String(port),
      IBAL_STORE: "memory",
      IBAL_STATIC_DIR: join(repoRoot, "frontend/dist"),
      DEMO_MODEL_DELAY_MS: String(modelDelayMs),
      // Every test user signs up from 127.0.0.1: lift the per-address sign-up limit (the abuse suite tests it).
      REGISTRATIONS_PER_IP_PER_HOUR: "10000",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  let exited = null;
  child.on("exit", (code, signal) => {
    exited = { code, signal };
  });

  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited !== null) {
      throw new Error(
        `the gateway exited (${JSON.stringify(exited)}); see test-results/gateway-${port}.log`,
      );
    }
    try {
      const response = await fetch(`${baseUrl}/config.json`);
      if (response.status === 200) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`the gateway did not become healthy within ${timeoutMs} ms`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }

  return {
    port,
    baseUrl,
    async stop() {
      if (exited !== null) return;
      const gone = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await gone;
      clearTimeout(timer);
    },
  };
}
