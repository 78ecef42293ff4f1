/**
 * Probes an idle connection: a ping every `intervalMs`; if nothing at all comes back within
 * `timeoutMs`, the connection is dead even though the browser has not noticed (a laptop
 * waking from sleep, a NAT that forgot us), and `onTimeout` runs.
 */
export class Heartbeat {
  private interval: ReturnType<typeof setInterval> | undefined;
  private deadline: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly ping: () => boolean,
    private readonly onTimeout: () => void,
    private readonly intervalMs: number,
    private readonly timeoutMs: number,
  ) {}

  start(): void {
    this.stop();
    this.interval = setInterval(() => {
      if (!this.ping()) return;
      clearTimeout(this.deadline);
      this.deadline = setTimeout(this.onTimeout, this.timeoutMs);
    }, this.intervalMs);
  }

  /** Any frame from the server proves the connection alive. */
  alive(): void {
    clearTimeout(this.deadline);
  }

  stop(): void {
    clearInterval(this.interval);
    clearTimeout(this.deadline);
  }
}
