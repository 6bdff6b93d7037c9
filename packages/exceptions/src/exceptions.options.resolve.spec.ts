import { resolveExceptionsOptions } from './exceptions.options.resolve.js';
import { defaultExceptionMappers } from './mappers/index.js';
import type { ExceptionMapper } from './mappers/mapper.types.js';

const mine: ExceptionMapper = { name: 'mine', map: () => undefined };

describe('resolveExceptionsOptions', () => {
  it('applies defaults', () => {
    expect(resolveExceptionsOptions({})).toEqual({
      format: 'default',
      exposeInternalErrors: false,
      mappers: defaultExceptionMappers,
      logging: { serverErrors: 'error', clientErrors: 'warn' },
      problemTypeBaseUrl: undefined,
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

  it('lists every problem at once, naming the option and the fix', () => {
    let message = '';
    try {
      resolveExceptionsOptions({
        format: 'xml' as never,
        exposeInternalErrors: 'yes' as never,
        mappers: [{ name: 'x' } as never],
        logging: { clientErrors: 'loud' as never },
        problemTypeBaseUrl: 'not a url',
        colour: true,
      } as never);
    } catch (error) {
      message = (error as Error).message;
      expect((error as { code: string }).code).toBe('BALLAST_EXCEPTIONS_INVALID_OPTIONS');
    }
    expect(message).toMatch(/^Invalid BallastExceptionsModule options:/);
    expect(message).toMatch(/- format: "xml" is not one of default\|problem\+json\./);
    expect(message).toMatch(/- exposeInternalErrors: must be a boolean/);
    expect(message).toMatch(/- mappers\[0\]: must be \{ name: string, map\(exception, context\) \}/);
    expect(message).toMatch(/- logging\.clientErrors: "loud" is not one of error\|warn\|log\|debug\|verbose\|off\./);
    expect(message).toMatch(/- problemTypeBaseUrl: must be an absolute URL/);
    expect(message).toMatch(/- colour: unknown option/);
  });
});
