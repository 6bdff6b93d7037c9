import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { LOADED_CONFIG } from './config.constants.js';
import type { ConfigNamespace } from './config.namespace.js';
import { trackConfig, untrackConfig } from './config.telemetry.js';
import { formatEntries, type ConfigEntry } from './loader/entries.js';
import type { LoadedConfig } from './loader/load-config.js';

/**
 * The loaded configuration: validated values, namespaces, and a redacted report of where each value came from.
 * `ConfigService` from @nestjs/config reads the same values.
 */
@Injectable()
export class BallastConfigService implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    /** @nestjs/config's service over the same validated values. */
    readonly configService: ConfigService,
    @Inject(LOADED_CONFIG) private readonly loaded: LoadedConfig,
  ) {
    // `ballast.config.info` (when an OpenTelemetry meter provider is registered).
    trackConfig(loaded.values);
  }

  /** @internal Again at bootstrap: a meter provider registered while the app was being built gets the gauge too. */
  onApplicationBootstrap(): void {
    trackConfig(this.loaded.values);
  }

  /** @internal */
  onApplicationShutdown(): void {
    untrackConfig(this.loaded.values);
  }

  /**
   * The validated, coerced value of a declared variable (`get('PORT')` → `3000`), or a namespace's value when given
   * the namespace (`get(dbConfig)` → `{ host, port, ... }`, typed).
   */
  get<T>(namespace: ConfigNamespace<string, any, T>): T;
  get<T = unknown>(key: string): T | undefined;
  get(keyOrNamespace: string | ConfigNamespace): unknown {
    return typeof keyOrNamespace === 'string'
      ? this.loaded.values[keyOrNamespace]
      : this.loaded.namespaces[keyOrNamespace.namespace];
  }

  /**
   * Each declared variable, its value (`[REDACTED]` for a secret, URL passwords hidden) and where it came from
   * (`env`, `file`, `provided`, `default`): for a startup log line and for support.
   */
  describe(): ConfigEntry[] {
    return this.loaded.entries.map((entry) => ({ ...entry, namespaces: [...entry.namespaces] }));
  }

  /** `describe()` as text lines: `DB_PASSWORD=[REDACTED] (file: DB_PASSWORD_FILE)`. */
  describeLines(): string[] {
    return formatEntries(this.loaded.entries);
  }

  /** The typo warnings found at boot (see the `typoWarnings` option); also logged. */
  get warnings(): readonly string[] {
    return this.loaded.warnings;
  }
}
