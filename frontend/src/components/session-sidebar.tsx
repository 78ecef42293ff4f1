import { useMemo, useState, type ReactElement } from "react";
import type { Session } from "../api/types";
import { groupSessionsByDay } from "../chat/group-by-day";
import type { SessionsController } from "../chat/use-sessions";
import { ConfirmDialog } from "./confirm-dialog";
import { PlusIcon } from "./icons";
import { SessionItem } from "./session-item";

export interface SessionSidebarProps {
  sessions: SessionsController;
  activeSessionId: string | null;
  onOpen: (id: string) => void;
  onNewChat: () => void;
  onDeleted: (id: string) => void;
}

export function SessionSidebar({
  sessions,
  activeSessionId,
  onOpen,
  onNewChat,
  onDeleted,
}: SessionSidebarProps): ReactElement {
  const [pendingDelete, setPendingDelete] = useState<Session | null>(null);
  const [deleting, setDeleting] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const groups = useMemo(() => groupSessionsByDay(sessions.items, new Date()), [sessions.items]);

  const confirmDelete = () => {
    if (pendingDelete === null) return;
    const { id } = pendingDelete;
    setDeleting(true);
    sessions.remove(id).then(
      () => {
        setDeleting(false);
        setPendingDelete(null);
        onDeleted(id);
      },
      () => {
        setDeleting(false);
        setDeleteError("Could not delete the conversation. Check your connection and try again.");
      },
    );
  };

  return (
    <nav className="sidebar-nav" aria-label="Conversations">
      <button type="button" className="button new-chat" onClick={onNewChat}>
        <PlusIcon /> New chat
      </button>
      <div className="session-groups">
        {groups.map((group) => (
          <section key={group.label} aria-labelledby={`group-${group.label}`}>
            <h2 className="group-label" id={`group-${group.label}`}>
              {group.label}
            </h2>
            <ul className="session-list">
              {group.sessions.map((session) => (
                <SessionItem
                  key={session.id}
                  session={session}
                  active={session.id === activeSessionId}
                  onOpen={onOpen}
                  onRename={sessions.rename}
                  onDelete={(s) => {
                    setDeleteError(null);
                    setPendingDelete(s);
                  }}
                />
              ))}
            </ul>
          </section>
        ))}
        {sessions.loading && (
          <p className="quiet sidebar-note" role="status">
            Loading conversations…
          </p>
        )}
        {!sessions.loading && sessions.error === null && sessions.items.length === 0 && (
          <p className="quiet sidebar-note">No conversations yet. Your chats will appear here.</p>
        )}
        {sessions.error !== null && (
          <div className="inline-error sidebar-note" role="alert">
            <span>
              {sessions.error === "network"
                ? "Can't reach the server."
                : "Could not load conversations."}
            </span>
            <button type="button" className="text-button" onClick={sessions.refresh}>
              Try again
            </button>
          </div>
        )}
        {sessions.nextCursor !== null && !sessions.loading && (
          <button type="button" className="text-button load-more" onClick={sessions.loadMore}>
            Show older conversations
          </button>
        )}
      </div>
      {pendingDelete !== null && (
        <ConfirmDialog
          title="Delete this conversation?"
          body={`“${pendingDelete.title}” and all its messages will be deleted. This cannot be undone.`}
          confirmLabel="Delete"
          busy={deleting}
          error={deleteError}
          onConfirm={confirmDelete}
          onCancel={() => setPendingDelete(null)}
        />
      )}
    </nav>
  );
}
