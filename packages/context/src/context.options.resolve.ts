import { invalidOptions } from './context.errors.js';
import type { ContextModuleOptions, ResolvedContextOptions } from './context.options.js';
import { REQUEST_ID_HEADER } from './request-id.js';

// RFC 9110 token: what Node accepts as a header name.
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const KNOWN_OPTIONS = [
  'header',
  'trustIncomingId',
  'generateId',
  'echoHeader',
  'fields',
  'bindStreamEvents',
  'fastExpressRequests',
];
// Set by ConfigurableModuleBuilder's extras or by forRootAsync plumbing; not options of ours.
const IGNORED_KEYS = new Set(['isGlobal']);

/** Validates the options and applies defaults, for forRoot and forRootAsync alike. Throws once, listing every problem. */
export function resolveContextOptions(options: ContextModuleOptions = {}): ResolvedContextOptions {
  const problems: string[] = [];
  if (options === null || typeof options !== 'object') {
    throw invalidOptions([
      `options: expected an object (or nothing), got ${describe(options)}. Pass forRoot({}) or return an object from useFactory.`,
    ]);
  }
  const o = options as Record<string, unknown>;

  if (o.header !== undefined && (typeof o.header !== 'string' || !HEADER_NAME.test(o.header))) {
    problems.push(
      `header: must be a valid HTTP header name (letters, digits and !#$%&'*+.^_\`|~-), got ${describe(o.header)}. ` +
        `Use e.g. 'x-request-id' or 'x-correlation-id', or leave it out for '${REQUEST_ID_HEADER}'.`,
    );
  }
  for (const name of ['trustIncomingId', 'echoHeader', 'bindStreamEvents', 'fastExpressRequests'] as const) {
    if (o[name] !== undefined && typeof o[name] !== 'boolean') {
      problems.push(
        `${name}: must be true or false, got ${describe(o[name])}. Pass a boolean (parse env strings first).`,
      );
    }
  }
  for (const name of ['generateId', 'fields'] as const) {
    if (o[name] !== undefined && typeof o[name] !== 'function') {
      problems.push(
        `${name}: must be a function, got ${describe(o[name])}. ` +
          (name === 'generateId'
            ? 'Pass e.g. () => randomUUID(), or leave it out.'
            : 'Pass e.g. (req) => ({ tenant: req.headers["x-tenant"] }), or leave it out.'),
      );
    }
  }
  for (const key of Object.keys(o)) {
    if (!KNOWN_OPTIONS.includes(key) && !IGNORED_KEYS.has(key)) {
      problems.push(`${key}: is not an option of BallastContextModule. Known options: ${KNOWN_OPTIONS.join(', ')}.`);
    }
  }
  if (problems.length > 0) throw invalidOptions(problems);

  return {
    header: (options.header ?? REQUEST_ID_HEADER).toLowerCase(),
    trustIncomingId: options.trustIncomingId ?? true,
    generateId: options.generateId,
    echoHeader: options.echoHeader ?? true,
    fields: options.fields,
    bindStreamEvents: options.bindStreamEvents ?? false,
    fastExpressRequests: options.fastExpressRequests ?? false,
  };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${String(value)}`;
  return Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
