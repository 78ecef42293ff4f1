import { useEffect, useRef, useState, type SyntheticEvent, type ReactElement } from "react";
import type { Session } from "../api/types";
import { PencilIcon, TrashIcon } from "./icons";

export interface SessionItemProps {
  session: Session;
  active: boolean;
  onOpen: (id: string) => void;
  onRename: (id: string, title: string) => Promise<void>;
  onDelete: (session: Session) => void;
}

export function SessionItem({
  session,
  active,
  onOpen,
  onRename,
  onDelete,
}: SessionItemProps): ReactElement {
  const [editing, setEditing] = useState(false);
  const [title, setTitle] = useState(session.title);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const renameButtonRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (editing) inputRef.current?.select();
  }, [editing]);

  const finish = () => {
    setEditing(false);
    setError(null);
    // Put focus back where the keyboard user started.
    requestAnimationFrame(() => renameButtonRef.current?.focus());
  };

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    const next = title.trim();
    if (next === "" || next.length > 200) {
      setError("Use 1 to 200 characters.");
      return;
    }
    if (next === session.title) {
      finish();
      return;
    }
    setSaving(true);
    onRename(session.id, next).then(
      () => {
        setSaving(false);
        finish();
      },
      () => {
        setSaving(false);
        setError("Could not rename. Try again.");
      },
    );
  };

  if (editing) {
    return (
      <li className="session-item editing">
        <form onSubmit={submit} className="rename-form">
          <label className="visually-hidden" htmlFor={`rename-${session.id}`}>
            New title for “{session.title}”
          </label>
          <input
            id={`rename-${session.id}`}
            ref={inputRef}
            value={title}
            maxLength={200}
            aria-invalid={error !== null}
            aria-describedby={error === null ? undefined : `rename-error-${session.id}`}
            onChange={(e) => setTitle(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Escape") {
                e.preventDefault();
                setTitle(session.title);
                finish();
              }
            }}
          />
          <div className="rename-actions">
            <button type="submit" className="button small" disabled={saving}>
              Save
            </button>
            <button
              type="button"
              className="button small secondary"
              onClick={() => {
                setTitle(session.title);
                finish();
              }}
            >
              Cancel
            </button>
          </div>
          {error !== null && (
            <p className="field-error" id={`rename-error-${session.id}`} role="alert">
              {error}
            </p>
          )}
        </form>
      </li>
    );
  }

  return (
    <li className={`session-item${active ? " active" : ""}`}>
      <a
        href={`#/chat/${encodeURIComponent(session.id)}`}
        className="session-link"
        aria-current={active ? "page" : undefined}
        onClick={() => onOpen(session.id)}
      >
        {session.title}
      </a>
      <div className="session-actions">
        <button
          type="button"
          ref={renameButtonRef}
          className="icon-button small"
          aria-label={`Rename “${session.title}”`}
          onClick={() => {
            setTitle(session.title);
            setEditing(true);
          }}
        >
          <PencilIcon />
        </button>
        <button
          type="button"
          className="icon-button small"
          aria-label={`Delete “${session.title}”`}
          onClick={() => onDelete(session)}
        >
          <TrashIcon />
        </button>
      </div>
    </li>
  );
}
