/**
 * The files beside the config file: the surveys/ folder and faq.yaml, each validated, a problem a
 * ConfigError naming the file, and where each definition came from (start-up says it).
 */
import { resolve } from 'node:path';
import type { Config } from './config.js';
import { loadFaqFile, unknownDepartments } from './features/faq/faq.schema.js';
import { duplicateIds, loadSurveyDir } from './features/surveys/surveys.schema.js';

export class ConfigError extends Error {
  constructor(readonly file: string, readonly problems: string[]) {
    super(`${file}: invalid configuration\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Adds the surveys of `dir` (config/surveys/*.yaml) and says where they came from; a bad file is a ConfigError naming it. */
export function withSurveyFiles(config: Config, file: string, dir: string): Config {
  const { surveys, files, errors, found } = loadSurveyDir(dir);
  const bad = errors[0];
  if (bad) throw new ConfigError(bad.file, bad.problems);
  const all = [...config.surveys, ...surveys];
  const dup = duplicateIds(all)[0];
  if (dup) throw new ConfigError(dir, [`id: survey "${dup}" is defined twice`]);
  const sources = files.map((f) => ({ ...f, file: resolve(f.file) }));
  return { ...config, surveys: all, files: { config: resolve(file), surveyDir: resolve(dir), surveyDirFound: found, surveys: sources, faq: '', faqFound: false } };
}

/** Adds the entries of faq.yaml (a missing file is no FAQ); a problem is a ConfigError naming the entry and the key. */
export function withFaqFile(config: Config, file: string): Config {
  const { entries, problems, found } = loadFaqFile(file);
  const all = [...problems, ...unknownDepartments(entries, config.departments.map((d) => d.id))];
  if (all.length) throw new ConfigError(file, all);
  return { ...config, faq: entries, files: { ...config.files!, faq: resolve(file), faqFound: found } };
}
