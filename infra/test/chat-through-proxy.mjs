// Drives the self-hosted topology the way a browser does: config.json, register, then several
// WebSocket chats through Caddy (spread over the replicas), and history over HTTP. Also what the proxy must not do:
// serve an internal path, or refuse the LMS (LMS_ORIGIN, one of ALLOWED_ORIGINS) its CORS preflight.
// Usage: LMS_ORIGIN=https://lms.example.test node --experimental-websocket chat-through-proxy.mjs http://127.0.0.1:PORT CHATS
import assert from "node:assert/strict";

const [base, chatsArg] = process.argv.slice(2);
const chats = Number(chatsArg ?? 4);

async function json(path, init = {}) {
  const res = await fetch(base + path, {
    ...init,
    headers: { "content-type": "application/json", ...(init.headers ?? {}) },
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

function chat(wsUrl, token, question) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${wsUrl}?token=${encodeURIComponent(token)}`);
    const frames = [];
    const timer = setTimeout(() => reject(new Error(`no reply; frames: ${JSON.stringify(frames)}`)), 60000);
    ws.onopen = () => ws.send(JSON.stringify({ action: "hello" }));
    ws.onerror = () => reject(new Error("WebSocket error through the proxy"));
    ws.onmessage = (event) => {
      const frame = JSON.parse(event.data);
      frames.push(frame);
      if (frame.type === "user_info") {
        ws.send(JSON.stringify({ action: "sendMessage", clientMessageId: crypto.randomUUID(), content: question }));
      } else if (frame.type === "message") {
        clearTimeout(timer);
        ws.close(1000);
        resolve(frames);
      } else if (frame.type === "error") {
        clearTimeout(timer);
        reject(new Error(`error frame: ${event.data}`));
      }
    };
  });
}

const config = await json("/config.json");
assert.equal(config.status, 200);
const host = new URL(base).host;
assert.equal(new URL(config.body.wsUrl).host, host, "config.json must point clients at the proxy");
assert.equal(config.headers.get("x-content-type-options"), "nosniff", "the app's security headers");

// The app's headers are template.yaml's CloudFront policy, served by the gateway through the proxy.
const app = await fetch(base + "/");
assert.equal(app.status, 200);
const csp = app.headers.get("content-security-policy") ?? "";
assert.match(csp, /connect-src 'self'/, `the app's CSP: ${csp}`);
assert.match(csp, /frame-ancestors /, `the app's CSP: ${csp}`);
assert.equal(app.headers.get("strict-transport-security"), null, "no HSTS over plain http");

// Internal paths are not served through the proxy, nor anything else outside the public surface (the gateway
// itself would answer this first path with the app's shell: only the proxy's matcher refuses it).
for (const [method, path] of [
  ["GET", "/not/a/public/path"],
  ["GET", "/_gateway/health"],
  ["POST", "/2015-03-31/functions/ChatFunction/invocations"],
  ["POST", "/prod/@connections/AAAAAAAAAAAAAAA="],
  ["GET", "/prod/@connections/AAAAAAAAAAAAAAA="],
]) {
  const res = await fetch(base + path, { method, body: method === "POST" ? "{}" : undefined });
  assert.equal(res.status, 404, `${method} ${path} through the proxy`);
}

// The LMS's preflight for the XBlock's seamless sign-in gets its CORS answer (ALLOWED_ORIGINS), another origin none.
const lms = process.env.LMS_ORIGIN;
assert.ok(lms, "LMS_ORIGIN must name an origin in the replicas' ALLOWED_ORIGINS");
const preflight = (origin) =>
  fetch(base + "/api/auth/lms", {
    method: "OPTIONS",
    headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
  });
const allowed = await preflight(lms);
assert.equal(allowed.headers.get("access-control-allow-origin"), lms, "the LMS origin's preflight");
const refused = await preflight("https://evil.example");
assert.equal(refused.headers.get("access-control-allow-origin"), null, "another origin's preflight");

const username = `proxy_${Date.now()}`;
const reg = await json("/api/auth/register", {
  method: "POST",
  body: JSON.stringify({ username, password: `Px-${crypto.randomUUID()}` }),
});
assert.equal(reg.status, 201, JSON.stringify(reg.body));
const token = reg.body.accessToken;

const results = await Promise.all(
  Array.from({ length: chats }, (_, i) => chat(config.body.wsUrl, token, `question number ${i}`)),
);
for (const [i, frames] of results.entries()) {
  const types = frames.map((f) => f.type);
  assert.ok(types.includes("ack"), `chat ${i}: ack`);
  assert.ok(types.includes("chunk"), `chat ${i}: chunks`);
  const final = frames.at(-1);
  assert.match(final.content, new RegExp(`question number ${i}`));
}

// Chats opened at the same moment may share a session: a hello without a sessionId continues the user's newest
// session while it has no message yet (a reload opens no new chat), so which chats share one depends on timing.
// What must hold: every session a chat was acked in, and every question and reply, is in the shared store,
// whichever replica served the chat and whichever serves the read.
const auth = { headers: { authorization: `Bearer ${token}` } };
const acked = new Set(results.map((frames) => frames.find((f) => f.type === "ack").sessionId));
const sessions = await json("/api/sessions", auth);
assert.equal(sessions.status, 200);
assert.deepEqual(new Set(sessions.body.items.map((s) => s.id)), acked, "every chat's session is in the shared store");
const stored = [];
for (const id of acked) {
  const messages = await json(`/api/sessions/${encodeURIComponent(id)}/messages`, auth);
  assert.equal(messages.status, 200);
  stored.push(...messages.body.items.map((m) => m.content));
}
for (let i = 0; i < chats; i++) {
  const mentions = stored.filter((content) => content.includes(`question number ${i}`));
  assert.equal(mentions.length, 2, `chat ${i}: its question and its reply are stored (${JSON.stringify(stored)})`);
}
console.log(`self-hosted: ${chats} chats through Caddy in ${acked.size} session(s), ${stored.length} messages read back`);
