import { resolveConfigOptions } from './config.options.resolve.js';

describe('resolveConfigOptions', () => {
  it('applies defaults', () => {
    expect(resolveConfigOptions({})).toEqual({ enabled: true });
  });

  it('names the option and the fix when it is invalid', () => {
    expect(() => resolveConfigOptions({ enabled: 'yes' as unknown as boolean })).toThrow(
      /Invalid BallastConfigModule options:\n- enabled: must be a boolean/,
    );
  });
});
