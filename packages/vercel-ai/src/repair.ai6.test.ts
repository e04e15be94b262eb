import { defineRepairSuite } from './test-support/repair-suite.js';
import { ai6 } from './test-support/sdk.ai6.js';

defineRepairSuite(ai6);
