import type { ConfigNamespace } from '../config.namespace.js';
import type { ConfigSchema } from '../schemas/config-schema.js';
import { isSecretName } from './secrets.js';

/** A variable some schema declares: whether it is secret, and the namespaces that declare it. @internal */
export interface DeclaredVariable {
  secret: boolean;
  /** Empty for the root schema only. */
  namespaces: string[];
}

/**
 * Every variable the root schema and the namespaces declare, in that order, secret when a schema marks it
 * (`secret()`, or its library's metadata) or its name looks secret. `rootKeys` are the root schema's own keys.
 * @internal
 */
export function declareVariables(
  schema: ConfigSchema | undefined,
  namespaces: readonly ConfigNamespace<string, any, unknown>[],
  secretPatterns: readonly RegExp[] | undefined,
): { declared: Map<string, DeclaredVariable>; rootKeys: string[] } {
  const declared = new Map<string, DeclaredVariable>();
  const declare = (key: string, marked: boolean, namespace?: string) => {
    const entry = declared.get(key) ?? { secret: false, namespaces: [] };
    entry.secret ||= marked || isSecretName(key, secretPatterns);
    if (namespace) entry.namespaces.push(namespace);
    declared.set(key, entry);
  };
  for (const [key, { secret }] of schema?.keys ?? []) declare(key, secret);
  for (const ns of namespaces) {
    for (const [key, { secret }] of ns.schema.keys) declare(key, secret, ns.namespace);
  }
  return { declared, rootKeys: [...(schema?.keys.keys() ?? [])] };
}
