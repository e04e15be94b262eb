import { defineReceiptSuite } from './test/receipt-suite.js';
import { ai7 } from './test/sdk.ai7.js';

defineReceiptSuite(ai7);
