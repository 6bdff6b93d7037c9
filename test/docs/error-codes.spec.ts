import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// Error codes are a contract. Every error a package throws has a code (no bare Error/TypeError/RangeError in src/);
// every code is documented twice, in its README (where a user lands from the message) and in docs/error-codes.md
// (the reference, generated from the READMEs); and nothing is documented that the sources no longer define.
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function sourceFiles(dir: string, suffix: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path, suffix);
    return entry.name.endsWith(suffix) && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}
const errorFiles = (dir: string): string[] => sourceFiles(dir, '.errors.ts');

const packages = readdirSync(join(root, 'packages')).map((dir) => {
  const codes = errorFiles(join(root, 'packages', dir, 'src')).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/['"`](BALLAST_[A-Z0-9_]+)['"`]/g)].map((m) => m[1]!),
  );
  return { dir, codes: [...new Set(codes)].sort() };
});

describe.each(packages)('error codes of @ballast/$dir', ({ dir, codes }) => {
  it('defines at least one code, each prefixed with the package name', () => {
    expect(codes.length).toBeGreaterThan(0);
    for (const code of codes) expect(code.startsWith(`BALLAST_${dir.toUpperCase()}_`)).toBe(true);
  });

  it('documents every code in the package README', () => {
    const readme = join(root, 'packages', dir, 'README.md');
    const text = existsSync(readme) ? readFileSync(readme, 'utf8') : '';
    expect(codes.filter((code) => !text.includes(code))).toEqual([]);
  });

  it('documents every code in docs/error-codes.md', () => {
    const reference = join(root, 'docs', 'error-codes.md');
    const text = existsSync(reference) ? readFileSync(reference, 'utf8') : '';
    expect(codes.filter((code) => !text.includes(code))).toEqual([]);
  });
});

describe('the error-code contract', () => {
  const defined = new Set(packages.flatMap((p) => p.codes));
  const documented = (text: string): string[] => [...new Set(text.match(/BALLAST_[A-Z0-9_]+[A-Z0-9]/g) ?? [])];

  it('documents no code that the sources do not define (a removed code leaves the docs too)', () => {
    const reference = readFileSync(join(root, 'docs', 'error-codes.md'), 'utf8');
    expect(documented(reference).filter((code) => !defined.has(code))).toEqual([]);
    for (const { dir } of packages) {
      const readme = readFileSync(join(root, 'packages', dir, 'README.md'), 'utf8');
      const rows = readme.split('\n').filter((line) => /^\|\s*`BALLAST_/.test(line));
      expect({ dir, stale: documented(rows.join('\n')).filter((code) => !defined.has(code)) }).toEqual({
        dir,
        stale: [],
      });
    }
  });

  it('keeps docs/error-codes.md as `node scripts/error-codes.mjs` writes it', async () => {
    // @ts-expect-error: a plain .mjs script, no types
    const { renderErrorCodes } = (await import('../../scripts/error-codes.mjs')) as {
      renderErrorCodes: () => Promise<string>;
    };
    expect(readFileSync(join(root, 'docs', 'error-codes.md'), 'utf8')).toBe(await renderErrorCodes());
  });

  it('has no uncoded throw in any package source: every error is a Ballast*Error with a code', () => {
    const dirs = [
      ...readdirSync(join(root, 'packages')).map((dir) => join(root, 'packages', dir, 'src')),
      ...readdirSync(join(root, 'internal')).map((dir) => join(root, 'internal', dir, 'src')),
    ];
    const uncoded = dirs.flatMap((dir) =>
      sourceFiles(dir, '.ts').flatMap((file) =>
        readFileSync(file, 'utf8')
          .split('\n')
          .map((line, index) => ({ line, at: `${file.slice(root.length + 1)}:${index + 1}` }))
          .filter(({ line }) => /\bthrow\s+new\s+(Error|TypeError|RangeError|SyntaxError)\s*\(/.test(line))
          .map(({ at, line }) => `${at}: ${line.trim()}`),
      ),
    );
    expect(uncoded).toEqual([]);
  });
});
