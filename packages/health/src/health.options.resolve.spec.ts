import { resolveHealthOptions } from './health.options.resolve.js';

describe('resolveHealthOptions', () => {
  it('applies defaults', () => {
    expect(resolveHealthOptions({})).toEqual({ enabled: true });
  });

  it('names the option and the fix when it is invalid', () => {
    expect(() => resolveHealthOptions({ enabled: 'yes' as unknown as boolean })).toThrow(
      /Invalid BallastHealthModule options:\n- enabled: must be a boolean/,
    );
  });
});
