import { DEFAULT_IGNORED_PATHS } from './logger.constants.js';
import { resolveLoggerOptions } from './logger.options.resolve.js';

describe('resolveLoggerOptions', () => {
  it('applies defaults: info, JSON to stdout buffered, redaction and request logging on', () => {
    const resolved = resolveLoggerOptions({});
    expect(resolved).toMatchObject({ level: 'info', pretty: false, destination: 1, sync: false, traceFields: true });
    expect(resolved.redact && resolved.redact.keys).toEqual(
      expect.arrayContaining(['authorization', 'cookie', 'set-cookie', 'x-api-key', 'password', 'apiKey', 'api_key']),
    );
    const quiet = resolved.requestLogging && resolved.requestLogging.ignores;
    expect(DEFAULT_IGNORED_PATHS.map((path) => quiet && quiet(path))).toEqual(DEFAULT_IGNORED_PATHS.map(() => true));
    expect(quiet && quiet('/users')).toBe(false);
  });

  it("maps Nest's level names to pino's", () => {
    expect(resolveLoggerOptions({ level: 'log' }).level).toBe('info');
    expect(resolveLoggerOptions({ level: 'verbose' }).level).toBe('trace');
  });

  it('adds redact keys to the defaults, or replaces them', () => {
    const added = resolveLoggerOptions({ redact: { keys: ['iban'] } }).redact;
    expect(added && added.keys).toEqual(expect.arrayContaining(['iban', 'password']));
    const replaced = resolveLoggerOptions({ redact: { keys: ['iban'], replace: true, censor: '***' } }).redact;
    expect(replaced).toEqual({ keys: ['iban'], paths: [], censor: '***', patterns: false });
    expect(resolveLoggerOptions({ redact: false }).redact).toBe(false);
  });

  it('adds ignored paths to the health probes, or drops the probes', () => {
    const rl = resolveLoggerOptions({ requestLogging: { ignorePaths: ['/metrics', /^\/internal\//] } }).requestLogging;
    const ignores = rl ? rl.ignores : () => false;
    expect(['/health/ready', '/metrics', '/metrics/x', '/internal/a', '/metricsz', '/users'].map(ignores)).toEqual([
      true,
      true,
      true,
      true,
      false,
      false,
    ]);
    const noProbes = resolveLoggerOptions({ requestLogging: { ignoreHealthProbes: false } }).requestLogging;
    expect(noProbes && noProbes.ignores('/health/ready')).toBe(false);
    expect(resolveLoggerOptions({ requestLogging: false }).requestLogging).toBe(false);
  });

  it('lists every problem at once, naming the option and the fix', () => {
    expect(() =>
      resolveLoggerOptions({
        level: 'loud' as never,
        sync: 'no' as never,
        redact: { replace: true },
        base: 'svc' as never,
      }),
    ).toThrow(
      [
        'Invalid BallastLoggerModule options:',
        "- level: must be one of 'fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent', 'log', 'verbose', got \"loud\".",
        '- base: must be an object of fields written on every line, or null for none, got "svc".',
        '- sync: must be a boolean (true or false), got "no".',
        '- redact.replace: true with no keys and no paths would redact nothing; use `redact: false` for that.',
      ].join('\n'),
    );
  });
});
