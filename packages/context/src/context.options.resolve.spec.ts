import { BallastContextError } from './context.errors.js';
import { resolveContextOptions } from './context.options.resolve.js';

describe('resolveContextOptions', () => {
  it('applies defaults', () => {
    expect(resolveContextOptions({})).toEqual({
      header: 'x-request-id',
      trustIncomingId: true,
      generateId: undefined,
      echoHeader: true,
      fields: undefined,
      bindStreamEvents: false,
      fastExpressRequests: false,
    });
    expect(resolveContextOptions()).toEqual(resolveContextOptions({}));
  });

  it('lower-cases the header and keeps the functions given', () => {
    const generateId = () => 'x';
    const fields = () => ({});
    expect(
      resolveContextOptions({
        header: 'X-Correlation-ID',
        generateId,
        fields,
        echoHeader: false,
        bindStreamEvents: true,
        fastExpressRequests: true,
      }),
    ).toEqual({
      header: 'x-correlation-id',
      trustIncomingId: true,
      generateId,
      echoHeader: false,
      fields,
      bindStreamEvents: true,
      fastExpressRequests: true,
    });
  });

  it('ignores the isGlobal extra', () => {
    expect(() => resolveContextOptions({ isGlobal: false } as never)).not.toThrow();
  });

  it('lists every problem at once, each with the option name and a fix', () => {
    let error: unknown;
    try {
      resolveContextOptions({
        header: 'x request id',
        trustIncomingId: 'false',
        echoHeader: 1,
        generateId: 'uuid',
        fields: {},
        fastExpressRequests: 'yes',
        enabled: true,
      } as never);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BallastContextError);
    expect((error as BallastContextError).code).toBe('BALLAST_CONTEXT_INVALID_OPTIONS');
    expect((error as Error).message.split('\n')).toEqual([
      'Invalid BallastContextModule options:',
      expect.stringMatching(
        /^- header: must be a valid HTTP header name .*got "x request id"\. Use e\.g\. 'x-request-id'/,
      ),
      expect.stringMatching(/^- trustIncomingId: must be true or false, got "false"\. Pass a boolean/),
      expect.stringMatching(/^- echoHeader: must be true or false, got number 1\./),
      expect.stringMatching(/^- fastExpressRequests: must be true or false, got "yes"\./),
      expect.stringMatching(/^- generateId: must be a function, got "uuid"\. Pass e\.g\. \(\) => randomUUID\(\)/),
      expect.stringMatching(/^- fields: must be a function, got an object\./),
      expect.stringMatching(/^- enabled: is not an option of BallastContextModule\. Known options: header, /),
    ]);
  });

  it('refuses a non-object', () => {
    expect(() => resolveContextOptions('x-request-id' as never)).toThrow(/options: expected an object/);
  });

  it('never echoes a long value in full', () => {
    expect(() => resolveContextOptions({ header: 'a b'.repeat(100) })).toThrow(/…"/);
  });
});
