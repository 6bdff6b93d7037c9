import { resolveShutdownOptions } from './shutdown.options.resolve.js';

describe('resolveShutdownOptions', () => {
  it('applies defaults', () => {
    expect(resolveShutdownOptions({})).toEqual({ enabled: true });
  });

  it('names the option and the fix when it is invalid', () => {
    expect(() => resolveShutdownOptions({ enabled: 'yes' as unknown as boolean })).toThrow(
      /Invalid BallastShutdownModule options:\n- enabled: must be a boolean/,
    );
  });
});
