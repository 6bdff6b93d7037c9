/** Injection token of the resolved (validated, defaulted) options. String token: safe across the ESM and CJS builds. @internal */
export const RESOLVED_HEALTH_OPTIONS = 'BALLAST_HEALTH_RESOLVED_OPTIONS';
