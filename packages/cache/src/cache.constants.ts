/** Injection token of the resolved (validated, defaulted) options. String token: safe across the ESM and CJS builds. @internal */
export const RESOLVED_CACHE_OPTIONS = 'BALLAST_CACHE_RESOLVED_OPTIONS';
