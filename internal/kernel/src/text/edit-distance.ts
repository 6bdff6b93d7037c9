/**
 * Edit distance with insertions, deletions, substitutions and swaps of two neighbours (optimal string alignment):
 * how far a typo is from the name that was meant. @internal
 */
export function editDistance(a: string, b: string): number {
  let previous2: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, previous2[j - 2]! + 1);
      current.push(d);
    }
    previous2 = previous;
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * The candidate `name` most likely meant: the same name in another case, else the nearest one within a small
 * distance (1 edit for names of up to 4 characters, 2 above, or `maxDistance`). Case is ignored. @internal
 */
export function closestName(name: string, candidates: Iterable<string>, maxDistance?: number): string | undefined {
  const lower = name.toLowerCase();
  const list = [...candidates];
  const sameCase = list.find((candidate) => candidate.toLowerCase() === lower);
  if (sameCase !== undefined) return sameCase;
  const max = maxDistance ?? (lower.length <= 4 ? 1 : 2);
  let best: string | undefined;
  let bestDistance = max + 1;
  for (const candidate of list) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best;
}
