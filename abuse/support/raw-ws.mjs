// A hand-written WebSocket client over a raw TCP socket, for what a well-behaved library will not do: never read
// (the socket is paused, so the server's frames pile up in the kernel and then in the server), write frames far
// faster than anyone should, or send half a frame and stop. No extensions are offered (frames stay uncompressed,
// so what the server queues is what it must write).
import { randomBytes } from "node:crypto";
import { connect } from "node:net";

/** Opens the handshake; resolves once the server answered 101 (or rejects with its status). */
export function rawConnect(wsUrl, { token, from } = {}) {
  const url = new URL(wsUrl);
  if (token) url.searchParams.set("token", token);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: url.hostname, port: Number(url.port), localAddress: from });
    socket.setNoDelay(true);
    let head = Buffer.alloc(0);
    const onData = (chunk) => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf("\r\n\r\n");
      if (end < 0) return;
      socket.off("data", onData);
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head.toString("latin1"))?.[1]);
      if (status !== 101) {
        socket.destroy();
        const error = new Error(`handshake refused with ${status}`);
        error.status = status;
        reject(error);
        return;
      }
      resolve(new RawSocket(socket, head.subarray(end + 4)));
    };
    socket.on("data", onData);
    socket.once("error", reject);
    socket.once("connect", () => {
      socket.write(
        `GET ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${randomBytes(16).toString("base64")}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
    });
  });
}

/** A client frame (always masked, as RFC 6455 requires of clients). */
export function encodeFrame(opcode, payload, { fin = true } = {}) {
  const data = Buffer.isBuffer(payload) ? payload : Buffer.from(payload, "utf8");
  const mask = randomBytes(4);
  let header;
  if (data.length < 126) {
    header = Buffer.from([(fin ? 0x80 : 0) | opcode, 0x80 | data.length]);
  } else if (data.length < 65536) {
    header = Buffer.alloc(4);
    header[0] = (fin ? 0x80 : 0) | opcode;
    header[1] = 0x80 | 126;
    header.writeUInt16BE(data.length, 2);
  } else {
    header = Buffer.alloc(10);
    header[0] = (fin ? 0x80 : 0) | opcode;
    header[1] = 0x80 | 127;
    header.writeBigUInt64BE(BigInt(data.length), 2);
  }
  const masked = Buffer.alloc(data.length);
  for (let i = 0; i < data.length; i++) masked[i] = data[i] ^ mask[i & 3];
  return Buffer.concat([header, mask, masked]);
}

/** A text message as frames of at most `frameBytes` (the gateway refuses longer frames with 1009). */
export function encodeText(text, frameBytes = 32 * 1024) {
  const data = Buffer.from(text, "utf8");
  if (data.length <= frameBytes) return encodeFrame(0x1, data);
  const frames = [];
  for (let at = 0; at < data.length; at += frameBytes) {
    const last = at + frameBytes >= data.length;
    frames.push(encodeFrame(at === 0 ? 0x1 : 0x0, data.subarray(at, at + frameBytes), { fin: last }));
  }
  return Buffer.concat(frames);
}

export class RawSocket {
  constructor(socket, leftover) {
    this.socket = socket;
    this.buffer = leftover;
    this.messages = [];
    this.closeFrame = null;
    this.partial = [];
    this.ended = false;
    this.reading = true;
    this.endedAt = null;
    socket.on("data", (chunk) => this.#receive(chunk));
    const ended = () => {
      if (!this.ended) {
        this.ended = true;
        this.endedAt = Date.now();
      }
    };
    socket.on("close", ended);
    socket.on("error", ended);
    socket.on("end", ended);
  }

  /** Whether the server ended the WebSocket: a close frame was read, or the TCP connection ended. */
  get closedByServer() {
    return this.closeFrame !== null || this.ended;
  }

  /** Stops reading: whatever the server sends now stays unread. */
  neverRead() {
    this.reading = false;
    this.socket.pause();
  }

  /** Writes one text message; false when the socket is gone. */
  sendText(text) {
    if (this.ended || this.socket.destroyed) return false;
    this.socket.write(encodeText(text));
    return true;
  }

  writeRaw(bytes) {
    if (this.ended || this.socket.destroyed) return false;
    this.socket.write(bytes);
    return true;
  }

  /** Waits until a text message matching `predicate` was read (only while reading). */
  async waitFor(predicate, timeoutMs = 15_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(predicate);
      if (found) return found;
      if (this.ended) throw new Error(`socket ended before the awaited frame; close: ${JSON.stringify(this.closeFrame)}`);
      if (Date.now() > deadline) throw new Error(`no awaited frame in ${timeoutMs} ms (${this.messages.length} read)`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Reads again (what piled up, then what comes) and waits up to `timeoutMs` for the server to end it. */
  async readUntilClosed(timeoutMs) {
    this.reading = true;
    this.socket.resume();
    const deadline = Date.now() + timeoutMs;
    while (!this.closedByServer && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    return this.closedByServer;
  }

  destroy() {
    this.socket.destroy();
  }

  #receive(chunk) {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      if (this.buffer.length < 2) return;
      const fin = (this.buffer[0] & 0x80) !== 0;
      const opcode = this.buffer[0] & 0x0f;
      let length = this.buffer[1] & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (this.buffer.length < 4) return;
        length = this.buffer.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (this.buffer.length < 10) return;
        length = Number(this.buffer.readBigUInt64BE(2));
        offset = 10;
      }
      if (this.buffer.length < offset + length) return;
      const payload = this.buffer.subarray(offset, offset + length);
      this.buffer = this.buffer.subarray(offset + length);
      if (opcode === 0x8) {
        this.closeFrame = {
          code: payload.length >= 2 ? payload.readUInt16BE(0) : null,
          reason: payload.subarray(2).toString("utf8"),
        };
        // Answer it, as every client does, so the server can end the TCP connection.
        if (!this.socket.destroyed) this.socket.write(encodeFrame(0x8, payload.subarray(0, 2)));
      } else if (opcode === 0x1 || opcode === 0x0) {
        this.partial.push(Buffer.from(payload));
        if (fin) {
          const text = Buffer.concat(this.partial).toString("utf8");
          this.partial = [];
          try {
            this.messages.push(JSON.parse(text));
          } catch {
            this.messages.push({ unparsable: text.slice(0, 200) });
          }
          if (this.messages.length > 5000) this.messages.splice(0, 1000); // a flood keeps only the recent ones
        }
      }
    }
  }
}
