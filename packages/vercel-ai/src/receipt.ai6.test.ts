import { defineReceiptSuite } from './test-support/receipt-suite.js';
import { ai6 } from './test-support/sdk.ai6.js';

defineReceiptSuite(ai6);
