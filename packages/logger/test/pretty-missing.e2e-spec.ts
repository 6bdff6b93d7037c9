import { jest } from '@jest/globals';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

// pino-pretty is an optional peer: simulate an app where it is not installed.
jest.unstable_mockModule('pino-pretty', () => {
  throw Object.assign(new Error("Cannot find package 'pino-pretty'"), { code: 'ERR_MODULE_NOT_FOUND' });
});
const { BallastLoggerModule, BallastLogger } = await import('../src/index.js');

describe('pretty: true without pino-pretty installed', () => {
  it('refuses to start with a clear error naming the package and the fix', async () => {
    @Module({ imports: [BallastLoggerModule.forRoot({ pretty: true })] })
    class AppModule {}
    const error = await NestFactory.createApplicationContext(AppModule, { logger: false, abortOnError: false }).then(
      () => undefined,
      (e: unknown) => e as Error & { code?: string },
    );
    expect(error?.code).toBe('BALLAST_LOGGER_PRETTY_UNAVAILABLE');
    expect(error?.message).toContain('needs the optional peer dependency "pino-pretty"');
  });

  it('works with pretty: false (JSON)', async () => {
    @Module({ imports: [BallastLoggerModule.forRoot({ pretty: false, destination: { write: () => true } as never })] })
    class AppModule {}
    const app = await NestFactory.createApplicationContext(AppModule, { logger: false, abortOnError: false });
    expect(app.get(BallastLogger)).toBeInstanceOf(BallastLogger);
    await app.close();
  });
});
