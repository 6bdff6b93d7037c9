import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { BallastLogger, BallastLoggerModule } from '../src/index.js';
import { MemoryStream } from './fixtures/memory-stream.js';

class PaymentDeclinedError extends Error {
  constructor(readonly orderId: number) {
    super('payment declined');
  }
}

/** What an axios error looks like once it went through `toJSON()`, a queue or a structured clone: a plain object. */
function axiosLikeError(): Record<string, unknown> {
  return {
    name: 'AxiosError',
    message: 'Request failed with status code 502',
    code: 'ERR_BAD_RESPONSE',
    stack: 'AxiosError: Request failed with status code 502\n    at settle (axios/lib/core/settle.js:19:12)',
    status: 502,
  };
}

describe('err.type', () => {
  it('is the class name for Error subclasses and error-like objects, through every API', async () => {
    const out = new MemoryStream();
    @Module({ imports: [BallastLoggerModule.forRoot({ destination: out })] })
    class AppModule {}
    const app = await NestFactory.createApplicationContext(AppModule, { logger: false });
    const logger = app.get(BallastLogger);
    try {
      logger.error(new PaymentDeclinedError(7));
      logger.error(axiosLikeError());
      logger.error('upstream call failed', axiosLikeError());
      logger.pino.error({ err: axiosLikeError() }, 'through pino');
      logger.error(new Error('outer', { cause: axiosLikeError() }));
      const [custom, axios1, axios2, axios3, wrapped] = out.lines();
      expect(custom).toMatchObject({ msg: 'payment declined', err: { type: 'PaymentDeclinedError', orderId: 7 } });
      for (const line of [axios1, axios2, axios3]) {
        expect(line!.err).toMatchObject({ type: 'AxiosError', message: 'Request failed with status code 502' });
        expect(line!.err.stack).toContain('settle');
      }
      expect(axios1!.msg).toBe('Request failed with status code 502');
      expect(axios2!.msg).toBe('upstream call failed');
      expect(wrapped!.err).toMatchObject({ type: 'Error', cause: { type: 'AxiosError', code: 'ERR_BAD_RESPONSE' } });
      expect(out.text).not.toContain('"type":"Object"');
    } finally {
      await app.close();
    }
  });
});
