import type { HttpResponse } from '@ballast/test-support';
import type { CaptureLogger } from './fixtures/capture-logger.js';

/**
 * The answer to a database that is down or asks for a retry (TypeORM and Prisma alike): 503 with `Retry-After`, the
 * default body with only the code (no SQL, no driver message), and one error line in the log carrying `code` and,
 * when given, `err`. Returns that log line for further checks.
 */
export function expectUnavailable(
  res: HttpResponse,
  logger: CaptureLogger,
  expected: { path: string; code: string; err?: object },
): { level: string; entry: Record<string, any> } {
  const { path, code, err } = expected;
  expect(res.status).toBe(503);
  expect(res.headers['retry-after']).toBe('1');
  expect(res.body).toEqual({
    statusCode: 503,
    error: 'Service Unavailable',
    message: expect.any(String),
    code,
    requestId: res.headers['x-request-id'],
    timestamp: expect.any(String),
    path,
  });
  const line = logger.filterEntries().find((e) => e.entry.requestId === res.body.requestId)!;
  expect(line).toMatchObject({ level: 'error', entry: { statusCode: 503, code, ...(err ? { err } : {}) } });
  return line;
}
