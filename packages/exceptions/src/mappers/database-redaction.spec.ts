import { describeError } from '../exceptions.filter.js';
import { redactMysqlMessage, redactPostgresDetail, redactPostgresMessage } from './database-redaction.js';

describe('database values in logs', () => {
  it.each([
    ['Key (email)=(a@b.c) already exists.', '23505', 'Key (email)=(…) already exists.'],
    ['Key (email)=(x) already exists) already exists.', '23505', 'Key (email)=(…) already exists.'],
    ['Key (tenant_id, email)=(1, a@b.c) already exists.', '23505', 'Key (tenant_id, email)=(…) already exists.'],
    [
      'Key (author_id)=(42) is not present in table "users".',
      '23503',
      'Key (author_id)=(…) is not present in table "users".',
    ],
    [
      'Key (id)=(7) is still referenced from table "posts".',
      '23503',
      'Key (id)=(…) is still referenced from table "posts".',
    ],
    [
      'Key (r)=([1,2)) conflicts with existing key (r)=([0,3)).',
      '23P01',
      'Key (r)=(…) conflicts with existing key (r)=(…).',
    ],
    ['Failing row contains (1, a@b.c, $2b$10$hash, null).', '23502', 'Failing row contains (…)'],
    ['Some future detail quoting a@b.c', '23514', '(…)'],
    [
      'Process 1 waits for ShareLock on transaction 2; blocked by process 3.',
      '40P01',
      'Process 1 waits for ShareLock on transaction 2; blocked by process 3.',
    ],
  ])('Postgres detail %j (%s)', (detail, code, expected) => {
    expect(redactPostgresDetail(detail, code)).toBe(expected);
  });

  it.each([
    ['invalid input syntax for type integer: "secret"', '22P02', 'invalid input syntax for type integer: "…"'],
    ['value "99999999999" is out of range for type integer', '22003', 'value "…" is out of range for type integer'],
    ['date/time field value out of range: "2020-13-45"', '22008', 'date/time field value out of range: "…"'],
    [
      'duplicate key value violates unique constraint "users_email_key"',
      '23505',
      'duplicate key value violates unique constraint "users_email_key"',
    ],
  ])('Postgres message %j (%s)', (message, code, expected) => {
    expect(redactPostgresMessage(message, code)).toBe(expected);
  });

  it.each([
    ["Duplicate entry 'a@b.c' for key 'users.email'", "Duplicate entry '…' for key 'users.email'"],
    [
      "Incorrect integer value: 'abc' for column 'age' at row 1",
      "Incorrect integer value: '…' for column 'age' at row 1",
    ],
  ])('MySQL message %j', (message, expected) => {
    expect(redactMysqlMessage(message)).toBe(expected);
  });

  it('describeError redacts a TypeORM QueryFailedError, its driver error and its stack', () => {
    const driverError = Object.assign(new Error('invalid input syntax for type integer: "canary"'), {
      code: '22P02',
      severity: 'ERROR',
      detail: 'Failing row contains (canary).',
    });
    const error = Object.assign(new Error(driverError.message), { name: 'QueryFailedError', driverError });
    const text = JSON.stringify(describeError(error));
    expect(text).not.toContain('canary');
    expect(text).toContain('invalid input syntax for type integer');
    expect(text).toContain('22P02');
  });
});
