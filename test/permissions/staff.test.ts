import { matrix } from './cases.js';
import { CASES } from './cases.staff.js';

matrix(CASES);
