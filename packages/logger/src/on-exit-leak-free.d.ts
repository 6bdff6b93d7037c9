// on-exit-leak-free (pino's own exit-hook helper) ships no types: the part this package uses.
declare module 'on-exit-leak-free' {
  /** Calls `fn(obj)` on process 'exit' while `obj` is alive; held weakly, so it adds no listener per object. */
  export function register<T extends object>(obj: T, fn: (obj: T, event: string) => void): void;
}
