import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const src = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Source files of the package, specs excepted. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

// terminus is loaded on the first probe (LazyTerminus): one static import anywhere would load it at startup again.
it('no source file imports @nestjs/terminus statically, except for types', () => {
  const offenders = sourceFiles(src).filter((file) =>
    /^\s*(?:import\s+(?!type\s)(?:[^;]*?\sfrom\s+)?|export\s+(?!type\s)[^;]*?\sfrom\s+)['"]@nestjs\/terminus['"]/m.test(
      readFileSync(file, 'utf8'),
    ),
  );
  expect(offenders.map((file) => file.slice(src.length + 1))).toEqual([]);
});
