import { ai6 } from './test-support/sdk.ai6.js';
import { defineMiddlewareSuite } from './test-support/suite.js';

defineMiddlewareSuite(ai6);
