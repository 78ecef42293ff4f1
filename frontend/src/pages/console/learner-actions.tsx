import { useState, type ReactElement, type SyntheticEvent } from "react";
import { useServices } from "../../app/services-context";
import type { LearnerUsage, OneTimeLink } from "../../api/classes-api";
import { ConfirmDialog } from "../../components/confirm-dialog";
import { CopyButton } from "../../components/copy-button";
import { useConsoleAction } from "./use-console-action";
import { NumberField, parseLimit } from "./number-field";

type Pending = "suspend" | "revoke" | null;

/** One learner's controls: quota override, suspend/restore, a reset link, revoke sessions. */
export function LearnerActions({
  classId,
  learner,
  onChanged,
}: {
  classId: string;
  learner: LearnerUsage;
  onChanged: () => void;
}): ReactElement {
  const { classesApi } = useServices();
  const [quota, setQuota] = useState(
    learner.dailyQuotaOverride === null ? "" : String(learner.dailyQuotaOverride),
  );
  const [confirm, setConfirm] = useState<Pending>(null);
  const { busy, error, setError, run: request } = useConsoleAction();
  const [done, setDone] = useState<string | null>(null);
  const [link, setLink] = useState<OneTimeLink | null>(null);
  const id = learner.userId;
  const name = learner.username;

  const run = (action: () => Promise<unknown>, success: string, refresh = true) => {
    setDone(null);
    request(action, () => {
      setConfirm(null);
      setDone(success);
      if (refresh) onChanged();
    });
  };

  const saveQuota = (event: SyntheticEvent) => {
    event.preventDefault();
    const value = parseLimit(quota, true);
    if (value === undefined) return setError("A daily quota is a whole number, or empty.");
    run(
      () => classesApi.setLearnerQuota(classId, id, value),
      value === null ? `${name} follows the class's quota again.` : `${name}: ${value} a day.`,
    );
  };

  return (
    <div className="learner-actions">
      {error !== null && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {done !== null && (
        <p className="notice" role="status">
          {done}
        </p>
      )}
      <form className="inline-form" onSubmit={saveQuota} noValidate>
        <NumberField
          id={`quota-${id}`}
          label={`Daily messages for ${name}`}
          value={quota}
          onChange={setQuota}
          hint="Empty: the class's quota applies."
        />
        <button type="submit" className="button secondary small" disabled={busy}>
          Save quota
        </button>
      </form>
      <div className="action-row">
        {learner.suspended ? (
          <button
            type="button"
            className="button secondary small"
            disabled={busy}
            onClick={() => run(() => classesApi.restore(classId, id), `${name} is restored.`)}
          >
            Restore {name}
          </button>
        ) : (
          <button
            type="button"
            className="button danger small"
            disabled={busy}
            onClick={() => setConfirm("suspend")}
          >
            Suspend {name}
          </button>
        )}
        <button
          type="button"
          className="button secondary small"
          disabled={busy}
          onClick={() => request(() => classesApi.passwordResetLink(classId, id), setLink)}
        >
          Password reset link
        </button>
        <button
          type="button"
          className="button secondary small"
          disabled={busy}
          onClick={() => setConfirm("revoke")}
        >
          Sign out everywhere
        </button>
      </div>
      {link !== null && (
        <div className="one-time-link">
          <label htmlFor={`reset-${id}`}>One-time link for {name}</label>
          <div className="copy-row">
            <input
              id={`reset-${id}`}
              readOnly
              value={link.url}
              onFocus={(e) => e.target.select()}
            />
            <CopyButton text={link.url} label="Copy reset link" />
          </div>
          <p className="field-hint">
            Works once, until {new Date(link.expiresAt).toLocaleString()}. Give it to {name} in
            person or through the school's channel.
          </p>
        </div>
      )}
      {confirm === "suspend" && (
        <ConfirmDialog
          title={`Suspend ${name}?`}
          body={`${name} is disconnected now and cannot sign in until you restore them. Their usage stays.`}
          confirmLabel="Suspend"
          busyLabel="Suspending…"
          busy={busy}
          error={error}
          onConfirm={() => run(() => classesApi.suspend(classId, id), `${name} is suspended.`)}
          onCancel={() => setConfirm(null)}
        />
      )}
      {confirm === "revoke" && (
        <ConfirmDialog
          title={`Sign ${name} out everywhere?`}
          body={`Every sign-in of ${name} ends and open chats disconnect; they can log in again.`}
          confirmLabel="Sign out everywhere"
          busyLabel="Signing out…"
          busy={busy}
          error={error}
          onConfirm={() =>
            run(
              () => classesApi.revokeSessions(classId, id),
              `${name} is signed out everywhere.`,
              false,
            )
          }
          onCancel={() => setConfirm(null)}
        />
      )}
    </div>
  );
}
