import { Module } from '@nestjs/common';
import { BallastCacheModule } from '@ballast/cache';
import { BallastConfigModule } from '@ballast/config';
import { BallastContextModule } from '@ballast/context';
import { BallastExceptionsModule } from '@ballast/exceptions';
import { BallastHealthModule } from '@ballast/health';
import { BallastLoggerModule } from '@ballast/logger';
import { BallastShutdownModule } from '@ballast/shutdown';
import { AppController } from './app.controller.js';

// Every ballast package through forRootAsync: options come from wherever the app keeps its configuration.
@Module({
  imports: [
    BallastConfigModule.forRootAsync({ useFactory: () => ({}) }),
    BallastContextModule.forRootAsync({ useFactory: () => ({}) }),
    BallastLoggerModule.forRootAsync({ useFactory: () => ({}) }),
    BallastExceptionsModule.forRootAsync({ useFactory: () => ({}) }),
    BallastHealthModule.forRootAsync({ useFactory: () => ({}) }),
    BallastCacheModule.forRootAsync({ useFactory: () => ({}) }),
    BallastShutdownModule.forRootAsync({ useFactory: () => ({}) }),
  ],
  controllers: [AppController],
})
export class AppModule {}
