import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// docs/observability.md lists every metric the packages record, and docs/dashboards/ballast.json queries them. This
// test keeps the three in step: every instrument a package creates is documented with its type, every documented
// metric is created, and every dashboard query names metrics that exist (by their Prometheus names).
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const page = readFileSync(join(root, 'docs', 'observability.md'), 'utf8');
const dashboard = JSON.parse(readFileSync(join(root, 'docs', 'dashboards', 'ballast.json'), 'utf8')) as {
  panels: { title: string; targets: { expr: string }[] }[];
};

type Kind = 'histogram' | 'counter' | 'updowncounter' | 'gauge';
const KIND_OF: Record<string, Kind> = {
  createHistogram: 'histogram',
  createCounter: 'counter',
  createUpDownCounter: 'updowncounter',
  createObservableGauge: 'gauge',
  createObservableCounter: 'counter',
  createObservableUpDownCounter: 'updowncounter',
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'dist' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** Every instrument the packages create, by name. */
const created = new Map<string, Kind>();
for (const pkg of readdirSync(join(root, 'packages'))) {
  for (const file of sourceFiles(join(root, 'packages', pkg, 'src'))) {
    for (const match of readFileSync(file, 'utf8').matchAll(/\.(create\w+)\(\s*'([a-z0-9_.]+)'/g)) {
      const kind = KIND_OF[match[1]!];
      if (kind !== undefined) created.set(match[2]!, kind);
    }
  }
}

/** The documented metrics: first column name, second column type. */
const documented = new Map<string, Kind>(
  page
    .split('\n')
    .map((line) => /^\|\s*`([a-z0-9_.]+)`\s*\|\s*(\w+)\s*\|/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map(([, name, kind]) => [name!, kind as Kind]),
);

/** The names a metric has once exported to Prometheus (exporter-prometheus: `_`, `_total`, histogram series). */
function prometheusNames(name: string, kind: Kind): string[] {
  const base = name.replace(/\./g, '_');
  if (kind === 'counter') return [`${base}_total`];
  if (kind === 'histogram') return [`${base}_bucket`, `${base}_sum`, `${base}_count`];
  return [base];
}

describe('docs/observability.md', () => {
  it('documents every metric the packages create, with its type, and nothing else', () => {
    expect(created.size).toBeGreaterThanOrEqual(15);
    expect(Object.fromEntries(documented)).toEqual(Object.fromEntries(created));
  });

  it('has a dashboard whose every query names metrics that exist', () => {
    const exported = new Set([...documented].flatMap(([name, kind]) => prometheusNames(name, kind)));
    const queried = new Set<string>();
    for (const panel of dashboard.panels) {
      expect(panel.targets.length).toBeGreaterThan(0);
      for (const { expr } of panel.targets) {
        const names = expr.match(/\b(?:http_server|ballast)_[a-z0-9_]+\b/g) ?? [];
        expect({ panel: panel.title, names: names.length > 0 }).toEqual({ panel: panel.title, names: true });
        for (const name of names) {
          expect({ panel: panel.title, name, exists: exported.has(name) }).toMatchObject({ exists: true });
          queried.add(name);
        }
      }
    }
    // Every documented metric is on the dashboard.
    const missing = [...documented].filter(([name, kind]) => !prometheusNames(name, kind).some((n) => queried.has(n)));
    expect(missing.map(([name]) => name)).toEqual([]);
  });
});
