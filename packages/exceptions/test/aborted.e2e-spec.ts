import { Body, Controller, Module, Post } from '@nestjs/common';
import { BallastContextModule } from '@ballast/context';
import { adapters, bootApp, type TestApp } from '@ballast/test-support';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { BallastExceptionsModule } from '../src/index.js';
import { CaptureLogger } from './fixtures/capture-logger.js';

@Controller()
class UploadController {
  @Post('upload')
  upload(@Body() body: unknown) {
    return { received: typeof body };
  }
}

@Module({
  imports: [BallastContextModule.forRoot({}), BallastExceptionsModule.forRoot({})],
  controllers: [UploadController],
})
class AbortAppModule {}

/** Sends the head and part of a body announced longer, then closes the connection; resolves with what came back. */
function sendCutOffBody(url: string, contentType: string, partial: string, close: 'end' | 'destroy'): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname, () => {
      socket.write(
        `POST /upload HTTP/1.1\r\nHost: ${hostname}\r\ncontent-type: ${contentType}\r\n` +
          `content-length: ${partial.length + 1000}\r\nconnection: close\r\n\r\n${partial}`,
      );
      setTimeout(() => (close === 'end' ? socket.end() : socket.destroy()), 50);
    });
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('utf8')));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(received));
  });
}

describe.each(adapters)('a request body cut off by the client on $name', (adapter) => {
  let app: TestApp;
  const logger = new CaptureLogger();
  beforeAll(async () => {
    app = await bootApp(AbortAppModule, adapter, { logger });
  });
  afterAll(() => app.close());

  it.each([
    { name: 'JSON, connection half-closed', type: 'application/json', partial: '{"name":"ab', close: 'end' as const },
    { name: 'JSON, connection reset', type: 'application/json', partial: '{"name":"ab', close: 'destroy' as const },
    {
      name: 'a form, connection half-closed',
      type: 'application/x-www-form-urlencoded',
      partial: 'name=ab',
      close: 'end' as const,
    },
  ])('$name: logged as a 400 client event, never a 500', async ({ type, partial, close }) => {
    const before = logger.filterEntries().length;
    const allBefore = logger.entries.length;
    const answer = await sendCutOffBody(app.url, type, partial, close);
    for (let i = 0; i < 80 && logger.filterEntries().length <= before; i++) await sleep(25);
    await sleep(50); // a second line, if one were written, would come now
    const written = logger.filterEntries().slice(before);
    // One line, at the client-error level, with the same status and code on both adapters; nothing at `error`.
    expect(written).toHaveLength(1);
    expect(written[0]).toMatchObject({
      level: 'warn',
      entry: { statusCode: 400, code: 'REQUEST_ABORTED', method: 'POST', path: '/upload' },
    });
    expect(written[0]!.entry.stack).toBeUndefined();
    expect(logger.entries.slice(allBefore).filter((e) => e.level === 'error')).toEqual([]);
    // The client is gone: whatever reached the socket before it closed is never a 5xx.
    expect(answer).not.toMatch(/^HTTP\/1\.1 5/);
  });
});
