import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as errors from './exceptions.errors.js';
import { DATABASE_CODES } from './mappers/database-answers.js';
import { PARSER_ANSWERS } from './mappers/parser-error.mapper.js';

const readme = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'README.md'), 'utf8');

describe('README', () => {
  const moduleCodes = Object.values(errors as Record<string, unknown>).filter(
    (v): v is string => typeof v === 'string' && v.startsWith('BALLAST_'),
  );
  const bodyCodes = [
    ...Object.values(DATABASE_CODES),
    ...Object.values(PARSER_ANSWERS).map((a) => a.code),
    'VALIDATION_FAILED',
    'PAYLOAD_TOO_DEEP',
    'INTERNAL_ERROR',
  ];

  it('documents every module error code', () => {
    expect(moduleCodes.length).toBeGreaterThanOrEqual(3);
    expect(moduleCodes.filter((code) => !readme.includes(`\`${code}\``))).toEqual([]);
  });

  it('documents every body code in the mapping table', () => {
    expect(bodyCodes.filter((code) => !readme.includes(`\`${code}\``))).toEqual([]);
  });
});
