import { useCallback, useState, type ReactElement, type SyntheticEvent } from "react";
import { useServices } from "../../app/services-context";
import type { Invite } from "../../api/classes-api";
import { CopyButton } from "../../components/copy-button";
import { describeConsoleError } from "./console-errors";
import { NumberField } from "./number-field";
import { useAsync } from "./use-async";
import { useConsoleAction } from "./use-console-action";

const EXPIRY_CHOICES = [
  { hours: 24, label: "1 day" },
  { hours: 24 * 7, label: "1 week" },
  { hours: 24 * 30, label: "30 days" },
];

function inviteState(invite: Invite, now: number): string {
  if (invite.revoked) return "revoked";
  if (Date.parse(invite.expiresAt) <= now) return "expired";
  if (invite.used >= invite.seats) return "full";
  return "active";
}

/** Invite links with a seat limit and an expiry; copy to share, revoke to stop new joins. */
export function InvitesPanel({ classId }: { classId: string }): ReactElement {
  const { classesApi } = useServices();
  const { state, reload } = useAsync(
    // The clock is read with the answer, not while rendering (renders must be pure).
    useCallback(
      async () => ({ invites: await classesApi.invites(classId), at: Date.now() }),
      [classesApi, classId],
    ),
  );
  const [seats, setSeats] = useState("30");
  const [hours, setHours] = useState(24 * 7);
  const { busy, error, setError, run } = useConsoleAction();

  const act = (action: () => Promise<unknown>) => run(action, reload);

  const onCreate = (event: SyntheticEvent) => {
    event.preventDefault();
    const count = Number(seats);
    if (!Number.isInteger(count) || count < 1) {
      setError("Seats is a whole number, at least 1.");
      return;
    }
    act(() => classesApi.createInvite(classId, { seats: count, expiresInHours: hours }));
  };

  return (
    <section className="console-card" aria-labelledby="invites-h">
      <h2 id="invites-h">Invites</h2>
      {error !== null && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <form className="console-form two-columns" onSubmit={onCreate} noValidate>
        <NumberField id="invite-seats" label="Seats" value={seats} onChange={setSeats} min={1} />
        <div className="field">
          <label htmlFor="invite-expiry">Expires after</label>
          <select
            id="invite-expiry"
            value={hours}
            onChange={(e) => setHours(Number(e.target.value))}
          >
            {EXPIRY_CHOICES.map((choice) => (
              <option key={choice.hours} value={choice.hours}>
                {choice.label}
              </option>
            ))}
          </select>
        </div>
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={busy}>
            Create invite
          </button>
        </div>
      </form>
      {state.status === "failed" && (
        <p className="form-error" role="alert">
          {describeConsoleError(state.error)}
        </p>
      )}
      {state.status === "ready" && state.value.invites.length === 0 && (
        <p className="quiet">No invites yet.</p>
      )}
      {state.status === "ready" && state.value.invites.length > 0 && (
        <ul className="invite-list">
          {state.value.invites.map((invite) => {
            const status = inviteState(invite, state.value.at);
            return (
              <li key={invite.code} className={`invite ${status}`}>
                <div className="copy-row">
                  <input
                    readOnly
                    aria-label={`Invite link ${invite.code}`}
                    value={invite.url}
                    onFocus={(e) => e.target.select()}
                  />
                  <CopyButton text={invite.url} label={`Copy invite link ${invite.code}`} />
                </div>
                <p className="quiet">
                  Code <code>{invite.code}</code> · {invite.used} of {invite.seats} seats used ·{" "}
                  {status === "active"
                    ? `expires ${new Date(invite.expiresAt).toLocaleString()}`
                    : status}
                </p>
                {status === "active" && (
                  <button
                    type="button"
                    className="button secondary small"
                    disabled={busy}
                    onClick={() => act(() => classesApi.revokeInvite(classId, invite.code))}
                  >
                    Revoke {invite.code}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
