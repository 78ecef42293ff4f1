import type { ChunkFrame, MessageFrame } from "./frames";
import { ReplyAssembler } from "./reply-assembler";

/**
 * The replies being streamed, one assembler each, and the ones already final (late or
 * repeated frames for those are dropped). A question has at most one live stream: when the
 * server asks the model again after a dropped connection, the new reply (a new messageId,
 * the same `replyTo`) supersedes the one that was cut off.
 */
export class ReplyStreams {
  private readonly streams = new Map<string, { replyTo: string; assembler: ReplyAssembler }>();
  private readonly finished = new Set<string>();
  private streaming: string | null = null;

  /** The reply now streaming, if any: what Stop stops. */
  get active(): string | null {
    return this.streaming;
  }

  /** Adds a chunk; answers the reply's visible text when it grew, else null. */
  chunk(frame: ChunkFrame): string | null {
    if (this.finished.has(frame.messageId)) return null;
    let stream = this.streams.get(frame.messageId);
    if (stream === undefined) {
      this.forgetQuestion(frame.replyTo);
      stream = { replyTo: frame.replyTo, assembler: new ReplyAssembler() };
      this.streams.set(frame.messageId, stream);
    }
    this.streaming = frame.messageId;
    return stream.assembler.add(frame.seq, frame.delta) ? stream.assembler.visibleText : null;
  }

  /** The final message arrived; false when it was already reported (a repeat). */
  finish(frame: MessageFrame): boolean {
    this.streams.delete(frame.messageId);
    this.forgetQuestion(frame.replyTo);
    if (this.streaming === frame.messageId) this.streaming = null;
    if (this.finished.has(frame.messageId)) return false;
    this.finished.add(frame.messageId);
    return true;
  }

  /** Drops every stream answering `replyTo` (a question's messageId). */
  private forgetQuestion(replyTo: string): void {
    if (replyTo === "") return;
    for (const [messageId, stream] of this.streams) {
      if (stream.replyTo !== replyTo) continue;
      this.streams.delete(messageId);
      if (this.streaming === messageId) this.streaming = null;
    }
  }
}
