import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BallastCacheModule } from '@ballast/cache';
import { BallastConfigModule } from '@ballast/config';
import { BallastContextModule } from '@ballast/context';
import { BallastExceptionsModule } from '@ballast/exceptions';
import { BallastHealthModule } from '@ballast/health';
import { BallastLoggerModule } from '@ballast/logger';
import { BallastShutdownModule } from '@ballast/shutdown';
import { AppController } from './app.controller.js';
import { envSchema, type Env } from './config/env.schema.js';
import { databaseOptions } from './database/database.options.js';
import { UsersModule } from './modules/users/users.module.js';

@Module({})
export class AppModule {
  /**
   * The application. A function rather than a static `@Module` so the environment is read and validated when the
   * app is created (main.ts, or each e2e test with its own variables), not when this file is imported.
   */
  static forRoot(): DynamicModule {
    return {
      module: AppModule,
      imports: [
        // The whole environment, validated once (config/env.schema.ts); every module below reads it from ConfigService.
        // (@nestjs/config validates with abortEarly: false and allowUnknown: true: every problem at once.)
        ConfigModule.forRoot({ isGlobal: true, validationSchema: envSchema }),
        BallastConfigModule.forRootAsync({ useFactory: () => ({}) }),
        BallastContextModule.forRootAsync({ useFactory: () => ({}) }),
        BallastLoggerModule.forRootAsync({ useFactory: () => ({}) }),
        BallastExceptionsModule.forRootAsync({ useFactory: () => ({}) }),
        BallastHealthModule.forRootAsync({ useFactory: () => ({}) }),
        BallastCacheModule.forRootAsync({ useFactory: () => ({}) }),
        BallastShutdownModule.forRootAsync({ useFactory: () => ({}) }),
        TypeOrmModule.forRootAsync({
          inject: [ConfigService],
          useFactory: (config: ConfigService<Env, true>) => databaseOptions(config),
        }),
        EventEmitterModule.forRoot(),
        UsersModule,
      ],
      controllers: [AppController],
    };
  }
}
