import { toWsErrorCode, type WsErrorCode } from "./error-codes";

/** A source the model cited. */
export interface Source {
  title: string;
  url?: string;
  snippet?: string;
}

export interface UserInfoFrame {
  type: "user_info";
  username: string;
  displayName: string;
  sessionId: string;
  ts: number;
}

export interface AckFrame {
  type: "ack";
  clientMessageId: string;
  messageId: string;
  sessionId: string;
  ts: number;
}

export interface ChunkFrame {
  type: "chunk";
  messageId: string;
  replyTo: string;
  seq: number;
  delta: string;
  ts: number;
}

export interface MessageFrame {
  type: "message";
  messageId: string;
  replyTo: string;
  role: "assistant";
  content: string;
  sessionId: string;
  createdAt: string;
  stopped: boolean;
  sources: Source[];
  followUps: string[];
  ts: number;
}

export interface ErrorFrame {
  type: "error";
  code: WsErrorCode;
  retryable: boolean;
  replyTo?: string;
  ts: number;
}

export interface PongFrame {
  type: "pong";
  ts: number;
}

/**
 * API Gateway's own answer to a frame over the connection's rate (`{"message":"Too Many
 * Requests","connectionId","requestId"}`, no `type`): the frame was not routed, and the answer
 * does not say which one it was.
 */
export interface ThrottledFrame {
  type: "throttled";
  ts: number;
}

/** Every frame the server sends, discriminated by `type`. */
export type ServerFrame =
  UserInfoFrame | AckFrame | ChunkFrame | MessageFrame | ErrorFrame | PongFrame | ThrottledFrame;

/** Every frame the client sends, discriminated by `action`. */
export type ClientFrame =
  | { action: "hello"; sessionId?: string }
  | { action: "sendMessage"; sessionId?: string; clientMessageId: string; content: string }
  | { action: "stop"; messageId?: string }
  | { action: "ping" };

type Json = Record<string, unknown>;

const str = (o: Json, k: string): string | undefined =>
  typeof o[k] === "string" ? o[k] : undefined;
const num = (o: Json, k: string): number | undefined =>
  typeof o[k] === "number" && Number.isFinite(o[k]) ? o[k] : undefined;

export function parseSources(value: unknown): Source[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown) => {
    if (typeof item !== "object" || item === null) return [];
    const o = item as Json;
    const title = str(o, "title") ?? str(o, "url");
    if (title === undefined) return [];
    return [{ title, url: str(o, "url"), snippet: str(o, "snippet") }];
  });
}

export function parseFollowUps(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.filter((v): v is string => typeof v === "string" && v.trim() !== "");
}

/**
 * Turns raw socket text into a typed frame, or null for anything malformed or unknown:
 * a bad frame from the server must never crash the page.
 */
export function parseServerFrame(text: string): ServerFrame | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof raw !== "object" || raw === null) return null;
  const o = raw as Json;
  const ts = num(o, "ts") ?? Date.now();
  switch (o.type) {
    case "user_info": {
      const sessionId = str(o, "sessionId");
      if (sessionId === undefined) return null;
      const username = str(o, "username") ?? "";
      return {
        type: "user_info",
        username,
        displayName: str(o, "displayName") ?? username,
        sessionId,
        ts,
      };
    }
    case "ack": {
      const clientMessageId = str(o, "clientMessageId");
      const messageId = str(o, "messageId");
      const sessionId = str(o, "sessionId");
      if (clientMessageId === undefined || messageId === undefined || sessionId === undefined)
        return null;
      return { type: "ack", clientMessageId, messageId, sessionId, ts };
    }
    case "chunk": {
      const messageId = str(o, "messageId");
      const seq = num(o, "seq");
      const delta = str(o, "delta");
      if (messageId === undefined || seq === undefined || delta === undefined) return null;
      return { type: "chunk", messageId, replyTo: str(o, "replyTo") ?? "", seq, delta, ts };
    }
    case "message": {
      const messageId = str(o, "messageId");
      const content = str(o, "content");
      if (messageId === undefined || content === undefined) return null;
      return {
        type: "message",
        messageId,
        replyTo: str(o, "replyTo") ?? "",
        role: "assistant",
        content,
        sessionId: str(o, "sessionId") ?? "",
        createdAt: str(o, "createdAt") ?? new Date(ts).toISOString(),
        stopped: o.stopped === true,
        sources: parseSources(o.sources),
        followUps: parseFollowUps(o.followUps),
        ts,
      };
    }
    case "error":
      return {
        type: "error",
        code: toWsErrorCode(o.code),
        retryable: o.retryable === true,
        replyTo: str(o, "replyTo"),
        ts,
      };
    case "pong":
      return { type: "pong", ts };
    case undefined:
      return o.message === "Too Many Requests" ? { type: "throttled", ts } : null;
    default:
      return null;
  }
}
