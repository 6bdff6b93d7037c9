import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The TypeScript source files under `dir`, specs excepted. */
export function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * The source files under `dir` (relative paths) that load `specifier` when they are loaded: a static `import` or
 * `export … from` that is not type-only; with `dynamic`, also `import()`, `require()` or `importOptional()` of it.
 * The guard of the packages' lazy loading (joi, @nestjs/terminus, @opentelemetry/api).
 */
export function filesLoading(dir: string, specifier: string, { dynamic = false } = {}): string[] {
  const quoted = `['"]${escape(specifier)}['"]`;
  const staticForm = new RegExp(
    `^\\s*(?:import\\s+(?!type\\s)(?:[^;]*?\\sfrom\\s+)?|export\\s+(?!type\\s)[^;]*?\\sfrom\\s+)${quoted}`,
    'm',
  );
  const dynamicForm = new RegExp(`(?:import|importOptional(?:<[^>]*>)?|require)\\(\\s*${quoted}`);
  return sourceFiles(dir)
    .filter((file) => {
      const text = readFileSync(file, 'utf8');
      return staticForm.test(text) || (dynamic && dynamicForm.test(text));
    })
    .map((file) => relative(dir, file));
}
