import { isSecretName, redactUrl, scrub, secretForms, urlPassword, urlSecrets } from './secrets.js';
import { findTypos } from './typos.js';

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
    'PGPASSWORD',
    'MYSQL_PWD',
    'SMTP_PASS',
    'SENTRY_DSN',
    'GOOGLE_CREDENTIALS',
    'AWS_CREDENTIAL',
    'APP_SECRETS',
    'SSH_PASSPHRASE',
    'OPENAI_APIKEY',
    'DBPASSWD',
    'CLIENTSECRET',
    'GITHUBTOKEN',
  ])('%s is secret', (name) => expect(isSecretName(name)).toBe(true));
  it.each([
    'PORT',
    'KEYCLOAK_URL',
    'TOKEN_TTL',
    'KEY_PREFIX',
    'MONKEY',
    'PASSWORD_MIN_LENGTH',
    'CACHE_BYPASS',
    'PGPASSFILE',
    'DSN_TIMEOUT',
  ])('%s is not', (name) => expect(isSecretName(name)).toBe(false));
  it('extra patterns add to the defaults', () => {
    expect(isSecretName('SIGNING_SALT', [/_SALT$/])).toBe(true);
    expect(isSecretName('SIGNING_SALT')).toBe(false);
  });
});

describe('URLs with credentials', () => {
  it.each([
    ['postgres://app:s3cret@db:5432/app', 'postgres://app:[REDACTED]@db:5432/app', 's3cret'],
    ['redis://:hunter2@cache:6379/0', 'redis://:[REDACTED]@cache:6379/0', 'hunter2'],
    ['amqp://user:p%40ss@mq', 'amqp://user:[REDACTED]@mq', 'p%40ss'],
    ['postgres://app@db/app', 'postgres://app@db/app', undefined],
    ['https://example.com/a:b@c', 'https://example.com/a:b@c', undefined],
    // WHATWG: the userinfo ends at the LAST @ of the authority; the password starts after its first ':'.
    ['redis://u:p@ss@host:6379/0', 'redis://u:[REDACTED]@host:6379/0', 'p@ss'],
    ['redis://u:p:w@d@host', 'redis://u:[REDACTED]@host', 'p:w@d'],
    ['jdbc:postgresql://app:s3cret@db/app', 'jdbc:postgresql://app:[REDACTED]@db/app', 's3cret'],
    ['mongodb://app:pw1@h1,h2/db?replicaSet=rs', 'mongodb://app:[REDACTED]@h1,h2/db?replicaSet=rs', 'pw1'],
    ['  postgres://app:s3cret@db', '  postgres://app:[REDACTED]@db', 's3cret'],
  ])('%s', (input, redacted, password) => {
    expect(redactUrl(input)).toBe(redacted);
    expect(urlPassword(input)).toBe(password);
  });

  it.each([
    [
      'postgres://db/app?sslmode=require&password=pw1&sslpassword=pw2',
      'postgres://db/app?sslmode=require&password=[REDACTED]&sslpassword=[REDACTED]',
      ['pw1', 'pw2'],
    ],
    [
      'https://h/x?pass=a1&pwd=a2&secret=a3&token=a4&key=a5&api_key=a6&access_token=a7&sig=a8&page=2',
      'https://h/x?pass=[REDACTED]&pwd=[REDACTED]&secret=[REDACTED]&token=[REDACTED]&key=[REDACTED]&api_key=[REDACTED]' +
        '&access_token=[REDACTED]&sig=[REDACTED]&page=2',
      ['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8'],
    ],
    [
      'https://b.s3.amazonaws.com/o?X-Amz-Credential=c1&X-Amz-Signature=c2&client_secret=c3#access_token=c4&state=ok',
      'https://b.s3.amazonaws.com/o?X-Amz-Credential=[REDACTED]&X-Amz-Signature=[REDACTED]&client_secret=[REDACTED]' +
        '#access_token=[REDACTED]&state=ok',
      ['c1', 'c2', 'c3', 'c4'],
    ],
    ['u:p@ss@host?token=x', 'u:p@ss@host?token=x', []],
  ])('secret query parameters: %s', (input, redacted, secrets) => {
    expect(redactUrl(input)).toBe(redacted);
    expect(urlSecrets(input)).toEqual(secrets);
  });

  it('a secret is scrubbed as written, trimmed, lower- and upper-cased, and percent-decoded', () => {
    expect(secretForms(' Ab%40c ')).toEqual(
      expect.arrayContaining([' Ab%40c ', 'Ab%40c', 'ab%40c', 'AB%40C', ' Ab@c ', 'Ab@c', 'ab@c', 'AB@C']),
    );
  });

  it('scrub hides whole secrets, longest first, and ignores strings too short to matter', () => {
    expect(scrub('token abcdef and abc, a', ['abc', 'abcdef', 'a'])).toBe('token [REDACTED] and [REDACTED], a');
  });
});

describe('typos', () => {
  it('counts a swap of two neighbours as one edit', () => {
    const known = new Set(['APP_PORT', 'APP_DATABASE_URL']);
    expect(findTypos(['APP_PROT', 'APP_DATABSE_URL', 'APP_XYZ'], known, ['APP_'], 1)).toEqual([
      { key: 'APP_DATABSE_URL', suggestion: 'APP_DATABASE_URL' },
      { key: 'APP_PROT', suggestion: 'APP_PORT' },
    ]);
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
