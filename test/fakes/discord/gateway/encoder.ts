/** Encodes gateway payloads as the client asked: plain JSON text, zlib-stream, or per-message zlib ("identify compress"). */
import { constants, createDeflate, deflateSync, type Deflate } from 'node:zlib';

export type Compression = 'none' | 'zlib-stream' | 'payload';

export class GatewayEncoder {
  private deflate: Deflate | null = null;
  private chunks: Buffer[] = [];
  /** Keeps frames in order while zlib-stream flushes asynchronously. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private compression: Compression) {
    if (compression === 'zlib-stream') this.openStream();
  }

  /** IDENTIFY's `compress: true` switches a plain connection to per-message compression. */
  usePayloadCompression(): void {
    if (this.compression === 'none') this.compression = 'payload';
  }

  /** Encodes in order and hands each frame to `send`. */
  encode(payload: unknown, send: (frame: string | Buffer) => void): void {
    const text = JSON.stringify(payload);
    this.queue = this.queue
      .then(async () => send(await this.frame(text)))
      .catch(() => undefined);
  }

  close(): void {
    this.deflate?.destroy();
    this.deflate = null;
  }

  private frame(text: string): Promise<string | Buffer> | string | Buffer {
    if (this.compression === 'none') return text;
    if (this.compression === 'payload') return deflateSync(text);
    const deflate = this.deflate!;
    return new Promise((resolve) => {
      deflate.write(text);
      // A sync flush ends the frame with 00 00 ff ff, the marker discord.js waits for.
      deflate.flush(constants.Z_SYNC_FLUSH, () => {
        const frame = Buffer.concat(this.chunks);
        this.chunks = [];
        resolve(frame);
      });
    });
  }

  private openStream(): void {
    this.deflate = createDeflate();
    this.deflate.on('data', (chunk: Buffer) => this.chunks.push(chunk));
  }
}
