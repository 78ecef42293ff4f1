import { useState, type SyntheticEvent, type ReactElement } from "react";
import { ApiError } from "../api/api-error";
import {
  authErrorToFields,
  validateDisplayName,
  validatePassword,
  validateUsername,
  type FieldErrors,
} from "../auth/credentials-rules";
import { useAuth } from "../auth/use-auth";
import { LogoMark } from "../components/icons";
import { TextField } from "../components/text-field";

const FIELD_ORDER = ["username", "displayName", "password", "inviteCode"] as const;
const FIELD_IDS = {
  username: "username",
  displayName: "display-name",
  password: "password",
  inviteCode: "invite-code",
} as const;

export function AuthPage({
  mode,
  expired,
  invite,
}: {
  mode: "login" | "register";
  expired: boolean;
  /** From an invite link (`/join/{code}` → Create an account): filled in and shown. */
  invite?: string;
}): ReactElement {
  const { login, register } = useAuth();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [displayName, setDisplayName] = useState("");
  const [inviteCode, setInviteCode] = useState(invite ?? "");
  // The invite field appears with an invite link, or once the server says this site
  // registers by invitation.
  const [askInvite, setAskInvite] = useState(invite !== undefined);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const isRegister = mode === "register";

  const onSubmit = (event: SyntheticEvent) => {
    event.preventDefault();
    const local: FieldErrors = isRegister
      ? {
          username: validateUsername(username),
          displayName: validateDisplayName(displayName),
          password: validatePassword(password, username),
        }
      : {
          username: username.trim() === "" ? "Enter your username." : undefined,
          password: password === "" ? "Enter your password." : undefined,
        };
    const firstWrong = FIELD_ORDER.find((field) => local[field] !== undefined);
    if (firstWrong !== undefined) {
      setErrors(local);
      // Move the keyboard user to the first field that needs attention.
      document.getElementById(FIELD_IDS[firstWrong])?.focus();
      return;
    }
    setErrors({});
    setBusy(true);
    const name = username.trim().toLowerCase();
    const sentInvite = askInvite && inviteCode.trim() !== "";
    const attempt = isRegister
      ? register({ username: name, password, displayName, inviteCode })
      : login(name, password);
    attempt.catch((error: unknown) => {
      setBusy(false);
      const fields = authErrorToFields(
        error instanceof ApiError ? error.code : "internal",
        mode,
        sentInvite,
      );
      setErrors(fields);
      if (fields.inviteCode !== undefined) setAskInvite(true);
      const wrong = FIELD_ORDER.find((field) => fields[field] !== undefined);
      if (wrong !== undefined) document.getElementById(FIELD_IDS[wrong])?.focus();
    });
  };

  return (
    <div className="page auth">
      <main className="auth-card" id="main">
        <a href="#/" className="brand" aria-label="IBAL home">
          <LogoMark size={36} />
        </a>
        <h1>{isRegister ? "Create your account" : "Welcome back"}</h1>
        <p className="quiet">
          {isRegister
            ? "It takes ten seconds. No email needed."
            : "Log in to continue your conversations."}
        </p>
        {expired && !isRegister && (
          <p className="notice" role="status">
            Your session ended. Please log in again.
          </p>
        )}
        <form onSubmit={onSubmit} noValidate>
          {errors.form !== undefined && (
            <p className="form-error" role="alert">
              {errors.form}
            </p>
          )}
          <TextField
            id="username"
            label="Username"
            value={username}
            onChange={setUsername}
            autoComplete="username"
            error={errors.username}
            hint={isRegister ? "3–32 characters: letters, digits, . _ -" : undefined}
          />
          {isRegister && (
            <TextField
              id="display-name"
              label="Display name (optional)"
              value={displayName}
              onChange={setDisplayName}
              autoComplete="name"
              error={errors.displayName}
            />
          )}
          <TextField
            id="password"
            label="Password"
            type="password"
            value={password}
            onChange={setPassword}
            autoComplete={isRegister ? "new-password" : "current-password"}
            error={errors.password}
            hint={
              isRegister
                ? "At least 8 characters, not a common password, not your username."
                : undefined
            }
          />
          {isRegister && askInvite && (
            <TextField
              id="invite-code"
              label="Invite code"
              value={inviteCode}
              onChange={setInviteCode}
              autoComplete="off"
              error={errors.inviteCode}
              hint="From your teacher."
            />
          )}
          <button type="submit" className="button primary large full" disabled={busy}>
            {busy
              ? isRegister
                ? "Creating account…"
                : "Logging in…"
              : isRegister
                ? "Create account"
                : "Log in"}
          </button>
        </form>
        <p className="switch-auth">
          {isRegister ? (
            <>
              Already have an account? <a href="#/login">Log in</a>
            </>
          ) : (
            <>
              New to IBAL? <a href="#/register">Create an account</a>
            </>
          )}
        </p>
      </main>
    </div>
  );
}
