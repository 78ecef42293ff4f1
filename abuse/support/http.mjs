// Plain HTTP from a chosen source address: node:http's `localAddress`, so 127.0.0.2 and 127.0.0.3 are two
// different machines to the gateway (and to Caddy). fetch() cannot choose its source address.
import { request } from "node:http";

/**
 * One HTTP request. `body` objects go as JSON. Answers status, lower-cased headers, the text and `json`
 * (parsed, or null). Never throws for an HTTP status; throws for a network error (e.g. ECONNREFUSED).
 */
export function call(url, { method = "GET", headers = {}, body, from, agent = false, timeoutMs = 30_000 } = {}) {
  const target = new URL(url);
  const payload =
    body === undefined ? undefined : typeof body === "string" || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  const allHeaders = { ...headers };
  if (payload !== undefined && !Object.keys(allHeaders).some((h) => h.toLowerCase() === "content-type")) {
    allHeaders["content-type"] = "application/json";
  }
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method,
        headers: allHeaders,
        localAddress: from,
        agent, // by default a fresh connection each time: the source address is per connection
      },
      (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let json = null;
          try {
            json = text ? JSON.parse(text) : null;
          } catch {
            // not JSON
          }
          resolve({ status: res.statusCode, headers: res.headers, text, json });
        });
        res.on("error", reject);
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`${method} ${url}: no answer in ${timeoutMs} ms`)));
    req.on("error", reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

/** Milliseconds `fn` took, and what it answered. */
export async function timed(fn) {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}
