import { connect, createServer } from "node:net";
import { freePort } from "./free-port.mjs";

/**
 * A plain TCP relay in front of the gateway so a test can cut the network like a train
 * tunnel would: every open connection dies, and new ones are refused until restored.
 * The browser talks to the real gateway through it; nothing is mocked.
 */
export async function startDropProxy(targetPort) {
  const port = await freePort();
  const sockets = new Set();
  let blocked = false;
  const server = createServer((client) => {
    if (blocked) {
      client.destroy();
      return;
    }
    const upstream = connect(targetPort, "127.0.0.1");
    sockets.add(client);
    sockets.add(upstream);
    const forget = () => {
      sockets.delete(client);
      sockets.delete(upstream);
      client.destroy();
      upstream.destroy();
    };
    client.on("error", forget).on("close", forget);
    upstream.on("error", forget).on("close", forget);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    /** Kills every open connection and refuses new ones. */
    cut() {
      blocked = true;
      for (const socket of sockets) socket.destroy();
      sockets.clear();
    },
    restore() {
      blocked = false;
    },
    close() {
      this.cut();
      return new Promise((resolve) => server.close(() => resolve(undefined)));
    },
  };
}
