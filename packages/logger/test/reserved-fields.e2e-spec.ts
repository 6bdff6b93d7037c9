import { Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { runWithRequestContext } from '@ballast/context';
import { BallastLogger, BallastLoggerModule, type LoggerModuleOptions } from '../src/index.js';
import { MemoryStream } from './fixtures/memory-stream.js';

async function boot(options: LoggerModuleOptions = {}) {
  const out = new MemoryStream();
  @Module({ imports: [BallastLoggerModule.forRoot({ ...options, destination: out })] })
  class AppModule {}
  const app = await NestFactory.createApplicationContext(AppModule, { logger: false });
  return { app, out, logger: app.get(BallastLogger) };
}

/** How many times `"key":` occurs in the raw line: a duplicate JSON key shows up as 2. */
function occurrences(raw: string, key: string): number {
  return raw.split(`"${key}":`).length - 1;
}

describe('reserved fields', () => {
  const spoof = { level: 'high', time: 'yesterday', requestId: 'spoofed', msg: 'm', context: 'c', pid: 'p' };

  it('keeps the real level, time, msg, requestId, context and pid; the caller values under user_*', async () => {
    const { app, out, logger } = await boot();
    try {
      runWithRequestContext(() => logger.log('x', { ...spoof, orderId: 7 }, 'OrdersService'), { requestId: 'real-id' });
      runWithRequestContext(() => logger.log('x', spoof), { requestId: 'real-id' });
      const raws = out.text.trim().split('\n');
      expect(raws).toHaveLength(2);
      for (const raw of raws) {
        const counts = ['level', 'time', 'msg', 'requestId', 'context', 'pid'].map((key) => occurrences(raw, key));
        expect(Math.max(...counts)).toBe(1);
      }
      const [withContext, plain] = out.lines();
      expect(withContext).toMatchObject({
        level: 30,
        time: expect.any(Number),
        msg: 'x',
        requestId: 'real-id',
        context: 'OrdersService',
        pid: process.pid,
        orderId: 7,
        user_level: 'high',
        user_time: 'yesterday',
        user_requestId: 'spoofed',
        user_msg: 'm',
        user_context: 'c',
        user_pid: 'p',
      });
      expect(plain).toMatchObject({ level: 30, msg: 'x', requestId: 'real-id', user_msg: 'm', user_context: 'c' });
      expect(plain!.context).toBeUndefined();
    } finally {
      await app.close();
    }
  });

  it('renames through pino directly and for fields of `base`, and never over a field of the caller', async () => {
    const { app, out, logger } = await boot({ base: { service: 'orders' } });
    try {
      logger.pino.info({ service: 'fake', level: 1, user_level: 'mine' }, 'y');
      logger.log({ msg: 'z', time: 0 });
      const [raw1, raw2] = out.text.trim().split('\n');
      expect(occurrences(raw1!, 'service')).toBe(1);
      expect(occurrences(raw1!, 'level')).toBe(1);
      expect(occurrences(raw2!, 'time')).toBe(1);
      expect(occurrences(raw2!, 'msg')).toBe(1);
      const [first, second] = out.lines();
      expect(first).toMatchObject({
        level: 30,
        service: 'orders',
        user_service: 'fake',
        user_level: 'mine',
        user_user_level: 1,
        msg: 'y',
      });
      expect(second).toMatchObject({ msg: 'z', time: expect.any(Number), user_time: 0 });
    } finally {
      await app.close();
    }
  });

  it("outside a request, a caller's requestId is written as given (there is no real one)", async () => {
    const { app, out, logger } = await boot();
    try {
      logger.log('job', { requestId: 'from-queue' });
      expect(out.lines()[0]).toMatchObject({ requestId: 'from-queue' });
      expect(out.lines()[0]!.user_requestId).toBeUndefined();
    } finally {
      await app.close();
      Logger.overrideLogger(false);
    }
  });
});
