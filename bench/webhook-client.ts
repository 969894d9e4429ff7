/** Telegram's side of a webhook: POSTs updates over at most max_connections keep-alive connections, timing each. */
import http from 'node:http';
import type { Update } from 'grammy/types';

export interface PostTiming {
  status: number;
  /** When the update was handed over for delivery (ms since epoch): latencies count from here. */
  queuedAt: number;
  /** ms spent waiting for one of the max_connections connections to be free. */
  waitMs: number;
  /** When the bot's answer arrived (ms since epoch). */
  doneAt: number;
}

export class WebhookClient {
  private readonly agent: http.Agent;
  private readonly url: URL;

  constructor(url: string, private readonly secret: string, maxConnections: number) {
    this.url = new URL(url);
    // Telegram keeps connections open and opens at most max_connections (setWebhook; default 40) at once.
    this.agent = new http.Agent({ keepAlive: true, maxSockets: maxConnections });
  }

  post(update: Update, timeoutMs = 30_000): Promise<PostTiming> {
    const body = JSON.stringify(update);
    const queuedAt = Date.now();
    let socketAt = queuedAt;
    return new Promise((resolve, reject) => {
      const request = http.request(
        {
          host: this.url.hostname,
          port: this.url.port,
          path: this.url.pathname,
          method: 'POST',
          agent: this.agent,
          timeout: timeoutMs,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            'x-telegram-bot-api-secret-token': this.secret,
          },
        },
        (response) => {
          response.resume();
          response.on('end', () => resolve({ status: response.statusCode ?? 0, queuedAt, waitMs: socketAt - queuedAt, doneAt: Date.now() }));
          response.on('error', reject);
        },
      );
      request.on('socket', () => (socketAt = Date.now()));
      request.on('timeout', () => request.destroy(new Error(`webhook did not answer within ${timeoutMs} ms`)));
      request.on('error', reject);
      request.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
