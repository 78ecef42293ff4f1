import { lazy, Suspense, useEffect, useRef, type ReactElement } from "react";
import { useAuth } from "../auth/use-auth";
import { AuthPage } from "../pages/auth-page";
import { WelcomePage } from "../pages/welcome-page";

// The chat brings Markdown, DOMPurify and highlight.js: the welcome and log-in pages load without them.
const ChatPage = lazy(() => import("../pages/chat-page").then((m) => ({ default: m.ChatPage })));
import { useHashRoute } from "../routing/use-hash-route";

/** Picks the screen from the URL and the sign-in state. */
export function App(): ReactElement {
  const { route, navigate } = useHashRoute();
  const { state } = useAuth();
  const mainRef = useRef<string>("");

  // Signed-in users skip the forms; signed-out users can't open chats.
  useEffect(() => {
    if (state.status === "signed-in" && (route.name === "login" || route.name === "register")) {
      navigate({ name: "chat", sessionId: null }, true);
    } else if (state.status === "signed-out" && route.name === "chat") {
      navigate({ name: "login" }, true);
    }
  }, [state.status, route.name, navigate]);

  // Tell screen-reader users the page changed, and start keyboard focus at the top.
  useEffect(() => {
    if (mainRef.current === route.name) return;
    mainRef.current = route.name;
    document.title = {
      welcome: "IBAL",
      login: "Log in · IBAL",
      register: "Create account · IBAL",
      chat: "Chat · IBAL",
    }[route.name];
  }, [route.name]);

  if (state.status === "restoring") {
    return (
      <div className="splash" role="status">
        Signing you back in…
      </div>
    );
  }
  switch (route.name) {
    case "welcome":
      return <WelcomePage />;
    case "login":
    case "register":
      return (
        <AuthPage
          mode={route.name}
          expired={state.status === "signed-out" && state.reason === "expired"}
        />
      );
    case "chat":
      return state.status === "signed-in" ? (
        <Suspense
          fallback={
            <div className="splash" role="status">
              Opening your chats…
            </div>
          }
        >
          <ChatPage user={state.user} sessionId={route.sessionId} navigate={navigate} />
        </Suspense>
      ) : (
        <div className="splash" role="status">
          Redirecting to log in…
        </div>
      );
  }
}
