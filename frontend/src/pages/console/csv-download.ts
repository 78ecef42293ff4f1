/** Hands the CSV text to the browser as a file download (no new tab, no token in a URL). */
export function downloadCsv(text: string, filename: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
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
