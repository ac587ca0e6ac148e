/** A department named in a command (/transfer, /grant, /bind, /digest): the one it names, or a clear answer why not. */
import { departmentsByWord, listDepartments, type Config, type Department } from '../../config.js';
import { AppError } from '../../core/errors.js';
import { tr } from '../../core/i18n.js';
import { accessMessages } from './access.messages.js';

/** The department `word` names; an unknown word lists every department, an ambiguous one the departments it matches. */
export function requireDepartment(config: Config, word: string): Department {
  const found = departmentsByWord(config, word);
  if (found.length === 1) return found[0]!;
  if (found.length > 1) {
    throw new AppError('department.ambiguous', (l) => tr(accessMessages, l).ambiguousDepartment({ name: word, matches: listDepartments(config, l, found), example: found[0]!.id }));
  }
  throw new AppError('department.unknown', (l) => tr(accessMessages, l).unknownDepartment({ name: word, known: listDepartments(config, l) }));
}
