// Starting and watching the real processes of a stack: DynamoDB Local, gateway jars, Caddy.
// Each runs as its own OS process (so a test can SIGSTOP, SIGKILL or measure it) with its output in a log file.
import { execFileSync, spawn } from "node:child_process";
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readFileSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { repoRoot } from "./paths.mjs";

/** JAVA_HOME when set (make exports it), else the JDK >= 21 the repository's script finds. */
export function javaBin() {
  const home =
    process.env.JAVA_HOME ||
    execFileSync(join(repoRoot, "scripts/find-jdk"), { encoding: "utf8" }).trim();
  return join(home, "bin/java");
}

/** A TCP port nothing listens on right now (the OS picks it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Spawns a long-lived process with stdout and stderr appended to `log`. Answers a handle the stack
 * description keeps: its pid and log, and how to stop it.
 */
export function startProcess(name, command, args, { env = {}, log, cwd = repoRoot } = {}) {
  const fd = openSync(log, "a");
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ["ignore", fd, fd],
    detached: false,
  });
  closeSync(fd);
  const handle = { name, pid: child.pid, log, exited: null, child };
  child.on("exit", (code, signal) => {
    handle.exited = { code, signal };
  });
  return handle;
}

/** Waits until `probe()` resolves true; fails naming the process and the tail of its log. */
export async function waitUntil(handle, probe, { timeoutMs = 240_000, what = handle.name } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (handle.exited) throw new Error(`${what} exited ${JSON.stringify(handle.exited)}:\n${tail(handle.log)}`);
    try {
      if (await probe()) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${what} did not come up in ${timeoutMs} ms:\n${tail(handle.log)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
export async function stopProcess(handle, graceMs = 8000) {
  if (!handle?.child || handle.exited) return;
  const gone = new Promise((r) => handle.child.once("exit", r));
  try {
    process.kill(handle.pid, "SIGCONT"); // a test may have left it stopped
    handle.child.kill("SIGTERM");
  } catch {
    return;
  }
  const timer = setTimeout(() => handle.child.kill("SIGKILL"), graceMs);
  await gone;
  clearTimeout(timer);
}

/** DynamoDB Local as its own process, started the way infra/test/self-hosted-test does. */
export async function startDynamoDbLocal(workDir, logDir) {
  const native = join(workDir, "native");
  mkdirSync(native, { recursive: true });
  const lib = join(repoRoot, "gateway/target/lib");
  const so = "libsqlite4java-linux-amd64-1.0.392.so";
  if (!existsSync(join(lib, so))) throw new Error(`${lib}/${so} is missing: make gateway-jar`);
  copyFileSync(join(lib, so), join(native, "libsqlite4java-linux-amd64.so"));
  const port = await freePort();
  const handle = startProcess(
    "dynamodb",
    javaBin(),
    [
      `-Dsqlite4java.library.path=${native}`,
      "-cp",
      `${lib}/*`,
      "software.amazon.dynamodb.services.local.main.ServerRunner",
      "-inMemory",
      "-sharedDb",
      "-port",
      String(port),
    ],
    { log: join(logDir, "dynamodb.log") },
  );
  const url = `http://127.0.0.1:${port}`;
  // Any HTTP answer means it listens (it answers 400 to a bare GET).
  await waitUntil(handle, async () => (await fetch(url)).status > 0);
  return { ...handle, url };
}

/** Resident memory of a process in MB, from /proc (what the kernel charges it). */
export function rssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

export function fileSize(path) {
  return existsSync(path) ? statSync(path).size : 0;
}

export function tail(path, lines = 30) {
  if (!existsSync(path)) return "(no log)";
  return readFileSync(path, "utf8").split("\n").slice(-lines).join("\n");
}
