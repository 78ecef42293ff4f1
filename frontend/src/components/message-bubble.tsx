import type { ReactElement } from "react";
import type { ChatMessage } from "../chat/chat-message";
import { describeChatError } from "../protocol/error-codes";
import { CopyButton } from "./copy-button";
import { formatTime } from "./format-time";
import { LogoMark, RetryIcon } from "./icons";
import { MarkdownView } from "./markdown-view";
import { ReplyExtras } from "./reply-extras";

function Timestamp({ iso }: { iso: string }): ReactElement | null {
  const { short, full } = formatTime(iso);
  if (short === "") return null;
  return (
    <time dateTime={iso} title={full}>
      {short}
    </time>
  );
}

const AssistantAvatar = () => (
  <span className="assistant-avatar">
    <LogoMark size={28} />
  </span>
);

const USER_STATUS = {
  queued: "Waiting for connection",
  sending: "Sending…",
  delivered: "",
  failed: "Not sent",
};

export interface MessageBubbleProps {
  message: ChatMessage;
  onRetry: (clientMessageId: string) => void;
  onFollowUp: (text: string) => void;
}

/** One bubble, chosen by the message's `type`. */
export function MessageBubble({ message, onRetry, onFollowUp }: MessageBubbleProps): ReactElement {
  switch (message.type) {
    case "user":
      return (
        <article className="bubble-row from-user" aria-label="You said">
          <div className={`bubble user ${message.status}`}>
            <p className="plain-text">{message.content}</p>
          </div>
          <footer className="bubble-meta">
            {message.status !== "delivered" && (
              <span className="status-text">{USER_STATUS[message.status]}</span>
            )}
            <Timestamp iso={message.createdAt} />
            <CopyButton text={message.content} label="Copy message" />
          </footer>
          {message.error !== undefined && (
            <div className="bubble-error" role="alert">
              <span>{describeChatError(message.error.code)}</span>
              {message.error.retryable && (
                <button
                  type="button"
                  className="text-button"
                  onClick={() => onRetry(message.clientMessageId)}
                >
                  <RetryIcon /> Retry
                </button>
              )}
            </div>
          )}
        </article>
      );
    case "assistant-streaming":
      // Hidden from assistive tech while it grows: the final message is announced once instead.
      return (
        <article className="bubble-row from-assistant" aria-hidden="true" data-streaming="true">
          <AssistantAvatar />
          <div className="assistant-body">
            <div className="bubble assistant streaming">
              <MarkdownView content={message.content} />
              <span className="cursor" />
            </div>
          </div>
        </article>
      );
    case "assistant":
      return (
        <article className="bubble-row from-assistant" aria-label="IBAL replied">
          <AssistantAvatar />
          <div className="assistant-body">
            <div className="bubble assistant">
              <MarkdownView content={message.content} />
              {message.stopped && <p className="stopped-note">Stopped</p>}
            </div>
            <ReplyExtras
              sources={message.sources}
              followUps={message.followUps}
              onFollowUp={onFollowUp}
            />
            <footer className="bubble-meta">
              <Timestamp iso={message.createdAt} />
              <CopyButton text={message.content} label="Copy reply" />
            </footer>
          </div>
        </article>
      );
  }
}
