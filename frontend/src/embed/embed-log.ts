/**
 * Where the embedded client writes what it does. The XBlock passes its `[IbalXBlock]` logger,
 * which masks every credential (tokens, tickets, assertions) before anything reaches the console.
 */
export type EmbedLog = (
  level: "info" | "warn" | "error",
  area: string,
  message: string,
  details?: unknown,
) => void;
