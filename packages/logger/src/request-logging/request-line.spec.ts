import { createPathMatcher } from '@ballast/kernel';
import type { Logger as PinoLogger } from 'pino';
import { DEFAULT_IGNORED_PATHS } from '../logger.constants.js';
import { abortedStatus, RequestLineWriter } from './request-line.js';

describe('RequestLineWriter.ignores', () => {
  const writer = new RequestLineWriter(
    {} as PinoLogger,
    { ignores: createPathMatcher([...DEFAULT_IGNORED_PATHS, '/orders/1', /^\/echo\//]), query: true },
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
    // One rule with the cache's ignorePaths: a path quiets everything under it, never a longer name.
    { url: '/orders/1/items', ignored: true },
    { url: '/orders/10', ignored: false },
    { url: '/health/readyz', ignored: false },
    { url: '/api/health/ready', ignored: false },
    { url: '/', ignored: false },
  ])('$url → ignored: $ignored', ({ url, ignored }) => {
    expect(writer.ignores(url)).toBe(ignored);
  });
});

describe('abortedStatus', () => {
  it('is the status the client received when the response had started', () => {
    expect(abortedStatus({ headersSent: true, statusCode: 206 })).toBe(206);
  });

  it('is 0 when no response was sent, whatever status the handler set', () => {
    expect(abortedStatus({ headersSent: false, statusCode: 500 })).toBe(0);
    expect(abortedStatus(undefined)).toBe(0);
  });
});
