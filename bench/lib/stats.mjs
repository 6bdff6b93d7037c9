// The statistics every bench script reports with: one median, one quantile, so that two scripts never disagree on
// what "the median of the rounds" means.

/**
 * The q-quantile of a sample (0 ≤ q ≤ 1), interpolated between the two nearest ranks (R's and NumPy's default,
 * "type 7"): for q = 0.5 and an even count, the mean of the two middle values. NaN values (a ratio against a zero)
 * are left out; NaN when nothing is left.
 */
export function quantile(values, q) {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

/** The median: the middle value, or the mean of the two middle values for an even count. */
export const median = (values) => quantile(values, 0.5);

/** The interquartile range of a sample, as [q1, q3]: how far the paired rounds disagree. */
export const quartiles = (values) => [quantile(values, 0.25), quantile(values, 0.75)];
