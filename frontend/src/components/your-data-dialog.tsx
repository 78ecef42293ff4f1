import { useEffect, useRef, useState, type ReactElement } from "react";
import type { MeApi } from "../api/me-api";
import { ConfirmDialog } from "./confirm-dialog";
import { downloadText } from "./download-file";

/**
 * The learner's own data: a JSON download of everything kept about them, and deleting the
 * account with its history (privacy by default, docs/privacy.md).
 */
export function YourDataDialog({
  meApi,
  onClose,
  onDeleted,
}: {
  meApi: MeApi;
  onClose: () => void;
  onDeleted: () => void;
}): ReactElement {
  const ref = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);

  useEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement;
    dialog?.showModal();
    return () => {
      dialog?.close();
      if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
    };
  }, []);

  const failed = () => {
    setBusy(false);
    setError("That did not work. Check your connection and try again.");
  };

  const download = () => {
    setBusy(true);
    setError(null);
    meApi.exportData().then((data) => {
      setBusy(false);
      downloadText(JSON.stringify(data, null, 2), "ibal-my-data.json", "application/json");
    }, failed);
  };

  const remove = () => {
    setBusy(true);
    setError(null);
    meApi.deleteAccount().then(onDeleted, failed);
  };

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby="your-data-title"
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <h2 id="your-data-title">Your data</h2>
      <p>
        Download everything IBAL keeps about you: your profile, sessions, messages and classes. Your
        teacher sees how much you use the assistant, never what you wrote.
      </p>
      {error !== null && !confirming && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" className="button secondary" onClick={onClose} autoFocus>
          Close
        </button>
        <button type="button" className="button danger" onClick={() => setConfirming(true)}>
          Delete my account
        </button>
        <button type="button" className="button primary" disabled={busy} onClick={download}>
          {busy ? "Preparing…" : "Download my data"}
        </button>
      </div>
      {confirming && (
        <ConfirmDialog
          title="Delete your account?"
          body="Your account, your conversations and your usage are deleted for good. This cannot be undone."
          confirmLabel="Delete my account"
          busy={busy}
          error={error}
          onConfirm={remove}
          onCancel={() => setConfirming(false)}
        />
      )}
    </dialog>
  );
}
