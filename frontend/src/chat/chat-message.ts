import type { ChatErrorCode } from "../protocol/error-codes";
import type { Source } from "../protocol/frames";

/** One bubble in the conversation, discriminated by `type`; components render by it. */
export type ChatMessage =
  | {
      type: "user";
      key: string;
      clientMessageId: string;
      /** The server's id, once acknowledged. */
      messageId?: string;
      content: string;
      createdAt: string;
      status: "queued" | "sending" | "delivered" | "failed";
      /** Loaded from history rather than sent from this page: no reply is awaited. */
      fromHistory?: boolean;
      error?: { code: ChatErrorCode; retryable: boolean };
    }
  | {
      type: "assistant-streaming";
      key: string;
      messageId: string;
      replyTo: string;
      content: string;
      createdAt: string;
    }
  | {
      type: "assistant";
      key: string;
      messageId: string;
      replyTo?: string;
      content: string;
      createdAt: string;
      stopped: boolean;
      sources: Source[];
      followUps: string[];
    };
