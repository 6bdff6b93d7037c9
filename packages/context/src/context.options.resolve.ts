import { field, flag, func, OptionField, readOptions } from '@ballast/kernel';
import { invalidOptions } from './context.errors.js';
import type { ContextModuleOptions, ResolvedContextOptions } from './context.options.js';
import { REQUEST_ID_HEADER } from './request-id.js';

// RFC 9110 token: what Node accepts as a header name.
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Every option, its type and default: a Record, so that adding an option without a field fails to compile. */
const SPEC = {
  header: field<string>(
    "a valid HTTP header name (letters, digits and !#$%&'*+.^_`|~-)",
    (v) => typeof v === 'string' && HEADER_NAME.test(v),
  )
    .fix(`Use e.g. 'x-request-id' or 'x-correlation-id', or leave it out for '${REQUEST_ID_HEADER}'.`)
    .default(REQUEST_ID_HEADER),
  trustIncomingId: flag().fix('Pass a boolean (parse env strings first).').default(true),
  generateId: func<() => string>().fix('Pass e.g. () => randomUUID(), or leave it out.'),
  echoHeader: flag().fix('Pass a boolean (parse env strings first).').default(true),
  fields: func<NonNullable<ContextModuleOptions['fields']>>().fix(
    'Pass e.g. (req) => ({ tenant: req.headers["x-tenant"] }), or leave it out.',
  ),
  bindStreamEvents: flag().default(false),
  fastExpressRequests: flag().default(false),
} satisfies Record<keyof ContextModuleOptions, OptionField<unknown>>;

/** Validates the options and applies defaults, for forRoot and forRootAsync alike. Throws once, listing every problem. */
export function resolveContextOptions(options: ContextModuleOptions = {}): ResolvedContextOptions {
  const { values, problems } = readOptions(SPEC, options);
  problems.throwIfAny(invalidOptions);
  return { ...values, header: values.header.toLowerCase() };
}
