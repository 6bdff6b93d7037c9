import type Joi from 'joi';
import type { ConfigNamespace } from '../config.namespace.js';
import { isSecretName } from './secrets.js';

/** A variable some schema declares: whether it is secret, and the namespaces that declare it. @internal */
export interface DeclaredVariable {
  secret: boolean;
  /** Empty for the root schema only. */
  namespaces: string[];
}

/** The keys of an object schema, with their descriptions. @internal */
export function describeKeys(schema: Joi.ObjectSchema): Record<string, Joi.Description> {
  return ((schema.describe() as { keys?: Record<string, Joi.Description> }).keys ?? {}) as Record<
    string,
    Joi.Description
  >;
}

function markedSecret(description: Joi.Description | undefined): boolean {
  const metas = (description as { metas?: unknown[] } | undefined)?.metas ?? [];
  return metas.some((meta) => !!meta && typeof meta === 'object' && (meta as { secret?: unknown }).secret === true);
}

/**
 * Every variable the root schema and the namespaces declare, in that order, secret when a schema marks it with
 * `secret()` or its name looks secret. `rootKeys` are the root schema's own keys. @internal
 */
export function declareVariables(
  schema: Joi.ObjectSchema | undefined,
  namespaces: readonly ConfigNamespace<string, any, unknown>[],
  secretPatterns: readonly RegExp[] | undefined,
): { declared: Map<string, DeclaredVariable>; rootKeys: string[] } {
  const declared = new Map<string, DeclaredVariable>();
  const declare = (key: string, description: Joi.Description | undefined, namespace?: string) => {
    const entry = declared.get(key) ?? { secret: false, namespaces: [] };
    entry.secret ||= markedSecret(description) || isSecretName(key, secretPatterns);
    if (namespace) entry.namespaces.push(namespace);
    declared.set(key, entry);
  };
  const rootKeys = schema ? describeKeys(schema) : {};
  for (const [key, description] of Object.entries(rootKeys)) declare(key, description);
  for (const ns of namespaces) {
    for (const [key, description] of Object.entries(describeKeys(ns.schema))) declare(key, description, ns.namespace);
  }
  return { declared, rootKeys: Object.keys(rootKeys) };
}
