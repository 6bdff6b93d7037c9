import { Inject, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { RESOLVED_CONTEXT_OPTIONS } from './context.constants.js';
import type { ResolvedContextOptions } from './context.options.js';

/** Placeholder service of the foundation: proves constructor injection by type works from dist. */
@Injectable()
export class RequestContextService {
  constructor(
    readonly moduleRef: ModuleRef,
    @Inject(RESOLVED_CONTEXT_OPTIONS) readonly options: ResolvedContextOptions,
  ) {}
}
