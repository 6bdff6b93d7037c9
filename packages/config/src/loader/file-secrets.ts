import { readFileSync } from 'node:fs';
import { PROBLEM_CODES, type ConfigProblem } from '../config.errors.js';
import type { DeclaredVariable } from './declared.js';
import { origin, type RawValue } from './sources.js';

/**
 * `NAME_FILE`: a mounted secret (Docker, Kubernetes). For each declared variable whose `NAME_FILE` is set (and not
 * itself declared), reads the file into `raw` as the variable's value; its content is secret whatever the variable's
 * name. Returns the variables "settled" by a problem: one problem per cause, so a variable whose `NAME_FILE` is in
 * conflict or unreadable has no value to validate, and its schema's findings ("is required") are not reported on top.
 * @internal
 */
export function readFileSecrets(
  declared: ReadonlyMap<string, DeclaredVariable>,
  raw: Map<string, RawValue>,
  problems: ConfigProblem[],
): Set<string> {
  const settled = new Set<string>();
  for (const [key, info] of declared) {
    const fileKey = `${key}_FILE`;
    const pointer = raw.get(fileKey);
    if (!pointer || declared.has(fileKey)) continue;
    const plain = raw.get(key);
    if (plain) {
      info.secret = true; // one of the two is a secret file's pointer: treat the plain value as secret too
      settled.add(key);
      problems.push({
        key,
        message:
          `both ${key} (from ${origin(plain)}) and ${fileKey} (from ${origin(pointer)}) are set; ` +
          'set only one of them',
        code: PROBLEM_CODES.fileConflict,
      });
      continue;
    }
    try {
      const content = readFileSync(pointer.value, 'utf8').replace(/(\r?\n)+$/, '');
      raw.set(key, { value: content, source: 'file', from: fileKey });
      info.secret = true;
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      settled.add(key);
      problems.push({
        key: fileKey,
        message:
          `cannot read ${pointer.value}, the file it names (${reason}; set in ${origin(pointer)}); ` +
          `mount the file or unset ${fileKey}`,
        code: PROBLEM_CODES.fileUnreadable,
      });
    }
  }
  return settled;
}
