import type { ReactElement } from "react";
import type { ConnectionStatus as Status } from "../protocol/chat-client";

const LABELS: Record<Status, string> = {
  connecting: "Connecting…",
  connected: "Connected",
  reconnecting: "Reconnecting…",
  offline: "Offline",
};

export function ConnectionStatus({ status }: { status: Status }): ReactElement {
  return (
    <p
      className={`connection ${status}`}
      role="status"
      aria-label={`Connection: ${LABELS[status]}`}
    >
      <span className="dot" aria-hidden="true" />
      <span className="connection-label">{LABELS[status]}</span>
    </p>
  );
}
