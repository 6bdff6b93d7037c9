import { BallastError } from '../errors/ballast-error.js';
import { flag, integer, list, milliseconds, oneOf, text } from './option-field.js';
import { formatOptionProblems, OptionProblems } from './option-problems.js';
import { readOptions } from './read-options.js';

const spec = {
  drainTimeoutMs: milliseconds().default(10_000),
  exitCode: integer(0, 255, 'an integer exit code').default(0),
  exit: flag().default(true),
  store: oneOf(['memory', 'redis'] as const).default('memory'),
  signals: list(text()).default(['SIGTERM']),
  prefix: text(),
};

describe('readOptions', () => {
  it('applies the defaults, and leaves fields without one undefined', () => {
    const { values, problems } = readOptions(spec, undefined);
    expect(problems.size).toBe(0);
    expect(values).toEqual({
      drainTimeoutMs: 10_000,
      exitCode: 0,
      exit: true,
      store: 'memory',
      signals: ['SIGTERM'],
      prefix: undefined,
    });
  });

  it('keeps the values given', () => {
    const { values } = readOptions(spec, { drainTimeoutMs: 0, exit: false, store: 'redis', prefix: 'app' });
    expect(values).toMatchObject({ drainTimeoutMs: 0, exit: false, store: 'redis', prefix: 'app' });
  });

  it('lists every problem at once, each naming the option, what it must be and what it got', () => {
    const { problems } = readOptions(spec, {
      drainTimeoutMs: '5s',
      exitCode: 300,
      exit: 'yes',
      store: 'mongo',
      signals: ['SIGTERM', 3],
      prefix: '',
    });
    expect(problems.list()).toEqual([
      'drainTimeoutMs: must be an integer number of milliseconds >= 0, got "5s".',
      'exitCode: must be an integer exit code from 0 to 255, got 300.',
      'exit: must be a boolean (true or false), got "yes".',
      "store: must be one of 'memory', 'redis', got \"mongo\".",
      'signals: item 1 must be a non-empty string, got 3.',
      'prefix: must be a non-empty string, got "".',
    ]);
  });

  it('adds the fix of a field to its problem', () => {
    const { problems } = readOptions({ generateId: flag().fix('Pass e.g. () => randomUUID().') }, { generateId: 1 });
    expect(problems.list()).toEqual([
      'generateId: must be a boolean (true or false), got 1. Pass e.g. () => randomUUID().',
    ]);
  });

  it('tells a near miss of a listed value which one it probably meant', () => {
    const { problems } = readOptions(spec, { store: 'Redis' });
    expect(problems.list()).toEqual(["store: must be one of 'memory', 'redis', got \"Redis\"; did you mean 'redis'?"]);
  });

  it('refuses unknown options, with the closest name, another library name, or the list', () => {
    const { problems } = readOptions(
      spec,
      { drainTimeout: 1, EXIT: true, validationSchema: {}, colour: 'red' },
      { otherNames: { validationSchema: 'use `schema` (a Joi object)' } },
    );
    expect(problems.list()).toEqual([
      'drainTimeout: unknown option; did you mean drainTimeoutMs?',
      'EXIT: unknown option; did you mean exit?',
      'validationSchema: unknown option; use `schema` (a Joi object).',
      'colour: unknown option; the options are drainTimeoutMs, exitCode, exit, store, signals, prefix.',
    ]);
  });

  it('says where isGlobal belongs when a forRootAsync factory returns it', () => {
    const { problems } = readOptions(spec, { isGlobal: true });
    expect(problems.list()).toEqual([
      'isGlobal: unknown option here; isGlobal is an option of forRoot()/forRootAsync() itself, not of the options ' +
        'the factory returns: write forRootAsync({ isGlobal: true, useFactory }).',
    ]);
  });

  it('reads nested options with their path, into the same list', () => {
    const problems = new OptionProblems();
    readOptions({ url: text() }, { url: 1, ulr: 'x' }, { path: 'redis.' }, problems);
    readOptions(spec, 'fast', {}, problems);
    expect(problems.list()).toEqual([
      'redis.ulr: unknown option; did you mean redis.url?',
      'redis.url: must be a non-empty string, got 1.',
      'options: must be an object, got "fast". Pass forRoot({ … }), or return an object from the forRootAsync factory.',
    ]);
    expect(problems.has('redis')).toBe(true);
    expect(problems.has('redis.url')).toBe(true);
    expect(problems.has('exit')).toBe(false);
  });

  it('throws one error listing every problem, in the one format of option errors', () => {
    class BallastThingError extends BallastError {}
    const { problems } = readOptions(spec, { exit: 1, store: 2 });
    expect(() =>
      problems.throwIfAny(
        (list) => new BallastThingError('BALLAST_THING_INVALID_OPTIONS', formatOptionProblems('ThingModule', list)),
      ),
    ).toThrow(
      'Invalid ThingModule options:\n' +
        '- exit: must be a boolean (true or false), got 1.\n' +
        "- store: must be one of 'memory', 'redis', got 2.",
    );
    expect(() => readOptions(spec, {}).problems.throwIfAny(() => new Error('never'))).not.toThrow();
  });
});
