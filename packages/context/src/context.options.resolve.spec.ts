import { resolveContextOptions } from './context.options.resolve.js';

describe('resolveContextOptions', () => {
  it('applies defaults', () => {
    expect(resolveContextOptions({})).toEqual({ enabled: true });
  });

  it('names the option and the fix when it is invalid', () => {
    expect(() => resolveContextOptions({ enabled: 'yes' as unknown as boolean })).toThrow(
      /Invalid BallastContextModule options:\n- enabled: must be a boolean/,
    );
  });
});
