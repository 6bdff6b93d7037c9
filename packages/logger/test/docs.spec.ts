import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as logger from '../src/index.js';
import { prettyUnavailable } from '../src/logger.errors.js';

const readme = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'README.md'), 'utf8');

describe('README', () => {
  const codes = Object.entries(logger)
    .filter(([name]) => /^LOGGER_[A-Z_]+$/.test(name) && name !== 'LOGGER_FLUSH' && name !== 'LOGGER_LEVELS')
    .map(([, code]) => code as string);

  it('documents every error code', () => {
    expect(codes.length).toBeGreaterThanOrEqual(3);
    for (const code of codes) expect(readme).toContain(`\`${code}\``);
  });

  it('documents every option', () => {
    for (const option of [
      'level',
      'pretty',
      'redact',
      'requestLogging',
      'base',
      'destination',
      'sync',
      'traceFields',
    ]) {
      expect(readme).toContain(`| \`${option}\``);
    }
  });
});

describe('pretty without pino-pretty', () => {
  it('says what is missing and how to fix it', () => {
    const error = prettyUnavailable(new Error("Cannot find package 'pino-pretty'"));
    expect(error.code).toBe('BALLAST_LOGGER_PRETTY_UNAVAILABLE');
    expect(error.message).toContain('`pretty: true` needs the optional peer dependency "pino-pretty"');
    expect(error.message).toContain('npm i -D pino-pretty');
  });
});
