// The stacks the suite attacks, started once per run by run.mjs (starting JVMs costs most of a run):
//
//   dynamodb   DynamoDB Local, its own process (a test SIGSTOPs it for the store outage)
//   replica-1, replica-2   the gateway as infra/docker-compose.yml runs it, on 127.0.0.11 and 127.0.0.12 with the
//              same ports (as gateway-1:8080 and gateway-2:8080 are in compose), behind
//   caddy      the real Caddy with infra/Caddyfile
//   direct     one gateway without a proxy, as `make run` serves it
//   lms, elsewhere   two blank pages on other origins (127.0.0.3, 127.0.0.4): the LMS, and a site that is not
//
// All gateways share the store and the signing key, so an account registered on one works on all.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { createServer as createTcpServer } from "node:net";
import { join } from "node:path";
import { newLmsKey } from "../support/lms.mjs";
import { startGateway } from "./gateway.mjs";
import { repoRoot, resultsDir } from "./paths.mjs";
import { freePort, startDynamoDbLocal, startProcess, stopProcess, waitUntil } from "./processes.mjs";
import { commonSettings, directSettings, replicaSettings } from "./settings.mjs";

const REPLICA_HOSTS = ["127.0.0.11", "127.0.0.12"];

export async function startStacks() {
  const workDir = join(resultsDir, "work");
  const logDir = join(resultsDir, "logs");
  rmSync(workDir, { recursive: true, force: true });
  rmSync(logDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  mkdirSync(logDir, { recursive: true });

  const started = [];
  const stop = async () => {
    for (const item of started.reverse()) {
      if (item.relay) item.relay.close();
      if (item.server) await new Promise((r) => item.server.close(r));
      if (item.handle) await stopProcess(item.handle);
    }
  };
  try {
    const lms = await blankOrigin("127.0.0.3", "LMS");
    const elsewhere = await blankOrigin("127.0.0.4", "Elsewhere");
    started.push(lms, elsewhere);

    const dynamodb = await startDynamoDbLocal(workDir, logDir);
    started.push({ handle: dynamodb });

    const signingKey = execFileSync(join(repoRoot, "scripts/new-signing-key"), { encoding: "utf8" }).trim();
    const aws = { awsKeyId: "AKIDABUSESUITE", awsSecret: randomBytes(24).toString("hex") };
    const lmsKey = newLmsKey();
    const common = commonSettings({ storeUrl: dynamodb.url, signingKey, ...aws });

    const [replicaPort, replicaInternalPort] = [await commonFreePort(REPLICA_HOSTS), await commonFreePort(REPLICA_HOSTS)];
    const directPort = await freePort();
    const directInternalPort = await freePort();
    const replicas = REPLICA_HOSTS.map((host, i) =>
      startGateway({
        name: `replica-${i + 1}`,
        host,
        port: replicaPort,
        internalHost: host,
        internalPort: replicaInternalPort,
        settings: {
          ...common,
          ...replicaSettings({ lmsOrigin: lms.origin, lmsPublicJwk: lmsKey.publicJwk }),
          // How peers and functions reach this replica: its internal listener (the contract's meaning).
          IBAL_INSTANCE_URL: `http://${host}:${replicaInternalPort}`,
        },
        workDir,
        logDir,
      }),
    );
    const direct = startGateway({
      name: "direct",
      host: "127.0.0.1",
      port: directPort,
      internalHost: "127.0.0.1",
      internalPort: directInternalPort,
      settings: { ...common, ...directSettings() },
      workDir,
      logDir,
    });
    const gateways = await Promise.allSettled([...replicas, direct]);
    for (const g of gateways) if (g.status === "fulfilled") started.push(g.value);
    const failed = gateways.find((g) => g.status === "rejected");
    if (failed) throw failed.reason;
    const [replica1, replica2, directGateway] = gateways.map((g) => g.value);

    const caddy = await startCaddy({ upstreams: [replica1, replica2], internalPort: replicaInternalPort, logDir });
    started.push({ handle: caddy.handle });

    const description = {
      startedAt: new Date().toISOString(),
      aws: { accessKeyId: aws.awsKeyId, secretAccessKey: aws.awsSecret, region: "us-east-1" },
      signingKey: JSON.parse(signingKey),
      lms: { origin: lms.origin, key: lmsKey },
      elsewhere: { origin: elsewhere.origin },
      dynamodb: { pid: dynamodb.pid, url: dynamodb.url, log: dynamodb.log },
      caddy: { url: caddy.url, pid: caddy.handle.pid, log: caddy.handle.log },
      replicas: [replica1, replica2].map(describe),
      direct: describe(directGateway),
      logDir,
    };
    const file = join(resultsDir, "stack.json");
    writeFileSync(file, JSON.stringify(description, null, 2));
    return { description, file, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function describe(gateway) {
  const { name, pid, log, publicUrl, internalUrl, wsUrl, hasInternalListener } = gateway;
  return { name, pid, log, publicUrl, internalUrl, wsUrl, hasInternalListener };
}

/** The real Caddy with infra/Caddyfile, as infra/test/self-hosted-test runs it. */
async function startCaddy({ upstreams, internalPort, logDir }) {
  const port = await freePort();
  const handle = startProcess("caddy", "caddy", ["run", "--config", "infra/Caddyfile", "--adapter", "caddyfile"], {
    env: {
      IBAL_SITE: `:${port}`,
      IBAL_UPSTREAMS: upstreams.map((u) => new URL(u.publicUrl).host).join(" "),
      // The replicas' internal port, where Caddy health-checks them (infra/Caddyfile's `health_port`).
      IBAL_HEALTH_PORT: String(internalPort),
      CADDY_ADMIN: `localhost:${await freePort()}`,
    },
    log: join(logDir, "caddy.log"),
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntil(handle, async () => (await fetch(`${url}/config.json`)).status === 200);
  return { handle, url };
}

/** A port free on every one of `hosts` (the replicas listen on the same port, each on its own address). */
async function commonFreePort(hosts) {
  for (;;) {
    const port = await freePort();
    const free = await Promise.all(hosts.map((host) => canBind(host, port)));
    if (free.every(Boolean)) return port;
  }
}

function canBind(host, port) {
  return new Promise((resolve) => {
    const server = createTcpServer();
    server.once("error", () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/** A blank HTML page on `host`: a foreign origin for the browser tests (the LMS, or any other site). */
async function blankOrigin(host, title) {
  const server = createServer((req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><html lang="en"><title>${title}</title><body><h1>${title}</h1></body></html>`);
  });
  await new Promise((resolve) => server.listen(0, host, resolve));
  return { server, origin: `http://${host}:${server.address().port}` };
}
