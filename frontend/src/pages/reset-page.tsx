import { useState, type ReactElement, type SyntheticEvent } from "react";
import { ApiError } from "../api/api-error";
import { useServices } from "../app/services-context";
import { validatePassword } from "../auth/credentials-rules";
import { LogoMark } from "../components/icons";
import { TextField } from "../components/text-field";

function resetError(error: unknown): string {
  const code = error instanceof ApiError ? error.code : "internal";
  switch (code) {
    case "not_found":
    case "unauthorized":
    case "forbidden":
      return "This link is not valid any more: it was used or it expired. Ask your teacher for a new one.";
    case "invalid_request":
      return "This password is too common or too short for this site, or the link expired. Choose a longer, less common password.";
    case "network":
      return "Can't reach the server. Check your connection and try again.";
    default:
      return "Something went wrong on our side. Please try again.";
  }
}

/** `/reset/{token}`: a new password through a teacher's one-time link. */
export function ResetPage({ token }: { token: string }): ReactElement {
  const { authApi } = useServices();
  const [password, setPassword] = useState("");
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);

  const onSubmit = (event: SyntheticEvent) => {
    event.preventDefault();
    const wrong = validatePassword(password, "");
    setFieldError(wrong);
    if (wrong !== undefined) {
      document.getElementById("new-password")?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    authApi.resetPassword({ token, password }).then(
      () => setDone(true),
      (failure: unknown) => {
        setBusy(false);
        setError(resetError(failure));
      },
    );
  };

  return (
    <div className="page auth">
      <main className="auth-card" id="main">
        <a href="#/" className="brand" aria-label="IBAL home">
          <LogoMark size={36} />
        </a>
        <h1>{done ? "Password changed" : "Choose a new password"}</h1>
        {done ? (
          <>
            <p className="notice" role="status">
              Your password is changed and your other sign-ins have ended.
            </p>
            <a className="button primary large full" href="#/login">
              Log in
            </a>
          </>
        ) : (
          <form onSubmit={onSubmit} noValidate>
            {error !== null && (
              <p className="form-error" role="alert">
                {error}
              </p>
            )}
            <TextField
              id="new-password"
              label="New password"
              type="password"
              value={password}
              onChange={setPassword}
              autoComplete="new-password"
              error={fieldError}
              hint="At least 8 characters, not a common password."
            />
            <button type="submit" className="button primary large full" disabled={busy}>
              {busy ? "Saving…" : "Set password"}
            </button>
          </form>
        )}
      </main>
    </div>
  );
}
