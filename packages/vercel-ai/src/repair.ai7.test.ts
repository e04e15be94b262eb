import { defineRepairSuite } from './test-support/repair-suite.js';
import { ai7 } from './test-support/sdk.ai7.js';

defineRepairSuite(ai7);
