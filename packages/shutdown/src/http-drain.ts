import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Server as NetServer, type Socket } from 'node:net';
import { Server as TlsServer } from 'node:tls';
import { recordConnectionsCut } from './shutdown.telemetry.js';

/** What a drain did. @internal */
export interface DrainResult {
  /** Connections still open at the drain timeout, destroyed then. */
  cut: number;
  /** How long the drain took, in milliseconds. */
  durationMs: number;
}

/** How often idle keep-alive sockets are looked for while draining (a socket becomes idle when its response ends). */
const IDLE_POLL_MS = 25;
/** Longest wait for the sockets destroyed at the drain timeout to emit 'close' (they do on the next loop turn). */
const CUT_CLOSE_WAIT_MS = 500;
/**
 * How long a connection that has not sent a byte yet is kept while draining: its request is on the way (it was
 * accepted before the server stopped accepting). One that sends nothing for this long (a connection a proxy opened
 * ahead of need) is closed then, rather than holding the drain until its timeout.
 */
const FRESH_GRACE_MS = 1000;
/**
 * How long a keep-alive connection must have been quiet (no byte received, no response being written) before the
 * drain closes it. One that carried a request a moment ago is likely to carry the next one now, which may already be
 * on the wire: closing it would reset that request. Given this time, the request arrives and is answered with
 * `Connection: close`. Connections quiet since the shutdown started (idle through the readiness delay) qualify at once.
 */
const IDLE_GRACE_MS = 250;

/** Node's link from a socket to the response being written on it (what `server.closeIdleConnections()` reads too). */
type HttpSocket = Socket & { _httpMessage?: ServerResponse | null };

/** The last time the drain saw a connection active: its byte count then, and when. */
interface Activity {
  bytes: number;
  at: number;
}

/**
 * Tracks the connections of a raw Node HTTP(S) server (the one under both Express and Fastify) and drains it:
 * `Connection: close` on responses once shutdown starts, then stop accepting, close idle keep-alive sockets at
 * once and busy ones as soon as their last response is sent, and destroy what is left at the timeout.
 * Works on the raw server so the behaviour is the same whatever framework answers the requests.
 *
 * At the drain instant, connections are closed only when quiet: a keep-alive connection that carried a request in
 * the last `IDLE_GRACE_MS` is left that long for its client's next request (answered with `Connection: close`), and
 * one accepted but whose request has not arrived yet (no byte read) is served when it comes; one that sends nothing
 * is closed after `FRESH_GRACE_MS` (Node counts it as a request in progress: it used to hold the drain to its
 * timeout). Node's `server.closeIdleConnections()` (which `http.Server#close()` also calls) would reset both at once.
 *
 * Nothing runs per request while the app serves normally: the request listener is attached only when shutdown
 * starts, and the connections are looked at once when it starts, then only while draining.
 * @internal
 */
export class HttpDrain {
  /** Open sockets (one entry per connection, not per request). */
  private readonly sockets = new Set<Socket>();
  private closingConnections = false;
  private draining = false;
  private onEmpty: (() => void) | undefined;
  /** From the shutdown start: each connection's last seen activity. */
  private readonly activity = new Map<Socket, Activity>();

  constructor(private readonly server: Server) {
    // A TLS server's requests run on the TLSSocket, not on the raw socket of 'connection'.
    const event = server instanceof TlsServer ? 'secureConnection' : 'connection';
    server.on(event, this.onConnection);
  }

  /** Number of open connections. */
  get size(): number {
    return this.sockets.size;
  }

  /**
   * Requests in progress: connections with a response being written (HTTP/1.1 answers one request at a time on a
   * connection; pipelined requests queued behind it are not counted).
   */
  get inFlight(): number {
    let count = 0;
    for (const socket of this.sockets) {
      const response = (socket as HttpSocket)._httpMessage;
      if (response && !response.writableFinished) count += 1;
    }
    return count;
  }

  /** From now on every response carries `Connection: close`, so clients stop reusing their pooled connections. */
  closeConnectionsAfterResponse(): void {
    if (this.closingConnections) return;
    this.closingConnections = true;
    // First listener: the header is set before Express or Fastify can write the response.
    this.server.prependListener('request', this.onRequest);
    // Whatever stays quiet from now on has been idle since the shutdown started.
    const now = Date.now();
    for (const socket of this.sockets) this.activity.set(socket, { bytes: socket.bytesRead, at: now });
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
      const poll = setInterval(() => this.closeIdleConnections(), IDLE_POLL_MS);
      this.onEmpty = done;
      // Stops accepting; its callback (which waits for every connection) is not needed: we track them ourselves.
      // net.Server's close: http.Server's first resets every idle keep-alive connection (`closeIdleConnections()`),
      // including those whose client is writing its next request at this very moment.
      if (this.server.listening) NetServer.prototype.close.call(this.server, () => undefined);
      this.closeIdleConnections();
      this.checkEmpty();
    });
    let cut = 0;
    for (const socket of this.sockets) {
      cut += 1;
      socket.destroy();
    }
    if (cut > 0) {
      recordConnectionsCut(cut);
      await this.cutSocketsClosed();
    }
    this.sockets.clear();
    this.activity.clear();
    return { cut, durationMs: Date.now() - started };
  }

  /**
   * Waits for the 'close' events of the sockets just destroyed. Node emits them on a later turn of the event loop,
   * and with them the 'close' of each cut request and response: that is when a request logger writes the line of a
   * request cut at the deadline (`@ballast/logger`: `aborted: true`). Without this wait the rest of the sequence
   * (hooks, `app.close()`, logger flush, exit) can run to `process.exit()` first, and the line is never written.
   */
  private async cutSocketsClosed(): Promise<void> {
    if (this.sockets.size > 0) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          this.onEmpty = undefined;
          resolve();
        };
        // A destroyed socket closes on the next turn of the loop; the cap only guards against the unforeseen.
        const timer = setTimeout(done, CUT_CLOSE_WAIT_MS);
        this.onEmpty = done;
      });
    }
    // What the 'close' listeners scheduled (stream 'close' events on the next tick, Fastify's onRequestAbort hooks).
    await new Promise<void>((resolve) => setImmediate(resolve));
  }

  /** Removes the listeners (the app is being closed by someone else). */
  detach(): void {
    this.server.off('connection', this.onConnection);
    this.server.off('secureConnection', this.onConnection);
    this.server.off('request', this.onRequest);
  }

  /**
   * Closes the connections that are quiet: no response being written, no byte received for `IDLE_GRACE_MS` (for
   * `FRESH_GRACE_MS` when none was ever received). What remains is the race of HTTP/1.1 keep-alive: a client may
   * write a new request on a connection quiet that long at the very moment it is closed (see the README, "The drain
   * instant").
   */
  private closeIdleConnections(): void {
    const now = Date.now();
    for (const socket of this.sockets) {
      const bytes = socket.bytesRead;
      const seen = this.activity.get(socket);
      const response = (socket as HttpSocket)._httpMessage;
      if (seen === undefined || seen.bytes !== bytes || (response && !response.writableFinished)) {
        // Active now: busy ones close after their response (`Connection: close`), or become quiet from now.
        this.activity.set(socket, { bytes, at: now });
        continue;
      }
      if (now - seen.at >= (bytes === 0 ? FRESH_GRACE_MS : IDLE_GRACE_MS)) socket.destroy();
    }
  }

  private readonly onConnection = (socket: Socket): void => {
    // Also while draining (a TLS connection whose handshake ends after the listener closed): served, not reset.
    this.sockets.add(socket);
    socket.once('close', () => {
      this.sockets.delete(socket);
      this.activity.delete(socket);
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
