import { runDemo } from './demo.js';

await runDemo({ delayMs: 25 });
