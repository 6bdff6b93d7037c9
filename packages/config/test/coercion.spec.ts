import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Joi from 'joi';
import {
  CONFIG_INVALID_OPTIONS,
  CONFIG_PROBLEM_CODES,
  CONFIG_VALIDATION_FAILED,
  bool,
  duration,
  logLevel,
  nodeEnv,
  port,
  url,
} from '../src/index.js';

const readme = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../README.md'), 'utf8');

/** The schemas behind the README's column headers. */
const columns: Record<string, () => Joi.Schema> = {
  'Joi.string()': () => Joi.string(),
  'Joi.number()': () => Joi.number(),
  'port()': port,
  'Joi.boolean()': () => Joi.boolean(),
  'bool()': bool,
  'duration()': duration,
  'logLevel()': logLevel,
};

function coercionTable() {
  const block = readme.split('<!-- coercion-table:start -->')[1]!.split('<!-- coercion-table:end -->')[0]!;
  const lines = block
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('|'));
  const cells = (line: string) =>
    line
      .slice(1, -1)
      .split('|')
      .map((c) => c.trim().replace(/^`|`$/g, ''));
  const header = cells(lines[0]!).slice(1);
  return lines.slice(2).map((line) => {
    const [input, ...expected] = cells(line);
    return {
      input: JSON.parse(input!) as string,
      expected: header.map((column, i) => ({ column, cell: expected[i]! })),
    };
  });
}

const rows = coercionTable();

// The table shows joi 18. joi 17 (the NestJS 11 run's) does not trim before converting to a boolean, so there its
// plain `Joi.boolean()` rejects a padded value such as " true " (`bool()` trims on both).
const expectedCell = (column: string, input: string, cell: string) =>
  column === 'Joi.boolean()' && Joi.version.startsWith('17.') && input !== input.trim() ? 'error' : cell;

describe('the README coercion table, row by row', () => {
  it('has the rows the issue asks for, and a column per type', () => {
    expect(rows.map((r) => r.input)).toEqual(expect.arrayContaining(['false', '', ' 8080 ', '8080abc', '1e3', 'TRUE']));
    expect(rows[0]!.expected.map((e) => e.column)).toEqual(Object.keys(columns));
  });

  it.each(rows.map((row) => ({ ...row, name: JSON.stringify(row.input) })))('input $name', ({ input, expected }) => {
    for (const { column, cell } of expected) {
      const { value, error } = columns[column]!().validate(input);
      const actual = error ? 'error' : JSON.stringify(value);
      expect(`${column}: ${actual}`).toBe(`${column}: ${expectedCell(column, input, cell)}`);
    }
  });
});

describe('fragments', () => {
  it('url() checks the scheme and trims; nodeEnv() defaults to development', () => {
    expect(url({ scheme: ['postgres'] }).validate(' postgres://db/app ').value).toBe('postgres://db/app');
    expect(url({ scheme: ['postgres'] }).validate('mysql://db/app').error).toBeDefined();
    expect(nodeEnv().validate(undefined).value).toBe('development');
    expect(nodeEnv().validate('PRODUCTION').value).toBe('production');
    expect(nodeEnv().validate('staging').error).toBeDefined();
  });

  it('duration() units', () => {
    expect(['500ms', '10s', '5m', '1h', '1d'].map((d) => duration().validate(d).value)).toEqual([
      500, 10_000, 300_000, 3_600_000, 86_400_000,
    ]);
  });
});

it('every error code is documented in the README', () => {
  for (const code of [CONFIG_INVALID_OPTIONS, CONFIG_VALIDATION_FAILED, ...Object.values(CONFIG_PROBLEM_CODES)]) {
    expect(readme).toContain(`\`${code}\``);
  }
});
