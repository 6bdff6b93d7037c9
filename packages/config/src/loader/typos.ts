import { editDistance } from '@ballast/kernel';

/**
 * For each set variable under one of `prefixes` that the schemas do not know, the known key it most likely meant
 * (case-insensitive distance at most `maxDistance`). Only names are compared: values are never read. @internal
 */
export function findTypos(
  present: Iterable<string>,
  known: ReadonlySet<string>,
  prefixes: readonly string[],
  maxDistance: number,
): Array<{ key: string; suggestion: string }> {
  const typos: Array<{ key: string; suggestion: string }> = [];
  for (const key of present) {
    if (known.has(key) || !prefixes.some((prefix) => key.startsWith(prefix))) continue;
    if (key.endsWith('_FILE') && known.has(key.slice(0, -'_FILE'.length))) continue;
    let best: { suggestion: string; distance: number } | undefined;
    for (const candidate of known) {
      const distance = editDistance(key.toUpperCase(), candidate.toUpperCase());
      if (distance <= maxDistance && (!best || distance < best.distance)) best = { suggestion: candidate, distance };
    }
    if (best) typos.push({ key, suggestion: best.suggestion });
  }
  return typos.sort((x, y) => x.key.localeCompare(y.key));
}
