/**
 * Puts one streamed reply's chunks back in `seq` order. Chunks may arrive out of order or
 * twice (a resent frame); only the contiguous prefix from seq 0 is shown, so the learner
 * never sees words in the wrong place.
 */
export class ReplyAssembler {
  private readonly parts = new Map<number, string>();
  private nextSeq = 0;
  private text = "";

  /** Adds a chunk; returns true when the visible text grew. */
  add(seq: number, delta: string): boolean {
    if (!Number.isInteger(seq) || seq < this.nextSeq || this.parts.has(seq)) return false;
    this.parts.set(seq, delta);
    let grew = false;
    for (
      let part = this.parts.get(this.nextSeq);
      part !== undefined;
      part = this.parts.get(this.nextSeq)
    ) {
      this.text += part;
      this.parts.delete(this.nextSeq);
      this.nextSeq += 1;
      grew = true;
    }
    return grew;
  }

  get visibleText(): string {
    return this.text;
  }
}
