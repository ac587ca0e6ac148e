import { matrix } from './cases.js';
import { CASES } from './cases.tickets.js';

matrix(CASES);
