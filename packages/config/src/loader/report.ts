import { PROBLEM_CODES, validationFailed, type BallastConfigError, type ConfigProblem } from '../config.errors.js';
import type { SecretValues } from './secret-values.js';

/**
 * A required variable that is missing while a likely typo of its name is set: one cause, so one problem that names
 * the fix, not "is required" here and a typo warning (only logged on success) elsewhere. @internal
 */
export function nameTypoFixes(
  problems: readonly ConfigProblem[],
  typos: ReadonlyArray<{ key: string; suggestion: string }>,
): void {
  for (const problem of problems) {
    const typo = typos.find((t) => t.suggestion === problem.key);
    if (typo && problem.code === PROBLEM_CODES.invalidValue && problem.message === 'is required') {
      problem.message = `is required; ${typo.key} is set but not declared: rename it to ${problem.key}`;
    }
  }
}

/**
 * The one `BallastConfigError` (`BALLAST_CONFIG_VALIDATION_FAILED`) listing every problem once, with every secret
 * scrubbed from the messages. @internal
 */
export function failure(problems: readonly ConfigProblem[], secrets: SecretValues): BallastConfigError {
  const seen = new Set<string>();
  const unique = problems
    .map((p) => ({ ...p, message: secrets.scrub(p.message) }))
    .filter((p) => {
      const id = `${p.key}\0${p.message}`;
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    });
  return validationFailed(unique);
}
