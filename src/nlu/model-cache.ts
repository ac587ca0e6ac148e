/**
 * The trained NLU model kept in a file, so that a restart skips training (most of the start-up
 * time). The file is used only when it carries the current key: a hash of the training and dev
 * data, of the NLU's own code (the modules beside this one), of the Node version and of the byte
 * order. Anything else — another key, a truncated or altered file (its body carries a SHA-256
 * digest), a file that cannot be read — means training as without a cache and writing the file
 * again, to a temporary name first and then renamed, so a reader never sees half of one. A file
 * that cannot be written only costs the next start its training. `npm run build` also writes the
 * model beside the compiled NLU (dist/nlu/model.nlu): a start on a new database uses it as long as
 * the key matches (same data, code and Node as the build), so even a first start does not train.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { endianness } from 'node:os';
import { dirname } from 'node:path';
import { exampleFiles } from './examples.js';
import type { NluModel } from './index.js';
import { INTENTS } from './intents.js';

const MAGIC = 'yizhan-nlu-model 1';

/** Where the cache says what it did (a pino logger fits). */
export interface CacheLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

interface Meta {
  classes: number;
  features: number;
  thresholds: NluModel['thresholds'];
  vocabulary: string[];
}

const CODE_DIR = new URL('./', import.meta.url);
/** The modules that make the model (the .ts sources, or the .js of a build); not tests. */
const isCode = (name: string) => /\.(ts|js)$/.test(name) && !/\.(test|fixtures|d)\.ts$/.test(name);
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** The files a model is made from: the NLU's modules (the .ts sources, or a build's .js) and its data. */
export function modelSources(): URL[] {
  return [...readdirSync(CODE_DIR).filter(isCode).sort().map((name) => new URL(name, CODE_DIR)), ...exampleFiles()];
}

/** The key a cache file must carry: it changes whenever training could give another model. */
export function modelKey(sources: readonly URL[] = modelSources()): string {
  const hash = createHash('sha256').update(`${MAGIC}\n${process.version}\n${endianness()}\n`);
  for (const url of sources) {
    const bytes = readFileSync(url);
    hash.update(`${url.pathname.split('/').slice(-2).join('/')}\0${bytes.length}\0`).update(bytes);
  }
  return hash.digest('hex');
}

/** The file's bytes: magic line, key and digest line, then the body (JSON line, then the numbers). */
export function encodeModel(model: NluModel, key: string): Buffer {
  const { vocabulary, idf, softmax } = model.classifier;
  const meta: Meta = { classes: softmax.classes, features: softmax.features, thresholds: model.thresholds, vocabulary };
  const numbers = [idf, softmax.weights, softmax.bias].map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength));
  const body = Buffer.concat([Buffer.from(`${JSON.stringify(meta)}\n`), ...numbers]);
  return Buffer.concat([Buffer.from(`${MAGIC}\n${key} ${sha256(body)}\n`), body]);
}

/** The model in `bytes` when they carry `key` and are intact; otherwise why not. */
export function decodeModel(bytes: Buffer, key: string): NluModel | string {
  const magicEnd = bytes.indexOf(0x0a);
  const headerEnd = bytes.indexOf(0x0a, magicEnd + 1);
  if (magicEnd < 0 || headerEnd < 0 || bytes.subarray(0, magicEnd).toString() !== MAGIC) return 'not a model file of this version';
  const [fileKey, digest] = bytes.subarray(magicEnd + 1, headerEnd).toString().split(' ');
  if (fileKey !== key) return 'made from other data, code or Node version';
  const body = bytes.subarray(headerEnd + 1);
  if (digest !== sha256(body)) return 'damaged (digest does not match)';
  const metaEnd = body.indexOf(0x0a);
  const meta = JSON.parse(body.subarray(0, metaEnd).toString()) as Meta;
  const { classes, features } = meta;
  const numbers = body.subarray(metaEnd + 1);
  if (classes !== INTENTS.length || meta.vocabulary.length !== features || numbers.length !== 8 * (features + features * classes + classes)) {
    return 'damaged (sizes do not match)';
  }
  let offset = 0;
  const take = (count: number) => {
    const out = new Float64Array(count);
    Buffer.from(out.buffer).set(numbers.subarray(offset, (offset += 8 * count)));
    return out;
  };
  const idf = take(features);
  const weights = take(features * classes);
  const bias = take(classes);
  return { classifier: { vocabulary: meta.vocabulary, idf, softmax: { classes, features, weights, bias } }, thresholds: meta.thresholds };
}

/** The model the build trained and wrote beside the compiled NLU (`npm run build`); absent in src/. */
export const BUILT_MODEL = new URL('./model.nlu', import.meta.url);

export interface ModelSource {
  /** The cache a running bot keeps (beside its database), written when it had to train. */
  file: string;
  /** A read-only model to use before the cache when it is current (default: the build's). */
  built?: URL | string;
  train: () => NluModel;
  log?: CacheLog;
}

/**
 * The build's model when it is current, else the one cached in `file` when it is current and
 * intact, else `train()`'s, then written to `file` for the next start.
 */
export function loadOrTrain({ file, built = BUILT_MODEL, train, log }: ModelSource): NluModel {
  const key = modelKey();
  const shipped = read(built, key);
  if (typeof shipped !== 'string') {
    log?.info({ file: built instanceof URL ? built.pathname : built }, 'NLU model read from the build');
    return shipped;
  }
  const cached = read(file, key);
  if (typeof cached !== 'string') {
    log?.info({ file }, 'NLU model read from its cache');
    return cached;
  }
  if (cached !== 'missing') log?.warn({ file, reason: cached }, 'NLU model cache not used: training again');
  const started = performance.now();
  const model = train();
  write(file, key, model, log);
  log?.info({ file, ms: Math.round(performance.now() - started) }, 'NLU model trained and cached');
  return model;
}

/** Trains and writes the model the build ships beside the compiled NLU (scripts/build.mjs). */
export function writeBuiltModel(model: NluModel): void {
  writeFileSync(BUILT_MODEL, encodeModel(model, modelKey()));
}

function read(file: URL | string, key: string): NluModel | string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? 'missing' : `unreadable (${code ?? String(err)})`;
  }
  try {
    return decodeModel(bytes, key);
  } catch (err) {
    return `damaged (${(err as Error).message})`;
  }
}

function write(file: string, key: string, model: NluModel, log?: CacheLog): void {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(temporary, encodeModel(model, key));
    renameSync(temporary, file);
  } catch (err) {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // nothing was written there
    }
    log?.warn({ err, file }, 'NLU model cache not written: the next start trains again');
  }
}
