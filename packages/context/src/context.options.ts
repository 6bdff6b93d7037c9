/** Options of `BallastContextModule.forRoot()` / `forRootAsync()`. */
export interface ContextModuleOptions {
  /**
   * Turns the module's behaviour on or off without removing it from the imports.
   * @default true
   */
  enabled?: boolean;
}

/** Options after validation, with every default applied. @internal */
export interface ResolvedContextOptions {
  enabled: boolean;
}
