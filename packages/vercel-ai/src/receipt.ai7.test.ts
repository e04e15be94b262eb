import { defineReceiptSuite } from './test-support/receipt-suite.js';
import { ai7 } from './test-support/sdk.ai7.js';

defineReceiptSuite(ai7);
