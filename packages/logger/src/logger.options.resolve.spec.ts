import { resolveLoggerOptions } from './logger.options.resolve.js';

describe('resolveLoggerOptions', () => {
  it('applies defaults', () => {
    expect(resolveLoggerOptions({})).toEqual({ enabled: true });
  });

  it('names the option and the fix when it is invalid', () => {
    expect(() => resolveLoggerOptions({ enabled: 'yes' as unknown as boolean })).toThrow(
      /Invalid BallastLoggerModule options:\n- enabled: must be a boolean/,
    );
  });
});
