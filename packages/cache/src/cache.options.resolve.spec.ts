import { resolveCacheOptions } from './cache.options.resolve.js';

describe('resolveCacheOptions', () => {
  it('applies defaults', () => {
    expect(resolveCacheOptions({})).toEqual({ enabled: true });
  });

  it('names the option and the fix when it is invalid', () => {
    expect(() => resolveCacheOptions({ enabled: 'yes' as unknown as boolean })).toThrow(
      /Invalid BallastCacheModule options:\n- enabled: must be a boolean/,
    );
  });
});
