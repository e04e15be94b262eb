import { defineRepairSuite } from './test/repair-suite.js';
import { ai6 } from './test/sdk.ai6.js';

defineRepairSuite(ai6);
