import type { ReactElement } from "react";
import { describeChatError, type ChatErrorCode } from "../protocol/error-codes";
import { CloseIcon } from "./icons";

/** Errors that belong to the conversation rather than to one message. */
export function NoticeBanner({
  notice,
  onDismiss,
  onNewChat,
}: {
  notice: ChatErrorCode | null;
  onDismiss: () => void;
  onNewChat: () => void;
}): ReactElement | null {
  if (notice === null) return null;
  return (
    <div className="notice-banner" role="alert">
      <span>{describeChatError(notice)}</span>
      {notice === "session_not_found" && (
        <button type="button" className="text-button" onClick={onNewChat}>
          Start a new chat
        </button>
      )}
      <button type="button" className="icon-button small" aria-label="Dismiss" onClick={onDismiss}>
        <CloseIcon />
      </button>
    </div>
  );
}
