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

/**
 * Tracks the sockets of a raw Node HTTP(S) server (the one under both Express and Fastify) and drains it:
 * `Connection: close` on responses once shutdown starts, then stop accepting, close idle keep-alive sockets at
 * once and busy ones as soon as their last response is sent, and destroy what is left at the timeout.
 * Works on the raw server so the behaviour is the same whatever framework answers the requests.
 * @internal
 */
export class HttpDrain {
  /** Open sockets and how many requests each is serving. */
  private readonly sockets = new Map<Socket, number>();
  private closingConnections = false;
  private draining = false;
  private onEmpty: (() => void) | undefined;

  constructor(private readonly server: Server) {
    // A TLS server's requests run on the TLSSocket, not on the raw socket of 'connection'.
    const event = server instanceof TlsServer ? 'secureConnection' : 'connection';
    server.on(event, this.onConnection);
    // First listener: the header is set before Express or Fastify can write the response.
    server.prependListener('request', this.onRequest);
  }

  /** Number of open connections. */
  get size(): number {
    return this.sockets.size;
  }

  /** From now on every response carries `Connection: close`, so clients stop reusing their pooled connections. */
  closeConnectionsAfterResponse(): void {
    this.closingConnections = true;
  }

  /** Stops accepting connections and waits for open ones to end; destroys the rest at `timeoutMs`. */
  async drain(timeoutMs: number): Promise<DrainResult> {
    const started = Date.now();
    this.closingConnections = true;
    this.draining = true;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.onEmpty = undefined;
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.onEmpty = done;
      // Stops accepting; its callback (which waits for every connection) is not needed: we track them ourselves.
      if (this.server.listening) this.server.close(() => undefined);
      for (const [socket, active] of this.sockets) {
        if (active === 0) socket.destroy();
      }
      this.checkEmpty();
    });
    let cut = 0;
    for (const socket of this.sockets.keys()) {
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
    this.sockets.set(socket, 0);
    socket.once('close', () => {
      this.sockets.delete(socket);
      this.checkEmpty();
    });
  };

  private readonly onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    const socket = req.socket;
    if (this.sockets.has(socket)) this.sockets.set(socket, (this.sockets.get(socket) ?? 0) + 1);
    // HTTP/2 has no Connection header (and its own GOAWAY); HTTP/1.x only.
    if (this.closingConnections && req.httpVersionMajor === 1 && !res.headersSent) {
      res.setHeader('Connection', 'close');
    }
    let finished = false;
    const onDone = (): void => {
      if (finished) return;
      finished = true;
      const active = (this.sockets.get(socket) ?? 1) - 1;
      if (!this.sockets.has(socket)) return;
      this.sockets.set(socket, active);
      // A response that started before shutdown has no `Connection: close`: end its socket once it is idle.
      if (this.draining && active === 0) setImmediate(() => this.endIfIdle(socket));
    };
    res.once('finish', onDone);
    res.once('close', onDone);
  };

  private endIfIdle(socket: Socket): void {
    if (this.sockets.get(socket) === 0 && !socket.destroyed) socket.end();
  }

  private checkEmpty(): void {
    if (this.draining && this.sockets.size === 0) this.onEmpty?.();
  }
}
