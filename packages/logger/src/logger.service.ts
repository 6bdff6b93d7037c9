import { Inject, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { RESOLVED_LOGGER_OPTIONS } from './logger.constants.js';
import type { ResolvedLoggerOptions } from './logger.options.js';

/** Placeholder service of the foundation: proves constructor injection by type works from dist. */
@Injectable()
export class BallastLogger {
  constructor(
    readonly moduleRef: ModuleRef,
    @Inject(RESOLVED_LOGGER_OPTIONS) readonly options: ResolvedLoggerOptions,
  ) {}
}
