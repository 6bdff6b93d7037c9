import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// Every error code a package can throw is documented twice: in its README (where a user lands from the message)
// and in docs/error-codes.md (the reference). Codes are stable and never reused, so a code without docs is a bug.
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function errorFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return errorFiles(path);
    return entry.name.endsWith('.errors.ts') ? [path] : [];
  });
}

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
