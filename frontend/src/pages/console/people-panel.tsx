import { useCallback, useState, type ReactElement } from "react";
import { useServices } from "../../app/services-context";
import type { AdminUser } from "../../api/admin-api";
import { describeConsoleError } from "./console-errors";
import { formatLastActive } from "./format-usage";

/**
 * The operator's list of accounts, to make teachers (classes are created by teachers and
 * admins; learners only when TEACHERS_SELF_SERVE is on). The server allows it to admins only.
 */
export function PeoplePanel(): ReactElement {
  const { adminApi } = useServices();
  const [users, setUsers] = useState<AdminUser[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(
    (cursor: string | null) => {
      setBusy(true);
      setError(null);
      adminApi.users(cursor).then(
        (page) => {
          setBusy(false);
          setLoaded(true);
          setUsers((shown) => (cursor === null ? page.users : [...shown, ...page.users]));
          setNext(page.next);
        },
        (failure: unknown) => {
          setBusy(false);
          setError(describeConsoleError(failure));
        },
      );
    },
    [adminApi],
  );

  const setRole = (user: AdminUser, role: "teacher" | "learner") => {
    setBusy(true);
    setError(null);
    adminApi.setRole(user.userId, role).then(
      () => {
        setBusy(false);
        setUsers((shown) => shown.map((u) => (u.userId === user.userId ? { ...u, role } : u)));
      },
      (failure: unknown) => {
        setBusy(false);
        setError(describeConsoleError(failure));
      },
    );
  };

  return (
    <section className="console-card" aria-labelledby="people-h">
      <h2 id="people-h">People</h2>
      <p>As the operator you choose who may create classes: make them teachers.</p>
      {error !== null && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {!loaded ? (
        <button
          type="button"
          className="button secondary small"
          disabled={busy}
          onClick={() => load(null)}
        >
          {busy ? "Loading…" : "Show accounts"}
        </button>
      ) : (
        <div className="table-scroll">
          <table className="learner-table">
            <thead>
              <tr>
                <th scope="col">Account</th>
                <th scope="col">Role</th>
                <th scope="col">Created</th>
                <th scope="col">
                  <span className="visually-hidden">Change role</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {users.map((user) => (
                <tr key={user.userId} className={user.suspended ? "suspended" : undefined}>
                  <th scope="row">
                    {user.username}
                    {user.suspended && <span className="chip small danger">suspended</span>}
                  </th>
                  <td>{user.role}</td>
                  <td>{formatLastActive(user.createdAt)}</td>
                  <td>
                    {user.role === "learner" && (
                      <button
                        type="button"
                        className="button secondary small"
                        disabled={busy}
                        onClick={() => setRole(user, "teacher")}
                      >
                        Make {user.username} a teacher
                      </button>
                    )}
                    {user.role === "teacher" && (
                      <button
                        type="button"
                        className="button secondary small"
                        disabled={busy}
                        onClick={() => setRole(user, "learner")}
                      >
                        Make {user.username} a learner
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {next !== null && (
            <button
              type="button"
              className="button secondary small"
              disabled={busy}
              onClick={() => load(next)}
            >
              More accounts
            </button>
          )}
        </div>
      )}
    </section>
  );
}
