/** Injection token of the resolved (validated, defaulted) options. String token: safe across the ESM and CJS builds. @internal */
export const RESOLVED_CONFIG_OPTIONS = 'BALLAST_CONFIG_RESOLVED_OPTIONS';
