import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { BallastLogger, BallastLoggerModule } from '../src/index.js';
import { MemoryStream } from './fixtures/memory-stream.js';

// Each secret is unique, so one occurrence anywhere in the output is caught.
const S = {
  authorization: 'Bearer s3cr3t-axios-authorization',
  responsePassword: 's3cr3t-response-password',
  causeToken: 's3cr3t-cause-token',
  newPassword: 's3cr3t-new-password',
  passwordHash: 's3cr3t-password-hash',
  authToken: 's3cr3t-x-auth-token',
  secretAccessKey: 's3cr3t-secret-access-key',
  sessionId: 's3cr3t-session-id',
  sig: 's3cr3t-url-sig',
  dbPassword: 's3cr3t-db-password',
  deep: 's3cr3t-deep-password',
};

/** Shaped like axios's AxiosError: an Error subclass carrying the request config and the response. */
class AxiosError extends Error {
  isAxiosError = true;
  constructor(
    message: string,
    readonly config: Record<string, unknown>,
    readonly response: Record<string, unknown>,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

function axiosError(): AxiosError {
  return new AxiosError(
    'Request failed with status code 401',
    {
      url: `https://files.example.com/report.pdf?sig=${S.sig}&v=1`,
      headers: { Authorization: S.authorization, Accept: 'application/json' },
    },
    { status: 401, data: { error: 'denied', password: S.responsePassword } },
    { cause: { code: 'EAUTH', token: S.causeToken } },
  );
}

describe('redaction inside errors, by pattern, at any depth', () => {
  it('never writes the planted secrets, and keeps what is not secret', async () => {
    const out = new MemoryStream();
    @Module({ imports: [BallastLoggerModule.forRoot({ destination: out })] })
    class AppModule {}
    const app = await NestFactory.createApplicationContext(AppModule, { logger: false });
    const logger = app.get(BallastLogger);
    try {
      let deep: Record<string, unknown> = { password: S.deep, depthKept: true };
      for (let i = 0; i < 10; i++) deep = { level: deep };
      logger.error(axiosError());
      logger.error('upstream failed', axiosError());
      logger.log('user updated', {
        newPassword: S.newPassword,
        passwordHash: S.passwordHash,
        headers: { 'x-auth-token': S.authToken },
        aws: { secretAccessKey: S.secretAccessKey },
        sessionId: S.sessionId,
        download: `https://files.example.com/a.pdf?sig=${S.sig}`,
        db: `postgres://orders:${S.dbPassword}@db.internal:5432/orders`,
        deep,
        upstream: axiosError(),
      });
      logger.error(new Error(`connect failed: postgres://orders:${S.dbPassword}@db.internal/orders`));
      for (const [name, secret] of Object.entries(S)) {
        expect({ name, leaked: out.text.includes(secret) }).toEqual({ name, leaked: false });
      }
      const [first, second, third, fourth] = out.lines();
      expect(first!.err).toMatchObject({
        type: 'AxiosError',
        message: 'Request failed with status code 401',
        config: { headers: { Authorization: '[Redacted]', Accept: 'application/json' } },
        response: { status: 401, data: { error: 'denied', password: '[Redacted]' } },
        cause: { code: 'EAUTH', token: '[Redacted]' },
      });
      expect(first!.err.config.url).toBe('https://files.example.com/report.pdf?sig=[Redacted]&v=1');
      expect(second!.err.response.data.password).toBe('[Redacted]');
      expect(third).toMatchObject({
        newPassword: '[Redacted]',
        passwordHash: '[Redacted]',
        headers: { 'x-auth-token': '[Redacted]' },
        db: 'postgres://orders:[Redacted]@db.internal:5432/orders',
        upstream: { type: 'AxiosError', config: { headers: { Authorization: '[Redacted]' } } },
      });
      expect(JSON.stringify(third!.deep)).toContain('"password":"[Redacted]","depthKept":true');
      expect(fourth!.err.message).toBe('connect failed: postgres://orders:[Redacted]@db.internal/orders');
    } finally {
      await app.close();
    }
  });
});
