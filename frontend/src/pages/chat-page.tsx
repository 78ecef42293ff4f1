import { useCallback, useEffect, useRef, useState, type ReactElement } from "react";
import { useServices } from "../app/services-context";
import type { User } from "../api/types";
import { useAuth } from "../auth/use-auth";
import { useCanTeach } from "../auth/use-can-teach";
import { ChatContext } from "../chat/chat-context";
import { useChat } from "../chat/use-chat";
import { useSessions } from "../chat/use-sessions";
import { Composer } from "../components/composer";
import { ConnectionStatus } from "../components/connection-status";
import { CloseIcon, LogoMark, LogoutIcon, MenuIcon } from "../components/icons";
import { MessageList } from "../components/message-list";
import { NoticeBanner } from "../components/notice-banner";
import { SessionSidebar } from "../components/session-sidebar";
import { YourDataDialog } from "../components/your-data-dialog";
import type { Route } from "../routing/route";

export interface ChatPageProps {
  user: User;
  sessionId: string | null;
  navigate: (route: Route, replace?: boolean) => void;
}

export function ChatPage({ user, sessionId, navigate }: ChatPageProps): ReactElement {
  const services = useServices();
  const { logout } = useAuth();
  const sessions = useSessions(services.sessionsApi);
  const canTeach = useCanTeach(services.meApi);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [dataOpen, setDataOpen] = useState(false);
  const drawerToggleRef = useRef<HTMLButtonElement>(null);
  const drawerCloseRef = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(false);
  const { refresh } = sessions;

  const chat = useChat({
    services,
    sessionId,
    onSessionStarted: useCallback(
      (id: string) => {
        navigate({ name: "chat", sessionId: id }, true);
        refresh();
      },
      [navigate, refresh],
    ),
    onReplyFinished: refresh,
  });

  // Keyboard users land inside the drawer when it opens and back on its toggle when it closes.
  useEffect(() => {
    if (drawerOpen) drawerCloseRef.current?.focus();
    else if (wasOpen.current) drawerToggleRef.current?.focus();
    wasOpen.current = drawerOpen;
  }, [drawerOpen]);

  useEffect(() => {
    if (!drawerOpen) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") setDrawerOpen(false);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [drawerOpen]);

  const activeId = chat.state.sessionId ?? sessionId;
  const title = sessions.items.find((s) => s.id === activeId)?.title ?? "New chat";

  return (
    <ChatContext value={chat}>
      <div className={`page chat-layout${drawerOpen ? " drawer-open" : ""}`}>
        <a className="skip-link" href="#composer-input">
          Skip to the message box
        </a>
        <aside className="sidebar" id="sidebar" aria-label="Sidebar">
          <div className="sidebar-head">
            <a href="#/" className="brand" aria-label="IBAL home">
              <LogoMark size={24} /> <span>IBAL</span>
            </a>
            <button
              type="button"
              ref={drawerCloseRef}
              className="icon-button drawer-close"
              aria-label="Close conversations"
              onClick={() => setDrawerOpen(false)}
            >
              <CloseIcon />
            </button>
          </div>
          <SessionSidebar
            sessions={sessions}
            activeSessionId={activeId}
            onOpen={() => setDrawerOpen(false)}
            onNewChat={() => {
              setDrawerOpen(false);
              navigate({ name: "chat", sessionId: null });
            }}
            onDeleted={(id) => {
              if (id === activeId) navigate({ name: "chat", sessionId: null }, true);
            }}
          />
          {canTeach && (
            <a className="button secondary small console-link" href="#/console">
              Class console
            </a>
          )}
          <div className="sidebar-foot">
            <span className="avatar" aria-hidden="true">
              {(user.displayName || user.username).slice(0, 1).toUpperCase()}
            </span>
            <span className="user-name">{user.displayName || user.username}</span>
            <button type="button" className="text-button" onClick={() => setDataOpen(true)}>
              Your data
            </button>
            <button
              type="button"
              className="icon-button"
              aria-label="Log out"
              onClick={() => void logout()}
            >
              <LogoutIcon />
            </button>
          </div>
        </aside>
        <div className="scrim" aria-hidden="true" onClick={() => setDrawerOpen(false)} />
        {dataOpen && (
          <YourDataDialog
            meApi={services.meApi}
            onClose={() => setDataOpen(false)}
            onDeleted={() => {
              // The account is gone: forget the sign-in here too (no refresh token to revoke).
              services.tokens.signOut();
              navigate({ name: "welcome" }, true);
            }}
          />
        )}
        <main className="chat-main" id="main">
          <header className="chat-header">
            <button
              type="button"
              ref={drawerToggleRef}
              className="icon-button drawer-toggle"
              aria-label="Open conversations"
              aria-expanded={drawerOpen}
              aria-controls="sidebar"
              onClick={() => setDrawerOpen(true)}
            >
              <MenuIcon />
            </button>
            <h1 className="chat-title">{title}</h1>
            <ConnectionStatus status={chat.state.status} />
          </header>
          <NoticeBanner
            notice={chat.state.notice}
            onDismiss={chat.dismissNotice}
            onNewChat={() => {
              chat.dismissNotice();
              navigate({ name: "chat", sessionId: null }, true);
            }}
          />
          <MessageList />
          <Composer />
        </main>
      </div>
    </ChatContext>
  );
}
