import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const src = dirname(fileURLToPath(import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

// Trace fields are read from the API's global registry: importing @opentelemetry/api (even lazily) would load it at
// every app's startup wherever it is installed, to read nothing when no SDK is registered.
it('no source file loads @opentelemetry/api (imports of types excepted)', () => {
  const offenders = sourceFiles(src).filter((file) => {
    const text = readFileSync(file, 'utf8');
    return (
      /^\s*(?:import\s+(?!type\s)(?:[^;]*?\sfrom\s+)?|export\s+(?!type\s)[^;]*?\sfrom\s+)['"]@opentelemetry\/api['"]/m.test(
        text,
      ) || /(?:import|importOptional(?:<[^>]*>)?|require)\(\s*['"]@opentelemetry\/api['"]/.test(text)
    );
  });
  expect(offenders.map((file) => file.slice(src.length + 1))).toEqual([]);
});
