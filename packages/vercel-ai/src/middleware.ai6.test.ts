import { ai6 } from './test/sdk.ai6.js';
import { defineMiddlewareSuite } from './test/suite.js';

defineMiddlewareSuite(ai6);
