import { isSecretName, redactUrl, scrub, urlPassword } from './secrets.js';
import { editDistance, findTypos } from './typos.js';

describe('secret names', () => {
  it.each([
    'JWT_SECRET',
    'DB_PASSWORD',
    'SMTP_PASSWD',
    'GITHUB_TOKEN',
    'STRIPE_KEY',
    'API_KEY',
    'GCP_CREDENTIALS',
    'db_password',
    'SECRET',
  ])('%s is secret', (name) => expect(isSecretName(name)).toBe(true));
  it.each(['PORT', 'KEYCLOAK_URL', 'TOKEN_TTL', 'KEY_PREFIX', 'MONKEY', 'PASSWORD_MIN_LENGTH'])('%s is not', (name) =>
    expect(isSecretName(name)).toBe(false),
  );
  it('extra patterns add to the defaults', () => {
    expect(isSecretName('SENTRY_DSN', [/_DSN$/])).toBe(true);
    expect(isSecretName('SENTRY_DSN')).toBe(false);
  });
});

describe('URLs with credentials', () => {
  it.each([
    ['postgres://app:s3cret@db:5432/app', 'postgres://app:[REDACTED]@db:5432/app', 's3cret'],
    ['redis://:hunter2@cache:6379/0', 'redis://:[REDACTED]@cache:6379/0', 'hunter2'],
    ['amqp://user:p%40ss@mq', 'amqp://user:[REDACTED]@mq', 'p%40ss'],
    ['postgres://app@db/app', 'postgres://app@db/app', undefined],
    ['https://example.com/a:b@c', 'https://example.com/a:b@c', undefined],
  ])('%s', (input, redacted, password) => {
    expect(redactUrl(input)).toBe(redacted);
    expect(urlPassword(input)).toBe(password);
  });

  it('scrub hides whole secrets, longest first, and ignores strings too short to matter', () => {
    expect(scrub('token abcdef and abc, a', ['abc', 'abcdef', 'a'])).toBe('token [REDACTED] and [REDACTED], a');
  });
});

describe('typos', () => {
  it('edit distance counts swaps as one edit', () => {
    expect(editDistance('APP_PORT', 'APP_PROT')).toBe(1);
    expect(editDistance('DATABASE_URL', 'DATABSE_URL')).toBe(1);
    expect(editDistance('A', 'XYZ')).toBe(3);
  });

  it('suggests only for undeclared names under a prefix, within the distance', () => {
    const known = new Set(['APP_DATABASE_URL', 'APP_PORT', 'APP_SECRET']);
    expect(
      findTypos(
        ['APP_DATABSE_URL', 'APP_PORT', 'APP_SECRET_FILE', 'OTHER_PROT', 'APP_COMPLETELY_ELSE'],
        known,
        ['APP_'],
        2,
      ),
    ).toEqual([{ key: 'APP_DATABSE_URL', suggestion: 'APP_DATABASE_URL' }]);
  });
});
