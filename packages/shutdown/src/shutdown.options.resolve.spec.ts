import { resolveShutdownOptions } from './shutdown.options.resolve.js';

describe('resolveShutdownOptions', () => {
  it('applies Kubernetes defaults in production: a 5 s readiness delay', () => {
    expect(resolveShutdownOptions({}, { NODE_ENV: 'production' })).toEqual({
      signals: ['SIGTERM', 'SIGINT'],
      readinessDelayMs: 5000,
      drainTimeoutMs: 10_000,
      hookTimeoutMs: 5000,
      timeoutMs: 25_000,
      exitCode: 0,
      timeoutExitCode: 1,
      errorExitCode: 1,
      forceExitOnSecondSignal: false,
      exit: true,
    });
  });

  it('has no readiness delay outside production (development, tests)', () => {
    expect(resolveShutdownOptions({}, { NODE_ENV: 'development' }).readinessDelayMs).toBe(0);
    expect(resolveShutdownOptions({}, {}).readinessDelayMs).toBe(0);
    expect(resolveShutdownOptions({ readinessDelayMs: 2000 }, {}).readinessDelayMs).toBe(2000);
  });

  it('keeps the given signals, without duplicates', () => {
    expect(resolveShutdownOptions({ signals: ['SIGTERM', 'SIGHUP', 'SIGTERM'] }, {}).signals).toEqual([
      'SIGTERM',
      'SIGHUP',
    ]);
    expect(resolveShutdownOptions({ signals: [] }, {}).signals).toEqual([]);
  });

  it('lists every invalid option at once, each with its fix', () => {
    let message = '';
    try {
      resolveShutdownOptions(
        {
          signals: ['SIGKILL', 'NOPE'] as NodeJS.Signals[],
          drainTimeoutMs: 1.5,
          hookTimeoutMs: 0,
          exitCode: -1,
          forceExitOnSecondSignal: 'yes' as unknown as boolean,
        },
        {},
      );
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe(
      [
        'Invalid BallastShutdownModule options:',
        `- signals: "SIGKILL", "NOPE" cannot be handled; use catchable signal names such as 'SIGTERM', 'SIGINT' or 'SIGHUP'.`,
        '- drainTimeoutMs: must be an integer number of milliseconds >= 0, got 1.5.',
        '- hookTimeoutMs: must be an integer number of milliseconds >= 1, got 0.',
        '- exitCode: must be an integer exit code from 0 to 255, got -1.',
        '- forceExitOnSecondSignal: must be a boolean (true or false), got "yes".',
      ].join('\n'),
    );
  });

  it('requires timeoutMs to leave time after the readiness delay and the drain', () => {
    expect(() =>
      resolveShutdownOptions({ readinessDelayMs: 5000, drainTimeoutMs: 10_000, timeoutMs: 15_000 }, {}),
    ).toThrow(
      /timeoutMs: 15000 leaves no time for hooks and app.close\(\) after readinessDelayMs \(5000\) \+ drainTimeoutMs \(10000\); raise timeoutMs above 15000/,
    );
  });
});
