/**
 * Summary statistics for the benchmark scripts.
 *
 * @module
 */

/** Median, p90, p99, min and max of samples in milliseconds. */
export interface Summary {
  n: number;
  median: number;
  p90: number;
  p99: number;
  min: number;
  max: number;
}

function quantile(sorted: number[], q: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index];
}

/** Summarizes samples. */
export function summarize(samples: number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    n: sorted.length,
    median: round(quantile(sorted, 0.5)),
    p90: round(quantile(sorted, 0.9)),
    p99: round(quantile(sorted, 0.99)),
    min: round(sorted[0]),
    max: round(sorted[sorted.length - 1]),
  };
}

/** Prints one result line: a label and its summary in ms. */
export function report(label: string, summary: Summary): void {
  console.log(
    `${
      label.padEnd(48)
    } n=${summary.n} median=${summary.median}ms p90=${summary.p90}ms p99=${summary.p99}ms min=${summary.min}ms max=${summary.max}ms`,
  );
}
