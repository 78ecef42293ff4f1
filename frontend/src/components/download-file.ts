/** Hands text to the browser as a file download (no new tab, no token in a URL). */
export function downloadText(text: string, filename: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Chromium reads the blob after click() returns; revoke on the next turn.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
