import { matrix } from './cases.js';
import { CASES } from './cases.admin.js';

matrix(CASES);
