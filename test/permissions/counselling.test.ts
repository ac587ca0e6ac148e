import { matrix } from './cases.js';
import { CASES } from './cases.counselling.js';

matrix(CASES);
