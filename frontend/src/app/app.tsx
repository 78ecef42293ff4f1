import { lazy, Suspense, useEffect, useRef, type ReactElement } from "react";
import { useAuth } from "../auth/use-auth";
import { AuthPage } from "../pages/auth-page";
import { WelcomePage } from "../pages/welcome-page";
import { useHashRoute } from "../routing/use-hash-route";
import type { Route } from "../routing/route";

// The chat brings Markdown, DOMPurify and highlight.js: the welcome and log-in pages load without them.
const ChatPage = lazy(() => import("../pages/chat-page").then((m) => ({ default: m.ChatPage })));
// Invite and reset links are rare visits: their pages stay out of the first load.
const JoinPage = lazy(() => import("../pages/join-page").then((m) => ({ default: m.JoinPage })));
const ResetPage = lazy(() => import("../pages/reset-page").then((m) => ({ default: m.ResetPage })));
// Only teachers and admins open the console: learners never download it.
const ConsolePage = lazy(() =>
  import("../pages/console/console-page").then((m) => ({ default: m.ConsolePage })),
);

const TITLES: Record<Route["name"], string> = {
  welcome: "IBAL",
  login: "Log in · IBAL",
  register: "Create account · IBAL",
  chat: "Chat · IBAL",
  console: "Class console · IBAL",
  join: "Join a class · IBAL",
  reset: "New password · IBAL",
};

const splash = (text: string) => (
  <div className="splash" role="status">
    {text}
  </div>
);

/** Picks the screen from the URL and the sign-in state. */
export function App(): ReactElement {
  const { route, navigate } = useHashRoute();
  const { state } = useAuth();
  const mainRef = useRef<string>("");

  // Signed-in users skip the forms; signed-out users can't open chats or the console.
  useEffect(() => {
    if (state.status === "signed-in" && (route.name === "login" || route.name === "register")) {
      // Signed in from an invite link: back to the invite, which names the class and joins
      // it (the server enrols at registration only under REGISTRATION_POLICY=invite; joining
      // twice spends no seat).
      const code = route.name === "login" ? route.joinCode : route.invite;
      if (code !== undefined) {
        navigate({ name: "join", code }, true);
      } else {
        navigate({ name: "chat", sessionId: null }, true);
      }
    } else if (
      state.status === "signed-out" &&
      (route.name === "chat" || route.name === "console")
    ) {
      navigate({ name: "login" }, true);
    }
  }, [state.status, route, navigate]);

  // Tell screen-reader users the page changed, and start keyboard focus at the top.
  useEffect(() => {
    if (mainRef.current === route.name) return;
    mainRef.current = route.name;
    document.title = TITLES[route.name];
  }, [route.name]);

  if (state.status === "restoring") return splash("Signing you back in…");
  switch (route.name) {
    case "welcome":
      return <WelcomePage />;
    case "login":
    case "register":
      return (
        <AuthPage
          mode={route.name}
          expired={state.status === "signed-out" && state.reason === "expired"}
          invite={route.name === "register" ? route.invite : undefined}
        />
      );
    case "join":
      return (
        <Suspense fallback={splash("Opening your invite…")}>
          <JoinPage code={route.code} />
        </Suspense>
      );
    case "reset":
      return (
        <Suspense fallback={splash("Opening the reset page…")}>
          <ResetPage token={route.token} />
        </Suspense>
      );
    case "chat":
      return state.status === "signed-in" ? (
        <Suspense fallback={splash("Opening your chats…")}>
          <ChatPage user={state.user} sessionId={route.sessionId} navigate={navigate} />
        </Suspense>
      ) : (
        splash("Redirecting to log in…")
      );
    case "console":
      return state.status === "signed-in" ? (
        <Suspense fallback={splash("Opening the class console…")}>
          <ConsolePage user={state.user} classId={route.classId} navigate={navigate} />
        </Suspense>
      ) : (
        splash("Redirecting to log in…")
      );
  }
}
