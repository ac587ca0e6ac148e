import { matrix } from './cases.js';
import { CASES } from './cases.members.js';

matrix(CASES);
