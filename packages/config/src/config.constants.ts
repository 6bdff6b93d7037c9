/** Injection token of the resolved (validated, defaulted) options. String token: safe across the ESM and CJS builds. @internal */
export const RESOLVED_CONFIG_OPTIONS = 'BALLAST_CONFIG_RESOLVED_OPTIONS';

/** Injection token of the namespaces given to forRoot/forRootAsync (a static extra, known before DI). @internal */
export const CONFIG_NAMESPACES = 'BALLAST_CONFIG_NAMESPACES';

/** Injection token of the loaded configuration (values, namespaces, sources). @internal */
export const LOADED_CONFIG = 'BALLAST_CONFIG_LOADED';

/**
 * @nestjs/config's host object (the `internalConfig` every `ConfigService` instance reads). The string values below are
 * @nestjs/config's own constants (stable since v1, identical in v4 and v12) that its index does not export. @internal
 */
export const NEST_CONFIGURATION_TOKEN = 'CONFIGURATION_TOKEN';
/** @internal */
export const NEST_VALIDATED_ENV_PROPNAME = '_PROCESS_ENV_VALIDATED';

/** What a secret value is replaced with in reports, logs and `describe()`. */
export const REDACTED = '[REDACTED]';

/**
 * Variable names treated as secret even when the schema does not mark them (case-insensitive):
 * - a name that is, or ends in `_` followed by, `SECRET`, `SECRETS`, `PASSWORD`, `PASSWD`, `PASS`, `PWD`,
 *   `PASSPHRASE`, `TOKEN`, `KEY`, `APIKEY`, `CREDENTIAL`, `CREDENTIALS` or `DSN` (`MYSQL_PWD`, `SENTRY_DSN`);
 * - a name ending in `PASSWORD`, `PASSWD`, `PASSPHRASE`, `SECRET` or `TOKEN` even glued to a prefix (`PGPASSWORD`,
 *   libpq's own name).
 */
export const DEFAULT_SECRET_PATTERNS: readonly RegExp[] = [
  /(^|_)(SECRETS?|PASSWORD|PASSWD|PASS|PWD|PASSPHRASE|TOKEN|KEY|APIKEY|CREDENTIALS?|DSN)$/i,
  /(PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN)$/i,
];
