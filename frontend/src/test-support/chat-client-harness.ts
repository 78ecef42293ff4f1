import { vi } from "vitest";
import { ChatClient, type ChatClientEvent } from "../protocol/chat-client";
import { FakeWebSocket } from "./fake-web-socket";

/** A ChatClient on fake sockets and fake timers; the test plays the server. */
export interface Harness {
  client: ChatClient;
  sockets: FakeWebSocket[];
  events: ChatClientEvent[];
  latest: () => FakeWebSocket;
}

export function harness(
  overrides: Partial<ConstructorParameters<typeof ChatClient>[0]> = {},
): Harness {
  const sockets: FakeWebSocket[] = [];
  const events: ChatClientEvent[] = [];
  let ids = 0;
  const client = new ChatClient({
    connectUrl: () => Promise.resolve("wss://example.test/ws?ticket=t"),
    createSocket: (url) => {
      const socket = new FakeWebSocket(url);
      sockets.push(socket);
      return socket;
    },
    random: () => 0.5,
    createId: () => `c-${++ids}`,
    backoff: { baseMs: 1000, maxMs: 8000 },
    ...overrides,
  });
  client.subscribe((e) => events.push(e));
  return {
    client,
    sockets,
    events,
    latest: () => {
      const last = sockets.at(-1);
      if (last === undefined) throw new Error("no socket opened");
      return last;
    },
  };
}

/** Lets the async connectUrl() resolve and the socket be created. */
export const settle = () => vi.advanceTimersByTimeAsync(0);

export async function connected(h: Harness, sessionId = "s-1"): Promise<FakeWebSocket> {
  await settle();
  const socket = h.latest();
  socket.open();
  socket.serverSends({ type: "user_info", username: "ada", displayName: "Ada", sessionId });
  return socket;
}

/** A client started on a new chat, its first socket open and the hello answered. */
export async function startedAndConnected(): Promise<{ h: Harness; socket: FakeWebSocket }> {
  const h = harness();
  h.client.start(null);
  return { h, socket: await connected(h) };
}

/** The server streams delta number `seq` of reply m-r (to the user's message m-u). */
export function sendChunk(socket: FakeWebSocket, seq: number, delta: string): void {
  socket.serverSends({ type: "chunk", messageId: "m-r", replyTo: "m-u", seq, delta });
}

export const ofType = <T extends ChatClientEvent["type"]>(events: ChatClientEvent[], type: T) =>
  events.filter((e): e is Extract<ChatClientEvent, { type: T }> => e.type === type);
