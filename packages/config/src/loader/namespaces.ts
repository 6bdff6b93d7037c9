import { PROBLEM_CODES, type ConfigProblem } from '../config.errors.js';
import type { ConfigNamespace } from '../config.namespace.js';

/**
 * Each namespace's value, as its factory builds it from the namespace's validated values. A factory that throws is a
 * problem (its message is scrubbed with the others before it is shown). @internal
 */
export function buildNamespaces(
  namespaces: readonly ConfigNamespace<string, any, unknown>[],
  inputs: ReadonlyMap<string, Record<string, unknown>>,
  problems: ConfigProblem[],
): Record<string, unknown> {
  const built: Record<string, unknown> = {};
  for (const ns of namespaces) {
    try {
      built[ns.namespace] = ns.factory(inputs.get(ns.namespace) as never);
    } catch (error) {
      problems.push({
        key: ns.namespace,
        message: `the namespace factory threw: ${error instanceof Error ? error.message : String(error)}`,
        code: PROBLEM_CODES.namespaceFactoryFailed,
        namespace: ns.namespace,
      });
    }
  }
  return built;
}
