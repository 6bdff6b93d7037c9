// What ballast reads of each schema library's own structure, beyond the Standard Schema interface: the variables of
// an object schema (so `NAME_FILE`, secret names and the provenance report know them before validating), the schema
// a wrapper (optional, default, pipe) holds, and the library's metadata (a secret marker). All of it is read
// defensively: an unknown shape is simply not introspected.

type Loose = Record<string, unknown>;

const asObject = (value: unknown): Loose | undefined =>
  (typeof value === 'object' || typeof value === 'function') && value !== null ? (value as Loose) : undefined;

/** The vendor a Standard Schema names (`zod`, `valibot`, `arktype`, `joi`). @internal */
export function vendorOf(schema: unknown): string | undefined {
  const vendor = asObject(asObject(schema)?.['~standard'])?.vendor;
  return typeof vendor === 'string' ? vendor : undefined;
}

/** Zod 4 (classic and mini): every schema has `_zod.def`. */
function zodDef(schema: unknown): Loose | undefined {
  return asObject(asObject(asObject(schema)?._zod)?.def);
}

/**
 * ArkType 2: a Type's internal node holds its structure; a morph node (`.pipe()` on the object, or `.narrow()` on an
 * object with morphs) holds it in its input, `inner.in`, whose per-variable nodes are still the ones the app wrote.
 */
function arkProps(schema: unknown): { key: unknown; value: unknown }[] | undefined {
  let node = asObject(asObject(schema)?.internal);
  for (let depth = 0; node && depth < 8; depth++) {
    const props = asObject(node.structure)?.props;
    if (Array.isArray(props)) return props as { key: unknown; value: unknown }[];
    node = node.kind === 'morph' ? asObject(asObject(node.inner)?.in) : undefined;
  }
  return undefined;
}

/**
 * The per-variable schemas of an object schema, by variable name, or undefined when its library's shape is unknown
 * (then the keys of its Standard JSON Schema, when it offers one, with no per-variable schema). @internal
 */
export function objectEntries(schema: unknown): Map<string, unknown> | undefined {
  // Zod: z.object({...}) (also refined); .transform()/.pipe() validate their input schema first.
  let def = zodDef(schema);
  for (let depth = 0; def && depth < 8; depth++) {
    const shape = asObject(def.shape);
    if (def.type === 'object' && shape) return new Map(Object.entries(shape));
    def = def.type === 'pipe' ? zodDef(def.in) : undefined;
  }
  // Valibot: v.object / v.looseObject / v.strictObject / v.objectWithRest, piped or not.
  const valibot = asObject(schema);
  if (valibot?.kind === 'schema' && asObject(valibot.entries) && String(valibot.type).includes('object')) {
    return new Map(Object.entries(asObject(valibot.entries)!));
  }
  // ArkType: type({ ... }).
  const props = vendorOf(schema) === 'arktype' ? arkProps(schema) : undefined;
  if (props) return new Map(props.filter((p) => typeof p.key === 'string').map((p) => [p.key as string, p.value]));
  // Any library with Standard JSON Schema: the keys only.
  const jsonSchema = asObject(asObject(asObject(schema)?.['~standard'])?.jsonSchema);
  if (typeof jsonSchema?.input === 'function') {
    try {
      const described = asObject((jsonSchema.input as (o: object) => unknown)({ target: 'draft-2020-12' }));
      const properties = asObject(described?.properties);
      if (properties) return new Map(Object.keys(properties).map((key) => [key, undefined]));
    } catch {
      // a schema JSON Schema cannot express: not introspected
    }
  }
  return undefined;
}

/** The schemas a wrapper holds (Zod optional/default/nullable/pipe, Valibot optional/nullish/fallback). @internal */
export function innerSchemas(schema: unknown): unknown[] {
  const def = zodDef(schema);
  if (def) return [def.innerType, def.in, def.out].filter((inner) => inner !== undefined);
  const wrapped = asObject(schema)?.wrapped;
  return wrapped === undefined ? [] : [wrapped];
}

/** The library's metadata says `secret: true`: Zod `.meta({ secret: true })`, Valibot `v.metadata({ secret: true })`
 * in a pipe, ArkType `.configure({ secret: true })`. @internal */
export function metadataSecret(schema: unknown): boolean {
  const object = asObject(schema);
  if (!object) return false;
  const vendor = vendorOf(schema);
  if (vendor === 'zod' && typeof object.meta === 'function') {
    try {
      return asObject((object.meta as () => unknown).call(object))?.secret === true;
    } catch {
      return false;
    }
  }
  if (vendor === 'valibot' && Array.isArray(object.pipe)) {
    return (object.pipe as unknown[]).some(
      (item) => asObject(item)?.type === 'metadata' && asObject(asObject(item)?.metadata)?.secret === true,
    );
  }
  if (vendor === 'arktype') return asObject(object.meta)?.secret === true;
  return false;
}
