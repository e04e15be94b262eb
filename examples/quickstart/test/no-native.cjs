// Preloaded with `node --require`: `require('@backfire/native')` fails as it does on a fresh clone
// where the addon has not been built, so the demo runs as a first-time user sees it.
const Module = require('node:module');

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === '@backfire/native') {
    const error = new Error("Cannot find module '@backfire/native' (hidden by test/no-native.cjs)");
    error.code = 'MODULE_NOT_FOUND';
    throw error;
  }
  return resolve.call(this, request, ...rest);
};
