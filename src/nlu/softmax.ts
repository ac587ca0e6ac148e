/**
 * Multinomial logistic (softmax) regression over sparse rows, trained by mini-batch Adam with
 * L2 regularisation. "Lazy" Adam: a batch only updates the weight rows of features it contains,
 * which keeps an epoch as cheap as one pass over the data. Batches come from a seeded shuffle,
 * so the same inputs always give the same model.
 * Weights are stored feature-major (`weights[feature * classes + class]`) so a sparse row touches
 * contiguous memory. Loops index typed arrays directly (`!`): every index is in range by
 * construction, and this is the hot path of start-up training.
 */
import { seededRng, shuffleInPlace } from './rng.js';
import type { SparseVector } from './tfidf.js';

export interface SoftmaxModel {
  classes: number;
  features: number;
  weights: Float64Array;
  bias: Float64Array;
}

export interface TrainOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  l2: number;
  seed: number;
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = { epochs: 8, batchSize: 32, learningRate: 0.03, l2: 1e-5, seed: 20260302 };

/** Writes the class probabilities of row `x` into `out` (length = classes); they sum to 1. */
export function probabilitiesInto(model: SoftmaxModel, x: SparseVector, out: Float64Array): Float64Array {
  const { classes, weights } = model;
  const { indices, values } = x;
  out.set(model.bias);
  for (let k = 0; k < indices.length; k++) {
    const base = indices[k]! * classes;
    const v = values[k]!;
    for (let c = 0; c < classes; c++) out[c]! += v * weights[base + c]!;
  }
  let max = -Infinity;
  for (let c = 0; c < classes; c++) max = Math.max(max, out[c]!);
  let sum = 0;
  for (let c = 0; c < classes; c++) sum += out[c] = Math.exp(out[c]! - max);
  for (let c = 0; c < classes; c++) out[c]! /= sum;
  return out;
}

/** Class probabilities for one row; sums to 1. */
export function predictProba(model: SoftmaxModel, x: SparseVector): Float64Array {
  return probabilitiesInto(model, x, new Float64Array(model.classes));
}

/** Adam state plus the scratch space for one batch's sparse gradient. */
interface Trainer {
  model: SoftmaxModel;
  options: TrainOptions;
  m: Float64Array;
  v: Float64Array;
  mb: Float64Array;
  vb: Float64Array;
  grad: Float64Array;
  gradBias: Float64Array;
  touched: Int32Array;
  touchedCount: number;
  isTouched: Uint8Array;
  step: number;
}

function createTrainer(model: SoftmaxModel, options: TrainOptions): Trainer {
  const size = model.weights.length;
  const zeros = (n: number) => new Float64Array(n);
  return {
    model, options, m: zeros(size), v: zeros(size), mb: zeros(model.classes), vb: zeros(model.classes),
    grad: zeros(size), gradBias: zeros(model.classes), touched: new Int32Array(model.features),
    touchedCount: 0, isTouched: new Uint8Array(model.features), step: 0,
  };
}

/** Adds one row's cross-entropy gradient (scaled) to the batch gradient. */
function accumulate(tr: Trainer, x: SparseVector, label: number, p: Float64Array, scale: number): void {
  const { classes } = tr.model;
  const { grad, gradBias, isTouched, touched } = tr;
  const { indices, values } = x;
  probabilitiesInto(tr.model, x, p);
  p[label]! -= 1;
  for (let c = 0; c < classes; c++) gradBias[c]! += p[c]! * scale;
  for (let k = 0; k < indices.length; k++) {
    const f = indices[k]!;
    if (!isTouched[f]) {
      isTouched[f] = 1;
      touched[tr.touchedCount++] = f;
    }
    const base = f * classes;
    const v = values[k]! * scale;
    for (let c = 0; c < classes; c++) grad[base + c]! += v * p[c]!;
  }
}

/** Adam update of entries [from, to) of params; clears the gradient it consumed. */
function adamRange(tr: Trainer, params: Float64Array, grad: Float64Array, m: Float64Array, v: Float64Array, from: number, to: number, l2: number): void {
  const lr = tr.options.learningRate;
  const c1 = 1 / (1 - 0.9 ** tr.step);
  const c2 = 1 / (1 - 0.999 ** tr.step);
  for (let i = from; i < to; i++) {
    const g = grad[i]! + l2 * params[i]!;
    grad[i] = 0;
    const mi = (m[i] = 0.9 * m[i]! + 0.1 * g);
    const vi = (v[i] = 0.999 * v[i]! + 0.001 * g * g);
    params[i]! -= (lr * mi * c1) / (Math.sqrt(vi * c2) + 1e-8);
  }
}

/** Applies the accumulated batch gradient to the touched weight rows and the bias. */
function applyBatch(tr: Trainer): void {
  const { classes, weights, bias } = tr.model;
  tr.step++;
  for (let k = 0; k < tr.touchedCount; k++) {
    const f = tr.touched[k]!;
    tr.isTouched[f] = 0;
    adamRange(tr, weights, tr.grad, tr.m, tr.v, f * classes, (f + 1) * classes, tr.options.l2);
  }
  tr.touchedCount = 0;
  adamRange(tr, bias, tr.gradBias, tr.mb, tr.vb, 0, classes, 0);
}

/** Trains from zero weights; the same inputs and options always give the same model. `weights`
 * scales each example's loss (default 1). */
export function trainSoftmax(
  xs: SparseVector[],
  ys: readonly number[],
  classes: number,
  features: number,
  options: TrainOptions = DEFAULT_TRAIN_OPTIONS,
  weights: readonly number[] = [],
): SoftmaxModel {
  const model: SoftmaxModel = { classes, features, weights: new Float64Array(features * classes), bias: new Float64Array(classes) };
  const tr = createTrainer(model, options);
  const rng = seededRng(options.seed);
  const order = Int32Array.from(xs.keys());
  const p = new Float64Array(classes);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    shuffleInPlace(order, rng);
    for (let start = 0; start < order.length; start += options.batchSize) {
      const end = Math.min(order.length, start + options.batchSize);
      for (let i = start; i < end; i++) accumulate(tr, xs[order[i]!]!, ys[order[i]!]!, p, (weights[order[i]!] ?? 1) / (end - start));
      applyBatch(tr);
    }
  }
  return model;
}
