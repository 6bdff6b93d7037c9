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

  it('refuses isGlobal returned by a forRootAsync factory, saying where it belongs', () => {
    expect(() => resolveContextOptions({ isGlobal: false } as never)).toThrow(
      /isGlobal: unknown option here; .*forRootAsync\(\{ isGlobal: true, useFactory \}\)/,
    );
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
      expect.stringMatching(/^- enabled: unknown option; the options are header, trustIncomingId, /),
      expect.stringMatching(
        /^- header: must be a valid HTTP header name .*got "x request id"\. Use e\.g\. 'x-request-id'/,
      ),
      expect.stringMatching(/^- trustIncomingId: must be a boolean \(true or false\), got "false"\. Pass a boolean/),
      expect.stringMatching(/^- generateId: must be a function, got "uuid"\. Pass e\.g\. \(\) => randomUUID\(\)/),
      expect.stringMatching(/^- echoHeader: must be a boolean \(true or false\), got 1\./),
      expect.stringMatching(/^- fields: must be a function, got an object\./),
      expect.stringMatching(/^- fastExpressRequests: must be a boolean \(true or false\), got "yes"\./),
    ]);
  });

  it('refuses a non-object', () => {
    expect(() => resolveContextOptions('x-request-id' as never)).toThrow(
      /options: must be an object, got "x-request-id"\. Pass forRoot/,
    );
  });

  it('never echoes a long value in full', () => {
    expect(() => resolveContextOptions({ header: 'a b'.repeat(100) })).toThrow(/…"/);
  });
});
