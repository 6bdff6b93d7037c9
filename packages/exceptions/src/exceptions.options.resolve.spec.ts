import { resolveExceptionsOptions } from './exceptions.options.resolve.js';
import { defaultExceptionMappers } from './mappers/index.js';
import type { ExceptionMapper } from './mappers/mapper.types.js';

const mine: ExceptionMapper = { name: 'mine', map: () => undefined };

describe('resolveExceptionsOptions', () => {
  it('applies defaults', () => {
    expect(resolveExceptionsOptions({})).toEqual({
      format: 'default',
      body: undefined,
      exposeInternalErrors: false,
      mappers: defaultExceptionMappers,
      logging: { serverErrors: 'error', clientErrors: 'warn' },
      problemTypeBaseUrl: undefined,
      retryAfterSeconds: 1,
      loggerContext: 'BallastExceptions',
    });
  });

  it('puts user mappers before the built-in ones, or lets a function replace the list', () => {
    expect(resolveExceptionsOptions({ mappers: [mine] }).mappers).toEqual([mine, ...defaultExceptionMappers]);
    expect(
      resolveExceptionsOptions({ mappers: (d) => [mine, ...d.filter((m) => m.name !== 'prisma-error')] }).mappers.map(
        (m) => m.name,
      ),
    ).not.toContain('prisma-error');
  });

  it('turns all logging off with logging: false', () => {
    expect(resolveExceptionsOptions({ logging: false }).logging).toEqual({ serverErrors: 'off', clientErrors: 'off' });
  });

  it('keeps a body function as given', () => {
    const body = () => ({ success: false });
    expect(resolveExceptionsOptions({ body }).body).toBe(body);
  });

  it.each([
    ['a string', 'envelope', '"envelope"'],
    ['an object', { success: false }, 'an object'],
    ['null', null, 'null'],
  ])('refuses a body that is %s, naming the option and the fix', (_name, body, got) => {
    expect(() => resolveExceptionsOptions({ body: body as never })).toThrow(
      `- body: must be a function (error, defaultBody) => object that returns the error body to send, got ${got}. ` +
        'Pass a function, or remove the option to send the body of `format`.',
    );
  });

  it('lists every problem at once, naming the option and the fix', () => {
    let message = '';
    try {
      resolveExceptionsOptions({
        format: 'xml' as never,
        exposeInternalErrors: 'yes' as never,
        mappers: [{ name: 'x' } as never],
        logging: { clientErrors: 'loud' as never },
        problemTypeBaseUrl: 'not a url',
        body: 'envelope',
        retryAfterSeconds: 1.5,
        colour: true,
      } as never);
    } catch (error) {
      message = (error as Error).message;
      expect((error as { code: string }).code).toBe('BALLAST_EXCEPTIONS_INVALID_OPTIONS');
    }
    expect(message).toMatch(/^Invalid BallastExceptionsModule options:/);
    expect(message).toMatch(/- format: must be one of 'default', 'problem\+json', got "xml"\./);
    expect(message).toMatch(/- exposeInternalErrors: must be a boolean/);
    expect(message).toMatch(/- mappers\[0\]: must be \{ name: string, map\(exception, context\) \}/);
    expect(message).toMatch(
      /- logging\.clientErrors: must be one of 'error', 'warn', 'log', 'debug', 'verbose', 'off', got "loud"\./,
    );
    expect(message).toMatch(/- problemTypeBaseUrl: must be an absolute URL/);
    expect(message).toMatch(/- body: must be a function/);
    expect(message).toMatch(/- retryAfterSeconds: must be a whole number of seconds .* from 0 to 3600, got 1\.5\./);
    expect(message).toMatch(/- colour: unknown option; the options are format, body, /);
  });
});
