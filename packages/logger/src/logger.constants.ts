/** Injection token of the resolved (validated, defaulted) options. String token: safe across the ESM and CJS builds. @internal */
export const RESOLVED_LOGGER_OPTIONS = 'BALLAST_LOGGER_RESOLVED_OPTIONS';
