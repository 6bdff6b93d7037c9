/**
 * Real services for tests. A test that needs Redis or PostgreSQL reads its URL from the environment:
 * without it the suite skips with one clear line; under CI=true a missing URL fails the run instead.
 */
export type ServiceVariable = 'REDIS_URL' | 'DATABASE_URL';

const announced = new Set<string>();

/** The service URL, or undefined when the suite should skip. Throws under CI=true when the variable is missing. */
export function serviceUrl(variable: ServiceVariable): string | undefined {
  const value = process.env[variable];
  if (value) return value;
  if (process.env.CI === 'true') {
    throw new Error(
      `${variable} is not set, and CI=true: a missing service is a failure in CI (run ../shared/services.sh).`,
    );
  }
  if (!announced.has(variable)) {
    announced.add(variable);
    process.stdout.write(`skipped: tests that need ${variable} (set it, e.g. ${example(variable)}, to run them)\n`);
  }
  return undefined;
}

/** `describe` when the service is configured, `describe.skip` otherwise. */
export function describeWithService(variable: ServiceVariable): jest.Describe {
  return serviceUrl(variable) ? describe : describe.skip;
}

function example(variable: ServiceVariable): string {
  return variable === 'REDIS_URL'
    ? 'REDIS_URL=redis://127.0.0.1:6379'
    : 'DATABASE_URL=postgres://postgres@127.0.0.1:5432/test';
}
