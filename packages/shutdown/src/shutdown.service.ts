import { Inject, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { RESOLVED_SHUTDOWN_OPTIONS } from './shutdown.constants.js';
import type { ResolvedShutdownOptions } from './shutdown.options.js';

/** Placeholder service of the foundation: proves constructor injection by type works from dist. */
@Injectable()
export class ShutdownService {
  constructor(
    readonly moduleRef: ModuleRef,
    @Inject(RESOLVED_SHUTDOWN_OPTIONS) readonly options: ResolvedShutdownOptions,
  ) {}
}
