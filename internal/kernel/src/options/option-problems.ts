/**
 * The problems found in one module's options, collected so that one error lists them all. Each problem starts with
 * the option's path (`redis.url: …`) and ends with the fix. @internal
 */
export class OptionProblems {
  private readonly problems: string[] = [];

  /** Adds "path: message". */
  add(path: string, message: string): void {
    this.problems.push(`${path}: ${message}`);
  }

  /** Adds problems already written as "path: message" (from a nested resolver). */
  addAll(problems: readonly string[]): void {
    this.problems.push(...problems);
  }

  get size(): number {
    return this.problems.length;
  }

  /** True when `path` (or one of its children, `path.x`) already has a problem: a cross-field rule then stays quiet. */
  has(path: string): boolean {
    return this.problems.some((p) => p.startsWith(`${path}:`) || p.startsWith(`${path}.`));
  }

  list(): string[] {
    return [...this.problems];
  }

  /** Throws the error `create` makes from the list, when there is anything in it. */
  throwIfAny(create: (problems: string[]) => Error): void {
    if (this.problems.length > 0) throw create(this.list());
  }
}

/** "Invalid BallastCacheModule options:" followed by one "- problem" line each: the one format of option errors. @internal */
export function formatOptionProblems(module: string, problems: readonly string[]): string {
  return `Invalid ${module} options:\n${problems.map((p) => `- ${p}`).join('\n')}`;
}
