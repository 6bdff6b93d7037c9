/** Edit distance (insertions, deletions, substitutions, adjacent swaps): how far a typo is from the intended name. @internal */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
      }
    }
  }
  return d[a.length]![b.length]!;
}

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
