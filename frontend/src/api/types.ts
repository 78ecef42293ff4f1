import type { Source } from "../protocol/frames";

export interface User {
  id: string;
  username: string;
  displayName: string;
}

export interface Tokens {
  accessToken: string;
  refreshToken: string;
  /** Seconds the access token lives. */
  expiresIn: number;
  user: User;
}

export interface Session {
  id: string;
  title: string;
  createdAt: string;
  updatedAt: string;
}

export interface StoredMessage {
  id: string;
  sessionId: string;
  role: "user" | "assistant";
  content: string;
  createdAt: string;
  clientMessageId?: string;
  replyTo?: string;
  stopped?: boolean;
  sources?: Source[];
  followUps?: string[];
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
