import { jest } from '@jest/globals';
import { BallastError, isBallastError } from './ballast-error.js';

class BallastThingError extends BallastError<'BALLAST_THING_BROKEN' | 'BALLAST_THING_LOST'> {}
class BallastOtherError extends BallastError {}

describe('BallastError', () => {
  it('carries its code, its class name and the ES2022 cause', () => {
    const cause = new Error('socket closed');
    const error = new BallastThingError('BALLAST_THING_BROKEN', 'The thing broke; restart it.', { cause });
    expect(error.code).toBe('BALLAST_THING_BROKEN');
    expect(error.name).toBe('BallastThingError');
    expect(error.message).toBe('The thing broke; restart it.');
    expect(error.cause).toBe(cause);
    expect(Object.hasOwn(new BallastThingError('BALLAST_THING_LOST', 'x'), 'cause')).toBe(false);
    expect(error.stack).toContain('BallastThingError: The thing broke');
  });

  it('is an instance of its own class and of BallastError, not of a sibling class', () => {
    const error = new BallastThingError('BALLAST_THING_BROKEN', 'x');
    expect(error).toBeInstanceOf(BallastThingError);
    expect(error).toBeInstanceOf(BallastError);
    expect(error).toBeInstanceOf(Error);
    expect(error instanceof BallastOtherError).toBe(false);
    expect(new Error('x') instanceof BallastError).toBe(false);
    expect(isBallastError(error)).toBe(true);
    expect(isBallastError(error, 'BALLAST_THING_LOST')).toBe(false);
    expect(isBallastError(error, 'BALLAST_THING_LOST', 'BALLAST_THING_BROKEN')).toBe(true);
    expect(isBallastError({ code: 'BALLAST_THING_BROKEN' })).toBe(false);
  });

  it('keeps instanceof true across two loaded copies of a package (an ESM and a CJS build in one app)', async () => {
    let copy: typeof import('./ballast-error.js') | undefined;
    await jest.isolateModulesAsync(async () => {
      copy = await import('./ballast-error.js');
    });
    expect(copy!.BallastError).not.toBe(BallastError);
    class BallastThingErrorCopy extends copy!.BallastError {}
    Object.defineProperty(BallastThingErrorCopy, 'name', { value: 'BallastThingError' });
    const fromOtherCopy = new BallastThingErrorCopy('BALLAST_THING_BROKEN', 'x');

    expect(fromOtherCopy instanceof BallastThingError).toBe(true);
    expect(fromOtherCopy instanceof BallastError).toBe(true);
    expect(fromOtherCopy instanceof BallastOtherError).toBe(false);
    expect(new BallastThingError('BALLAST_THING_BROKEN', 'x') instanceof BallastThingErrorCopy).toBe(true);
  });
});
