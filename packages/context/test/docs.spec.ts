import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as context from '../src/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const optionsSource = readFileSync(join(root, 'src', 'context.options.ts'), 'utf8');

describe('README', () => {
  it('documents every error code', () => {
    const codes = Object.entries(context)
      .filter(([name]) => /^CONTEXT_[A-Z_]+$/.test(name))
      .map(([, code]) => code as string);
    expect(codes).toContain('BALLAST_CONTEXT_INVALID_OPTIONS');
    for (const code of codes) expect(readme).toContain(`| \`${code}\``);
  });

  it('documents every option of ContextModuleOptions, with its default in the JSDoc', () => {
    const body = optionsSource.slice(
      optionsSource.indexOf('export interface ContextModuleOptions'),
      optionsSource.indexOf('export interface ResolvedContextOptions'),
    );
    const options = [...body.matchAll(/^ {2}(\w+)\?:/gm)].map((m) => m[1]);
    expect(options).toEqual([
      'header',
      'trustIncomingId',
      'generateId',
      'echoHeader',
      'fields',
      'bindStreamEvents',
      'fastExpressRequests',
    ]);
    for (const option of [...options, 'isGlobal']) expect(readme).toContain(`| \`${option}\``);
    expect(body.match(/@default/g)).toHaveLength(options.length);
  });
});
