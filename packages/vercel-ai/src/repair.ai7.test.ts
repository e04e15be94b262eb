import { defineRepairSuite } from './test/repair-suite.js';
import { ai7 } from './test/sdk.ai7.js';

defineRepairSuite(ai7);
