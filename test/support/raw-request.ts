import { connect } from 'node:net';

export interface RawResponse {
  /** The status from the status line; 0 when no HTTP answer came (refused, reset, timeout). */
  status: number;
  /** Header names lower-cased, every value kept in order (repeated headers are not merged). */
  headers: Record<string, string[]>;
  /** The whole response as received (head and body), UTF-8. */
  text: string;
}

/**
 * Bytes exactly as written on a fresh TCP connection, the response read until the server closes it: hostile
 * requests (bad paths, CR/LF in header values) reach the server untouched, which a Node client refuses to send.
 * Send `Connection: close`. `target` is a URL (`app.url`) or a port on 127.0.0.1. Never rejects: a connection
 * error or the timeout gives whatever arrived (status 0 if nothing did).
 */
export function rawRequest(target: string | number, bytes: Buffer | string, timeoutMs = 10_000): Promise<RawResponse> {
  const { host, port } =
    typeof target === 'number'
      ? { host: '127.0.0.1', port: target }
      : { host: new URL(target).hostname, port: Number(new URL(target).port) };
  return new Promise((resolve) => {
    const socket = connect(port, host);
    const chunks: Buffer[] = [];
    socket.setTimeout(timeoutMs, () => socket.destroy());
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => undefined); // a reset after the answer is fine; `close` follows
    socket.on('close', () => resolve(parse(Buffer.concat(chunks))));
    socket.write(bytes);
  });
}

function parse(raw: Buffer): RawResponse {
  const text = raw.toString('utf8');
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(text);
  const headers: Record<string, string[]> = {};
  const end = raw.indexOf('\r\n\r\n');
  const head = raw.subarray(0, end === -1 ? raw.length : end).toString('latin1');
  for (const line of head.split('\r\n').slice(1)) {
    const i = line.indexOf(':');
    if (i <= 0) continue;
    (headers[line.slice(0, i).trim().toLowerCase()] ??= []).push(line.slice(i + 1).trim());
  }
  return { status: match ? Number(match[1]) : 0, headers, text };
}
