/**
 * A clientMessageId. crypto.randomUUID() exists only in secure contexts, and an LMS may be
 * served over plain http in development; getRandomValues() exists everywhere.
 */
export function randomId(): string {
  if (typeof crypto.randomUUID === "function" && globalThis.isSecureContext)
    return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
