/** Injection token of the resolved (validated, defaulted) options. String token: safe across the ESM and CJS builds. @internal */
export const RESOLVED_SHUTDOWN_OPTIONS = 'BALLAST_SHUTDOWN_RESOLVED_OPTIONS';
