import type { Logger as PinoLogger } from 'pino';
import { DEFAULT_IGNORED_PATHS } from '../logger.constants.js';
import { RequestLineWriter } from './request-line.js';

describe('RequestLineWriter.ignores', () => {
  const writer = new RequestLineWriter(
    {} as PinoLogger,
    { ignorePaths: new Set([...DEFAULT_IGNORED_PATHS, '/orders/1']), ignorePatterns: [/^\/echo\//], query: true },
    false,
  );

  it.each([
    { url: '/health/ready', ignored: true },
    { url: '/health/ready?verbose=1', ignored: true },
    // Express answers the probe on a trailing slash too: the quiet path follows it.
    { url: '/health/ready/', ignored: true },
    { url: '/health/live/?x=1', ignored: true },
    { url: '/orders/1/', ignored: true },
    { url: '/echo/x', ignored: true },
    { url: '/health/ready//', ignored: false },
    { url: '/health/readyz', ignored: false },
    { url: '/api/health/ready', ignored: false },
    { url: '/', ignored: false },
  ])('$url → ignored: $ignored', ({ url, ignored }) => {
    expect(writer.ignores(url)).toBe(ignored);
  });
});
