import { resolveExceptionsOptions } from './exceptions.options.resolve.js';

describe('resolveExceptionsOptions', () => {
  it('applies defaults', () => {
    expect(resolveExceptionsOptions({})).toEqual({ enabled: true });
  });

  it('names the option and the fix when it is invalid', () => {
    expect(() => resolveExceptionsOptions({ enabled: 'yes' as unknown as boolean })).toThrow(
      /Invalid BallastExceptionsModule options:\n- enabled: must be a boolean/,
    );
  });
});
