/** Injection token of the resolved (validated, defaulted) options. String token: safe across the ESM and CJS builds. @internal */
export const RESOLVED_EXCEPTIONS_OPTIONS = 'BALLAST_EXCEPTIONS_RESOLVED_OPTIONS';
