// The kernel every @ballast package bundles into its dist: option specs and their one error format, the base error,
// the method scan. Private: never published, never a runtime dependency, no class shared between packages at runtime
// (each dist carries its own copy; `BallastError`'s instanceof works across copies).
export {
  CACHE_HEALTH_CONTRIBUTORS,
  HEALTH_CONTRIBUTORS_TOKEN_PATTERN,
  type HealthContributor,
  HTTP_CACHE_METADATA,
  LOGGER_FLUSH,
  LOGGER_FLUSH_TIMEOUT_MS,
  type LoggerFlush,
  SHUTDOWN_STATE,
  type ShutdownState,
} from './contracts.js';
export { BallastError, isBallastError, type BallastErrorOptions } from './errors/ballast-error.js';
export { discoverMethods, type DiscoveredMethod } from './discovery/discover-methods.js';
export {
  anyValue,
  field,
  finiteNumber,
  flag,
  func,
  integer,
  list,
  milliseconds,
  oneOf,
  plainObject,
  text,
  type OptionField,
} from './options/option-field.js';
export { formatOptionProblems, OptionProblems } from './options/option-problems.js';
export { readOptions, type OptionsSpec, type ReadOptionsPolicy, type ResolvedSpec } from './options/read-options.js';
export { buildBallastModule, type BallastModuleExtras, type ModuleExtension } from './modules/module-builder.js';
export { createPathMatcher, isPathRule, type PathRule } from './paths/path-matcher.js';
export { describeValue } from './text/describe-value.js';
export { closestName, editDistance } from './text/edit-distance.js';
export {
  NOOP_METER,
  otelGlobal,
  PACKAGE_VERSION,
  PackageTelemetry,
  SECONDS_BUCKETS,
  SPAN_STATUS_ERROR,
  type CounterLike,
  type HistogramLike,
  type InstrumentOptions,
  type MeterLike,
  type MetricAttributes,
  type ObservableLike,
  type ObservableResultLike,
  type SpanLike,
  type TracerLike,
} from './metrics/telemetry.js';
export { Tallies, type Tally } from './metrics/tallies.js';
