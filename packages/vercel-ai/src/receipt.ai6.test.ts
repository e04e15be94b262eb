import { defineReceiptSuite } from './test/receipt-suite.js';
import { ai6 } from './test/sdk.ai6.js';

defineReceiptSuite(ai6);
