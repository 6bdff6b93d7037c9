import type { CacheTiers } from './build-tiers.js';
import type { Flight, InFlight } from './in-flight.js';
import type { TierWrites } from './tier-writes.js';

/** Marks the loads and reads in flight that an invalidation makes stale (invalidation wins). */
type InvalidateInFlight = (invalidate: (flights: InFlight<Flight>) => void) => void;

/**
 * Removes every entry under the full prefix `full` from every level, after the writes in progress; returns how many
 * keys were removed. The other instances' L1 hear of the found keys and of the prefix itself. @internal
 */
export async function removePrefix(
  tiers: CacheTiers,
  writes: TierWrites,
  full: string,
  invalidateInFlight: InvalidateInFlight,
): Promise<number> {
  invalidateInFlight((f) => f.invalidatePrefix(full));
  await writes.settle();
  const keys = new Set<string>();
  for (const tier of tiers.all) for (const key of await tier.keysWithPrefix(full)) keys.add(key);
  await deleteEverywhere(tiers, [...keys]);
  // The found keys were announced; the prefix also reaches L1 entries whose Redis copy had already gone.
  await tiers.remote[0]?.sync?.announce({ prefix: full });
  return keys.size;
}

/** Removes every entry written with one of `tags` from every level; returns how many keys were removed. @internal */
export async function removeTags(
  tiers: CacheTiers,
  writes: TierWrites,
  tags: string[],
  invalidateInFlight: InvalidateInFlight,
): Promise<number> {
  invalidateInFlight((f) => f.invalidateTags(tags));
  await writes.settle();
  const keys = new Set<string>();
  let unknown = false;
  for (const tier of tiers.all) {
    const found = await tier.keysWithTags(tags);
    if (found === null) unknown = true;
    else for (const key of found) keys.add(key);
  }
  // Redis could not name the tagged keys, and L1 entries read from Redis carry no tags: empty L1 (tiered).
  if (unknown && tiers.remote.length > 0) tiers.l1?.clear();
  await deleteEverywhere(tiers, [...keys]);
  await Promise.all(tiers.all.map((t) => t.dropTags(tags)));
  return keys.size;
}

async function deleteEverywhere(tiers: CacheTiers, keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  await Promise.all(tiers.all.map((t) => t.deleteKeys(keys)));
}
