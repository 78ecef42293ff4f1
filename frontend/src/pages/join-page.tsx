import { useState, type ReactElement } from "react";
import { ApiError } from "../api/api-error";
import { useServices } from "../app/services-context";
import { useAuth } from "../auth/use-auth";
import { LogoMark } from "../components/icons";
import { routeHash } from "../routing/route";

function joinError(error: unknown): string {
  const code = error instanceof ApiError ? error.code : "internal";
  if (code === "invalid_invite" || code === "invite_required" || code === "not_found") {
    return "This invite is not valid any more: it expired, was revoked or has no seats left. Ask your teacher for a new one.";
  }
  if (code === "network") return "Can't reach the server. Check your connection and try again.";
  if (code === "account_suspended") return "Your account is suspended. Ask your teacher.";
  return "Something went wrong on our side. Please try again.";
}

/** `/join/{code}`: a signed-in learner joins; anyone else creates an account or logs in first. */
export function JoinPage({ code }: { code: string }): ReactElement {
  const { classesApi } = useServices();
  const { state } = useAuth();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [joined, setJoined] = useState<string | null>(null);

  const join = () => {
    setBusy(true);
    setError(null);
    classesApi.join(code).then(
      (result) => {
        setBusy(false);
        setJoined(result.name);
      },
      (failure: unknown) => {
        setBusy(false);
        setError(joinError(failure));
      },
    );
  };

  return (
    <div className="page auth">
      <main className="auth-card" id="main">
        <a href="#/" className="brand" aria-label="IBAL home">
          <LogoMark size={36} />
        </a>
        <h1>{joined === null ? "Join your class" : `You joined ${joined}`}</h1>
        {error !== null && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        {joined !== null ? (
          <a
            className="button primary large full"
            href={routeHash({ name: "chat", sessionId: null })}
          >
            Start chatting
          </a>
        ) : state.status === "signed-in" ? (
          <>
            <p className="quiet">
              Your teacher invited you with the code <code>{code}</code>. Your questions will count
              toward this class.
            </p>
            <button
              type="button"
              className="button primary large full"
              disabled={busy}
              onClick={join}
            >
              {busy ? "Joining…" : "Join class"}
            </button>
          </>
        ) : (
          <>
            <p className="quiet">
              Your teacher invited you with the code <code>{code}</code>. Create an account, or log
              in if you have one.
            </p>
            <a
              className="button primary large full"
              href={routeHash({ name: "register", invite: code })}
            >
              Create an account
            </a>
            <p className="switch-auth">
              Already have an account?{" "}
              <a href={routeHash({ name: "login", joinCode: code })}>Log in to join</a>
            </p>
          </>
        )}
      </main>
    </div>
  );
}
