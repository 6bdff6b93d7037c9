import type { ConfigService } from '@nestjs/config';
import type { TypeOrmModuleOptions } from '@nestjs/typeorm';
import type { Env } from '../config/env.schema.js';
import { User } from '../modules/users/entities/user.entity.js';
import { migrations } from './migrations/index.js';

/**
 * PostgreSQL when DATABASE_URL is set, else the embedded sql.js database (in memory, or in DATABASE_FILE).
 * The schema always comes from migrations, run at boot: `synchronize` stays off so the database never changes
 * behind the team's back.
 */
export function databaseOptions(config: ConfigService<Env, true>): TypeOrmModuleOptions {
  const common = {
    entities: [User],
    migrations,
    migrationsRun: true,
    synchronize: false,
    // A dead database at boot fails fast instead of retrying for 30 s (@nestjs/typeorm's default is 9 × 3 s).
    retryAttempts: 2,
    retryDelay: 1000,
  };
  const url = config.get('DATABASE_URL', { infer: true });
  if (url) {
    return {
      ...common,
      type: 'postgres',
      url,
      schema: config.get('DATABASE_SCHEMA', { infer: true }),
      extra: { max: 10, connectionTimeoutMillis: 5000 },
    };
  }
  const file = config.get('DATABASE_FILE', { infer: true });
  return { ...common, type: 'sqljs', ...(file ? { location: file, autoSave: true } : {}) };
}
