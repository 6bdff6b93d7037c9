// The command line of the bench suites and tools: positional arguments with defaults, so every script reads
// `node bench/<dir>/<script>.mjs [a] [b] [c]` the same way.

/**
 * The positional arguments of this process (or `argv`), named in order by the keys of `defaults`. A missing argument
 * takes its default; a given one is converted with `Number()` when its default is a number, else kept as the string.
 * Arguments past the named ones come back in `rest`.
 *
 * @example const { adapter, rounds, rest } = positionalArgs({ adapter: 'fastify', rounds: 5 });
 */
export function positionalArgs(defaults, argv = process.argv.slice(2)) {
  const names = Object.keys(defaults);
  const values = Object.fromEntries(
    names.map((name, i) => {
      const given = argv[i];
      if (given === undefined) return [name, defaults[name]];
      return [name, typeof defaults[name] === 'number' ? Number(given) : given];
    }),
  );
  return { ...values, rest: argv.slice(names.length) };
}
