// The install commands users copy, read from the one place they are written: the marked block in
// docs/getting-started.md. release:check installs exactly these (with the packed tarballs in place of the @ballast/*
// names) into apps made by the Nest CLI, and checks that every packages/*/README.md prints the same thing, so the docs
// and the check cannot drift apart.
//
// Run alone (no install, about a second): `node scripts/release-check/install-commands.mjs`.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '..', '..', '..');
export const GETTING_STARTED = 'docs/getting-started.md';
const BEGIN = '<!-- ballast:install-commands';
const END = '<!-- /ballast:install-commands -->';
/** The Nest generations the commands are written for. */
export const GENERATIONS = ['11', '12'];
/** Peers every Nest app has already (the CLI puts them in package.json): install commands do not repeat them. */
const APP_BASE = new Set(['@nestjs/common', '@nestjs/core', 'reflect-metadata', 'rxjs']);

/** The package name of an install argument: `@scope/name@range` → `@scope/name`, `name@range` → `name`. */
export const nameOf = (spec) => {
  const at = spec.indexOf('@', spec.startsWith('@') ? 1 : 0);
  return at === -1 ? spec : spec.slice(0, at);
};

/**
 * The `npm install` commands of a text, each with the generations its comment label names (`# NestJS 11`,
 * `# NestJS 12`, `# NestJS 11 and 12`; no label: both) and its arguments (flags such as `-D` kept apart).
 */
export function parseCommands(text) {
  const commands = [];
  for (const block of text.matchAll(/```(?:sh|bash|shell)\n([\s\S]*?)```/g)) {
    let generations = GENERATIONS;
    const lines = block[1].replace(/\\\n\s*/g, ' ').split('\n');
    for (const line of lines) {
      const label = /^#\s*NestJS\s+(.+)$/i.exec(line.trim());
      if (label) {
        generations = GENERATIONS.filter((g) => new RegExp(`\\b${g}\\b`).test(label[1]));
        continue;
      }
      const command = /^\s*npm install\s+([^#]*)/.exec(line);
      if (!command) continue;
      const words = command[1].trim().split(/\s+/);
      commands.push({
        line: line.trim(),
        generations,
        flags: words.filter((w) => w.startsWith('-')),
        specs: words.filter((w) => !w.startsWith('-')),
      });
    }
  }
  return commands;
}

/** `{ '11': [...specs], '12': [...specs] }` from the marked block of docs/getting-started.md. */
export function canonicalCommands(text = readFileSync(join(root, GETTING_STARTED), 'utf8')) {
  const start = text.indexOf(BEGIN);
  const end = text.indexOf(END, start);
  if (start === -1 || end === -1) throw new Error(`${GETTING_STARTED}: no "${BEGIN} … ${END}" block`);
  const result = {};
  for (const command of parseCommands(text.slice(start, end))) {
    if (command.flags.length) continue;
    for (const generation of command.generations) {
      if (result[generation]) throw new Error(`${GETTING_STARTED}: two install commands for NestJS ${generation}`);
      result[generation] = command.specs;
    }
  }
  for (const generation of GENERATIONS) {
    if (!result[generation]) throw new Error(`${GETTING_STARTED}: no install command for NestJS ${generation}`);
  }
  return result;
}

/**
 * The arguments of `npm install` for one generation with the packed tarballs in place of the @ballast/* names.
 * All the tarballs go into one command, so that npm finds the packages' dependencies on each other (e.g. the logger's
 * on @ballast/context) among them instead of asking the registry, where they do not exist yet.
 */
export function installArgs(generation, tarballOf, canonical = canonicalCommands()) {
  const specs = canonical[generation];
  const named = specs.filter((s) => s.startsWith('@ballast/'));
  const others = Object.keys(tarballOf).filter((name) => !named.includes(name));
  return [...specs.map((s) => (s.startsWith('@ballast/') ? tarballOf[s] : s)), ...others.map((n) => tarballOf[n])];
}

/** Every packages/<dir>: name, required and optional peers. */
function packages() {
  return readdirSync(join(root, 'packages')).map((dir) => {
    const manifest = JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8'));
    const optional = manifest.peerDependenciesMeta ?? {};
    const peers = Object.keys(manifest.peerDependencies ?? {}).filter((p) => !APP_BASE.has(p));
    return {
      dir,
      name: manifest.name,
      peers: peers.filter((p) => !optional[p]?.optional),
      optionalPeers: peers.filter((p) => optional[p]?.optional),
    };
  });
}

/** The text of a README's `## Install` section. */
const installSection = (readme) => /^## Install\n([\s\S]*?)(?=^## )/m.exec(readme)?.[1] ?? '';

/**
 * Problems with the install commands, as sentences; none when the canonical commands cover every package and its
 * peers, and every README prints, for NestJS 11 and 12, a command that agrees with them.
 */
export function installCommandProblems() {
  const problems = [];
  let canonical;
  try {
    canonical = canonicalCommands();
  } catch (error) {
    return [error.message];
  }
  const all = packages();
  for (const generation of GENERATIONS) {
    const names = canonical[generation].map(nameOf);
    for (const pkg of all) {
      for (const needed of [pkg.name, ...pkg.peers]) {
        if (!names.includes(needed)) {
          problems.push(`${GETTING_STARTED}: the NestJS ${generation} command lacks ${needed} (${pkg.name})`);
        }
      }
    }
    for (const spec of canonical[generation]) {
      if (!spec.startsWith('@ballast/') && nameOf(spec) === spec) {
        problems.push(`${GETTING_STARTED}: ${spec} in the NestJS ${generation} command has no major (write ${spec}@N)`);
      }
    }
  }

  for (const pkg of all) {
    const file = `packages/${pkg.dir}/README.md`;
    const section = installSection(readFileSync(join(root, file), 'utf8'));
    const commands = parseCommands(section);
    for (const generation of GENERATIONS) {
      const main = commands.find(
        (c) => !c.flags.length && c.generations.includes(generation) && c.specs[0] === pkg.name,
      );
      if (!main) {
        problems.push(`${file}: no "npm install ${pkg.name} …" command for NestJS ${generation} in ## Install`);
        continue;
      }
      for (const peer of pkg.peers) {
        if (!main.specs.some((s) => nameOf(s) === peer)) {
          problems.push(`${file}: the NestJS ${generation} command lacks the peer ${peer}`);
        }
      }
    }
    // Every argument of every npm command in the section is spelt as in the canonical command of its generations.
    for (const command of commands) {
      for (const generation of command.generations) {
        for (const spec of command.specs) {
          const expected = canonical[generation].find((s) => nameOf(s) === nameOf(spec));
          if (expected === undefined) {
            if (!pkg.optionalPeers.includes(nameOf(spec))) {
              problems.push(`${file}: "${spec}" (NestJS ${generation}) is not in ${GETTING_STARTED}'s command`);
            }
          } else if (expected !== spec) {
            problems.push(`${file}: "${spec}" for NestJS ${generation}, ${GETTING_STARTED} says "${expected}"`);
          }
        }
      }
    }
  }
  return problems;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const problems = installCommandProblems();
  for (const problem of problems) console.log(`FAIL ${problem}`);
  if (!problems.length) {
    const canonical = canonicalCommands();
    for (const g of GENERATIONS) console.log(`ok   NestJS ${g}: npm install ${canonical[g].join(' ')}`);
    console.log('ok   every packages/*/README.md agrees');
  }
  process.exit(problems.length ? 1 : 0);
}
