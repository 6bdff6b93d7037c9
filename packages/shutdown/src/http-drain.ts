import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { Server as TlsServer } from 'node:tls';

/** What a drain did. @internal */
export interface DrainResult {
  /** Connections still open at the drain timeout, destroyed then. */
  cut: number;
  /** How long the drain took, in milliseconds. */
  durationMs: number;
}

/** How often idle keep-alive sockets are looked for while draining (a socket becomes idle when its response ends). */
const IDLE_POLL_MS = 25;

/**
 * Tracks the connections of a raw Node HTTP(S) server (the one under both Express and Fastify) and drains it:
 * `Connection: close` on responses once shutdown starts, then stop accepting, close idle keep-alive sockets at
 * once and busy ones as soon as their last response is sent, and destroy what is left at the timeout.
 * Works on the raw server so the behaviour is the same whatever framework answers the requests.
 *
 * Nothing runs per request while the app serves normally: the request listener is attached only when shutdown
 * starts, and which sockets are idle is Node's own bookkeeping (`server.closeIdleConnections()`).
 * @internal
 */
export class HttpDrain {
  /** Open sockets (one entry per connection, not per request). */
  private readonly sockets = new Set<Socket>();
  private closingConnections = false;
  private draining = false;
  private onEmpty: (() => void) | undefined;

  constructor(private readonly server: Server) {
    // A TLS server's requests run on the TLSSocket, not on the raw socket of 'connection'.
    const event = server instanceof TlsServer ? 'secureConnection' : 'connection';
    server.on(event, this.onConnection);
  }

  /** Number of open connections. */
  get size(): number {
    return this.sockets.size;
  }

  /** From now on every response carries `Connection: close`, so clients stop reusing their pooled connections. */
  closeConnectionsAfterResponse(): void {
    if (this.closingConnections) return;
    this.closingConnections = true;
    // First listener: the header is set before Express or Fastify can write the response.
    this.server.prependListener('request', this.onRequest);
  }

  /** Stops accepting connections and waits for open ones to end; destroys the rest at `timeoutMs`. */
  async drain(timeoutMs: number): Promise<DrainResult> {
    const started = Date.now();
    this.closeConnectionsAfterResponse();
    this.draining = true;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        clearInterval(poll);
        this.onEmpty = undefined;
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      // Responses that started before shutdown carry no `Connection: close`: their sockets are closed once idle.
      const poll = setInterval(() => this.server.closeIdleConnections(), IDLE_POLL_MS);
      this.onEmpty = done;
      // Stops accepting; its callback (which waits for every connection) is not needed: we track them ourselves.
      if (this.server.listening) this.server.close(() => undefined);
      this.server.closeIdleConnections();
      this.checkEmpty();
    });
    let cut = 0;
    for (const socket of this.sockets) {
      cut += 1;
      socket.destroy();
    }
    this.sockets.clear();
    return { cut, durationMs: Date.now() - started };
  }

  /** Removes the listeners (the app is being closed by someone else). */
  detach(): void {
    this.server.off('connection', this.onConnection);
    this.server.off('secureConnection', this.onConnection);
    this.server.off('request', this.onRequest);
  }

  private readonly onConnection = (socket: Socket): void => {
    if (this.draining) {
      // Accepted just before the listening socket closed: nothing was sent on it yet.
      socket.destroy();
      return;
    }
    this.sockets.add(socket);
    socket.once('close', () => {
      this.sockets.delete(socket);
      this.checkEmpty();
    });
  };

  private readonly onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    // HTTP/2 has no Connection header (and its own GOAWAY); HTTP/1.x only.
    if (req.httpVersionMajor === 1 && !res.headersSent) res.setHeader('Connection', 'close');
  };

  private checkEmpty(): void {
    if (this.draining && this.sockets.size === 0) this.onEmpty?.();
  }
}
