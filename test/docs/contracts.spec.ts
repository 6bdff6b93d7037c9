import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as kernel from '../../internal/kernel/src/contracts.js';

// docs/contracts.md lists every token and metadata key the packages share; the kernel defines each once. This test
// keeps the page, the kernel and the packages in step: same names, same values, and no literal spelled twice.
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const page = readFileSync(join(root, 'docs', 'contracts.md'), 'utf8');
const contractsSource = readFileSync(join(root, 'internal', 'kernel', 'src', 'contracts.ts'), 'utf8');

const rows = page
  .split('\n')
  .map((line) => /^\|\s*`([A-Z0-9_]+)`\s*\|\s*`([^`]+)`\s*\|/.exec(line))
  .filter((match): match is RegExpExecArray => match !== null)
  .map(([, name, value]) => ({ name: name!, value: value! }));

const shown = (value: unknown): string =>
  typeof value === 'string' ? `'${value}'` : value instanceof RegExp ? String(value) : String(value);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('docs/contracts.md', () => {
  it('lists contracts', () => {
    expect(rows.length).toBeGreaterThanOrEqual(5);
  });

  it.each(rows)('$name is defined once, in the kernel, with the value the page shows', ({ name, value }) => {
    expect(shown((kernel as Record<string, unknown>)[name])).toBe(value);
  });

  it('shows every contract the kernel defines', () => {
    const defined = [...contractsSource.matchAll(/^export const ([A-Z0-9_]+) =/gm)].map((m) => m[1]);
    expect(defined.sort()).toEqual(rows.map((r) => r.name).sort());
  });

  it('leaves no package spelling a contract literal of its own: they import it from the kernel', () => {
    const literals = rows.map((r) => r.value).filter((v) => v.startsWith("'"));
    const spelled = readdirSync(join(root, 'packages')).flatMap((dir) =>
      sourceFiles(join(root, 'packages', dir, 'src')).flatMap((file) => {
        const text = readFileSync(file, 'utf8').replaceAll('"', "'");
        return literals.filter((literal) => text.includes(literal)).map((l) => `${file.slice(root.length + 1)}: ${l}`);
      }),
    );
    expect(spelled).toEqual([]);
  });
});
