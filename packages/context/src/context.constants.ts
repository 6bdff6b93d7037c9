/** Injection token of the resolved (validated, defaulted) options. String token: safe across the ESM and CJS builds. @internal */
export const RESOLVED_CONTEXT_OPTIONS = 'BALLAST_CONTEXT_RESOLVED_OPTIONS';
