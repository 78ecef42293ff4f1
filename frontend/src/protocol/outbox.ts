/** The second close with the same message in flight marks it failed instead of resending it. */
const MAX_CLOSE_STRIKES = 2;

export interface OutboxEntry {
  clientMessageId: string;
  content: string;
  sessionId: string | undefined;
  /** `sent`: written to the current socket, not acknowledged yet. */
  state: "queued" | "sent" | "acked";
  /** The server's id for the message, once acknowledged. */
  messageId?: string;
  /**
   * How often the server closed the socket (1008/1009/1011) while this message was in flight
   * and unacknowledged: such a message may be what the server refuses, so it is not resent
   * blindly forever.
   */
  closeStrikes: number;
}

/**
 * Messages the learner typed that have no final reply yet, in the order typed, plus the
 * ones the server rejected (kept so Retry resends them unchanged). Nothing typed is lost:
 * an entry leaves only when its reply arrives or the server refuses it.
 */
export class Outbox {
  private readonly pending = new Map<string, OutboxEntry>();
  private readonly rejected = new Map<string, OutboxEntry>();

  add(entry: Omit<OutboxEntry, "closeStrikes">): void {
    this.pending.set(entry.clientMessageId, { ...entry, closeStrikes: 0 });
  }

  /** Entries waiting to go out, oldest first. */
  queued(): OutboxEntry[] {
    return [...this.pending.values()].filter((e) => e.state === "queued");
  }

  /** Entries written to the current socket that the server has not acknowledged yet. */
  inFlight(): OutboxEntry[] {
    return [...this.pending.values()].filter((e) => e.state === "sent");
  }

  acknowledged(clientMessageId: string, messageId: string, sessionId: string): void {
    const entry = this.pending.get(clientMessageId);
    if (entry === undefined) return;
    entry.state = "acked";
    entry.messageId = messageId;
    entry.sessionId = sessionId;
    // The server took it: whatever it closes on later, it is not this message.
    entry.closeStrikes = 0;
  }

  /**
   * The server closed the socket right after what is in flight was sent: one of those messages
   * may be what it refuses (too big, say). Each gets a strike; the ones at their second strike
   * are rejected (kept for a Retry the learner asks for) and returned.
   */
  closedWhileInFlight(): OutboxEntry[] {
    const failed: OutboxEntry[] = [];
    for (const entry of this.inFlight()) {
      entry.closeStrikes += 1;
      if (entry.closeStrikes < MAX_CLOSE_STRIKES) continue;
      this.rejectedBy(entry.clientMessageId);
      failed.push(entry);
    }
    return failed;
  }

  /** The final reply to `messageId` arrived: its question is done. */
  answered(messageId: string): void {
    for (const [id, entry] of this.pending)
      if (entry.messageId === messageId) this.pending.delete(id);
  }

  /**
   * The server refused the message `replyTo` names (a clientMessageId or, for some errors, the
   * server's messageId); answers the entry, now kept for a retry.
   */
  rejectedBy(replyTo: string | undefined): OutboxEntry | undefined {
    if (replyTo === undefined) return undefined;
    const entry =
      this.pending.get(replyTo) ?? [...this.pending.values()].find((e) => e.messageId === replyTo);
    if (entry === undefined) return undefined;
    this.pending.delete(entry.clientMessageId);
    this.rejected.set(entry.clientMessageId, entry);
    return entry;
  }

  /** Puts a rejected message back in the queue, same clientMessageId; false if unknown. */
  retry(clientMessageId: string): boolean {
    const entry = this.rejected.get(clientMessageId);
    if (entry === undefined) return false;
    this.rejected.delete(clientMessageId);
    entry.state = "queued";
    entry.closeStrikes = 0;
    this.pending.set(clientMessageId, entry);
    return true;
  }

  /**
   * After a dropped connection every unanswered message goes out again: the server stores
   * each clientMessageId once and answers a repeat with the same ack and reply.
   */
  requeueUnanswered(): void {
    for (const entry of this.pending.values()) entry.state = "queued";
  }

  /** The unacknowledged ones go out again (a frame was refused without saying which). */
  requeueInFlight(): void {
    for (const entry of this.inFlight()) entry.state = "queued";
  }
}
