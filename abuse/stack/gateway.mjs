// One real gateway process (gateway/target/ibal-gateway.jar with the real functions jar), as a user runs it.
import { createServer, connect } from "node:net";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "./paths.mjs";
import { javaBin, startProcess, waitUntil } from "./processes.mjs";

export const GATEWAY_JAR = join(repoRoot, "gateway/target/ibal-gateway.jar");

/**
 * Starts a gateway with `settings` (environment) on `host`:`port`, its internal listener on
 * `internalHost`:`internalPort`, and waits until its public port serves /config.json.
 */
export async function startGateway({ name, host, port, internalHost, internalPort, settings, workDir, logDir }) {
  if (!existsSync(GATEWAY_JAR)) throw new Error(`${GATEWAY_JAR} is missing: make gateway-jar`);
  const dataDir = join(workDir, name);
  mkdirSync(dataDir, { recursive: true });
  const handle = startProcess(name, javaBin(), ["-XX:+UseSerialGC", "-jar", GATEWAY_JAR], {
    env: {
      ...settings,
      IBAL_HOST: host,
      IBAL_PORT: String(port),
      IBAL_INTERNAL_HOST: internalHost,
      IBAL_INTERNAL_PORT: String(internalPort),
      IBAL_DATA_DIR: dataDir,
    },
    log: join(logDir, `${name}.log`),
  });
  const publicUrl = `http://${host}:${port}`;
  // /config.json is public on every version of the gateway (/_gateway/health moves to the internal listener).
  await waitUntil(handle, async () => (await fetch(`${publicUrl}/config.json`)).status === 200);
  const relay = await relayWhenNoInternalListener(internalHost, internalPort, host, port);
  return {
    name,
    pid: handle.pid,
    log: handle.log,
    publicUrl,
    internalUrl: `http://${internalHost}:${internalPort}`,
    wsUrl: `ws://${host}:${port}/prod`,
    hasInternalListener: relay === null,
    handle,
    relay,
  };
}

/**
 * Today's main has no internal listener: the Invoke API, @connections and /_gateway/health sit on the public
 * port. When nothing listens on the internal address once the gateway is up, the harness relays that address
 * to the public port, so (a) main's replicas, whose IBAL_INSTANCE_URL names the internal address, can still
 * reach themselves and each other, and (b) the internal-listener tests meet main's unauthenticated endpoints
 * exactly where the contract puts the signed ones. A hardened gateway binds the address itself, and no relay
 * is started (the bind fails with EADDRINUSE).
 */
async function relayWhenNoInternalListener(internalHost, internalPort, host, port) {
  for (let attempt = 0; attempt < 4; attempt++) {
    if (await listens(internalHost, internalPort)) return null;
    await new Promise((r) => setTimeout(r, 500));
  }
  return new Promise((resolve) => {
    const sockets = new Set();
    const server = createServer((client) => {
      const upstream = connect(port, host);
      sockets.add(client).add(upstream);
      const end = () => {
        client.destroy();
        upstream.destroy();
        sockets.delete(client);
        sockets.delete(upstream);
      };
      client.on("error", end).on("close", end);
      upstream.on("error", end).on("close", end);
      client.pipe(upstream);
      upstream.pipe(client);
    });
    server.once("error", () => resolve(null));
    server.listen(internalPort, internalHost, () => {
      resolve({
        close() {
          for (const s of sockets) s.destroy();
          server.close();
        },
      });
    });
  });
}

function listens(host, port) {
  return new Promise((resolve) => {
    const socket = connect(port, host);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}
