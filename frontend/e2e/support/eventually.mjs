/** Retries an assertion until it passes or the time is up; rethrows the last failure. */
export async function eventually(assertion, { timeoutMs = 10_000, intervalMs = 100 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await assertion();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }
}

let counter = 0;
/** A username no other test (or earlier run against the same gateway) has used. */
export function uniqueUsername(prefix = "learner") {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}`;
}
