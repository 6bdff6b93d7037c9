import {
  field,
  flag,
  list,
  type OptionField,
  type OptionProblems,
  plainObject,
  readOptions,
  text,
} from '@ballast/kernel';

/** A Redis node given as `host:port`, `redis://host:port` or `rediss://[user:password@]host:port`. */
const NODE = /^(?:rediss?:\/\/(?:[^@/\s]*@)?)?(\[[^\]]+\]|[^:/@\s]+):(\d{1,5})\/?$/;

/** One Redis server of a cluster or a sentinel group. @internal */
export interface RedisNode {
  host: string;
  port: number;
}

/** Where a Redis-backed cache connects, after validation. @internal */
export type RedisTarget =
  | { kind: 'standalone'; url: string }
  | { kind: 'cluster'; nodes: RedisNode[]; tls: boolean; username?: string; password?: string }
  | {
      kind: 'sentinel';
      masterName: string;
      sentinels: RedisNode[];
      tls: boolean;
      username?: string;
      password?: string;
      sentinelPassword?: string;
    };

/** Redis Cluster: the client discovers every node from any reachable seed. */
export interface RedisClusterOptions {
  /** Seed nodes: `host:port`, `redis://host:port` or `rediss://host:port` (TLS). */
  nodes: string[];
}

/** Redis Sentinel: the client asks the sentinels for the current master and follows failovers. */
export interface RedisSentinelOptions {
  /** The name the sentinels monitor the master under (`sentinel monitor <name> …`). */
  masterName: string;
  /** Sentinel nodes: `host:port` (or `redis://host:port`). */
  sentinels: string[];
  /** Password of the sentinels themselves, when they have one (`requirepass` in sentinel.conf). */
  sentinelPassword?: string;
}

const NODE_EXPECTED = "a node as 'host:port' or 'redis://host:port'";
const nodeField: OptionField<string, false> = {
  ...field<string>(NODE_EXPECTED, (v) => typeof v === 'string' && NODE.test(v)),
  parse: (value) =>
    typeof value === 'string' && NODE.test(value)
      ? { value }
      : // What precedes '@' may be a password: never echoed.
        {
          problem: `must be ${NODE_EXPECTED}, got ${typeof value === 'string' ? JSON.stringify(value.replace(/^([a-z]+:\/*)?[^@]*@/i, (_, scheme?: string) => `${scheme ?? ''}***@`)) : typeof value}.`,
        },
};

const nodeList = (what: string) => list(nodeField, `a non-empty array of ${what} ('host:port' or 'redis://host:port')`);

const CLUSTER = { nodes: nodeList('seed nodes') } satisfies Record<keyof RedisClusterOptions, OptionField<unknown>>;
const SENTINEL = {
  masterName: text().fix("The name after 'sentinel monitor' in sentinel.conf, e.g. 'mymaster'."),
  sentinels: nodeList('sentinel nodes'),
  sentinelPassword: text(),
} satisfies Record<keyof RedisSentinelOptions, OptionField<unknown>>;

/** The store options that choose a Redis topology (next to `url`). */
export const TOPOLOGY_FIELDS = {
  cluster: plainObject<RedisClusterOptions>(),
  sentinel: plainObject<RedisSentinelOptions>(),
  username: text(),
  password: text(),
  tls: flag(),
};

function parseNode(node: string): RedisNode & { tls: boolean; username?: string; password?: string } {
  const match = NODE.exec(node)!;
  const credentials = /^rediss?:\/\/([^@/\s]*)@/.exec(node)?.[1];
  const [username, password] = credentials === undefined ? [] : credentials.split(':').map(decodeURIComponent);
  return {
    host: match[1]!.replace(/^\[|\]$/g, ''),
    port: Number(match[2]),
    tls: node.startsWith('rediss://'),
    ...(password === undefined
      ? username
        ? { password: username }
        : {}
      : { username: username || undefined, password }),
  };
}

/**
 * The Redis target of one cache: `url`, `cluster` or `sentinel`, exactly one. Problems go to `problems` under `path`.
 * @internal
 */
export function resolveTarget(
  values: { url?: string; cluster?: unknown; sentinel?: unknown; username?: string; password?: string; tls?: boolean },
  path: string,
  problems: OptionProblems,
): RedisTarget | undefined {
  const given = (['url', 'cluster', 'sentinel'] as const).filter((k) => values[k] !== undefined);
  if (given.length > 1) {
    problems.add(`${path}${given[1]}`, `give one of url, cluster and sentinel, not ${given.join(' and ')}.`);
    return undefined;
  }
  if (values.cluster !== undefined) {
    const cluster = readOptions(CLUSTER, values.cluster, { path: `${path}cluster.` }, problems).values;
    if (cluster.nodes === undefined || cluster.nodes.length === 0) {
      if (!problems.has(`${path}cluster.nodes`)) {
        problems.add(`${path}cluster.nodes`, "is required: the seed nodes, e.g. ['10.0.0.1:6379', '10.0.0.2:6379'].");
      }
      return undefined;
    }
    const nodes = cluster.nodes.map(parseNode);
    return {
      kind: 'cluster',
      nodes: nodes.map(({ host, port }) => ({ host, port })),
      tls: values.tls ?? nodes.some((n) => n.tls),
      username: values.username ?? nodes.find((n) => n.username)?.username,
      password: values.password ?? nodes.find((n) => n.password)?.password,
    };
  }
  if (values.sentinel !== undefined) {
    const sentinel = readOptions(SENTINEL, values.sentinel, { path: `${path}sentinel.` }, problems).values;
    let complete = true;
    if (sentinel.masterName === undefined && !problems.has(`${path}sentinel.masterName`)) {
      problems.add(`${path}sentinel.masterName`, "is required: the name after 'sentinel monitor', e.g. 'mymaster'.");
      complete = false;
    }
    if ((sentinel.sentinels ?? []).length === 0) {
      if (!problems.has(`${path}sentinel.sentinels`)) {
        problems.add(`${path}sentinel.sentinels`, "is required: the sentinel nodes, e.g. ['10.0.0.1:26379'].");
      }
      complete = false;
    }
    if (!complete || sentinel.masterName === undefined || sentinel.sentinels === undefined) return undefined;
    const sentinels = sentinel.sentinels.map(parseNode);
    return {
      kind: 'sentinel',
      masterName: sentinel.masterName,
      sentinels: sentinels.map(({ host, port }) => ({ host, port })),
      tls: values.tls ?? sentinels.some((n) => n.tls),
      username: values.username,
      password: values.password,
      sentinelPassword: sentinel.sentinelPassword,
    };
  }
  return values.url === undefined ? undefined : { kind: 'standalone', url: values.url };
}
