// The drain instant, made deterministic in-process (NestJS 12 and 11, Express and Fastify): a keep-alive connection
// whose client writes its next request just as the drain starts, and a connection accepted before the server stopped
// accepting whose request arrives once the drain has started, are served with `Connection: close` rather than reset.
// Statistics under load: bench/tools/drain-resets.mjs (figures in the README).
import { connect, type Socket } from 'node:net';
import type { Server } from 'node:http';
import { Controller, Get, Module } from '@nestjs/common';
import { adapters, bootApp, sleep, type TestApp } from '@ballast/test-support';
import { BallastShutdownModule, enableBallastShutdown, ShutdownService } from '../src/index.js';

@Controller()
class HelloController {
  @Get('hello')
  hello(): string {
    return 'hello';
  }
}

@Module({
  imports: [
    BallastShutdownModule.forRoot({
      signals: [],
      exit: false,
      readinessDelayMs: 0,
      drainTimeoutMs: 8000,
      timeoutMs: 15_000,
    }),
  ],
  controllers: [HelloController],
})
class AppModule {}

/** What came back on a raw socket, and how it ended. */
interface RawOutcome {
  text: string;
  error: string | undefined;
}

/** Opens a raw TCP connection and resolves once the server has accepted it (its 'connection' event ran). */
async function acceptedSocket(app: TestApp): Promise<{ socket: Socket; outcome: Promise<RawOutcome> }> {
  const server = app.nest.getHttpServer() as Server;
  const accepted = new Promise<void>((resolve) => server.once('connection', () => resolve()));
  const { port } = new URL(app.url);
  const socket = connect(Number(port), '127.0.0.1');
  const outcome = new Promise<RawOutcome>((resolve) => {
    let text = '';
    let error: string | undefined;
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('error', (e: NodeJS.ErrnoException) => (error = e.code ?? e.message));
    socket.on('close', () => resolve({ text, error }));
  });
  await accepted;
  return { socket, outcome };
}

/** Resolves once the server no longer listens (the drain has started and closed the listener). */
async function listenerClosed(server: Server): Promise<void> {
  for (let i = 0; i < 2000 && server.listening; i++) await sleep(5);
  if (server.listening) throw new Error('the server still listens 10 s after shutdown() was called');
}

describe.each(adapters)('the drain instant on $name', (adapter) => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close().catch(() => undefined);
    app = undefined;
  });

  it('answers, with Connection: close, the next request of a keep-alive connection written as the drain starts', async () => {
    app = await bootApp(AppModule, adapter, { configure: (nest) => void enableBallastShutdown(nest) });
    const service = app.nest.get(ShutdownService);
    const { socket, outcome } = await acceptedSocket(app);
    // A first request, answered without Connection: close (before the shutdown): the connection stays open, idle.
    let received = '';
    const firstAnswered = new Promise<void>((resolve) =>
      socket.on('data', (chunk: string) => {
        received += chunk;
        if (received.endsWith('hello')) resolve();
      }),
    );
    socket.write('GET /hello HTTP/1.1\r\nHost: localhost\r\n\r\n');
    await firstAnswered;
    expect(received).not.toMatch(/\r\nconnection: close\r\n/i);

    const done = service.shutdown('test');
    await listenerClosed(app.nest.getHttpServer() as Server);
    // The client, unaware, reuses its pooled connection at this very moment.
    socket.write('GET /hello HTTP/1.1\r\nHost: localhost\r\n\r\n');

    const { text, error } = await outcome;
    expect(error).toBeUndefined();
    const second = text.slice(text.indexOf('hello') + 'hello'.length);
    expect(second).toMatch(/^HTTP\/1\.1 200 /);
    expect(second).toMatch(/\r\nconnection: close\r\n/i);
    expect(second).toMatch(/hello$/);
    expect(await done).toMatchObject({ exitCode: 0, cutConnections: 0 });
  });

  it('serves, with Connection: close, a connection accepted before the drain whose request comes after', async () => {
    app = await bootApp(AppModule, adapter, { configure: (nest) => void enableBallastShutdown(nest) });
    const service = app.nest.get(ShutdownService);
    const { socket, outcome } = await acceptedSocket(app);

    const done = service.shutdown('test');
    await listenerClosed(app.nest.getHttpServer() as Server);
    // The drain has started; this client only now writes its request (it was on its way, or the client was slow).
    socket.write('GET /hello HTTP/1.1\r\nHost: localhost\r\n\r\n');

    const { text, error } = await outcome;
    expect(error).toBeUndefined();
    expect(text).toMatch(/^HTTP\/1\.1 200 /);
    expect(text).toMatch(/\r\nconnection: close\r\n/i);
    expect(text).toMatch(/hello$/);
    const result = await done;
    expect(result).toMatchObject({ exitCode: 0, cutConnections: 0 });
  });

  it('still closes a connection that never sends a request, without waiting for the drain timeout', async () => {
    app = await bootApp(AppModule, adapter, { configure: (nest) => void enableBallastShutdown(nest) });
    const service = app.nest.get(ShutdownService);
    const { outcome } = await acceptedSocket(app);

    const result = await service.shutdown('test');
    // Closed by the drain as idle (after its grace), not cut at drainTimeoutMs (8 s): nothing was cut.
    expect(result).toMatchObject({ exitCode: 0, cutConnections: 0 });
    expect((await outcome).text).toBe('');
  });
});
