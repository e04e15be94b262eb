// How the native tests load the addon: through core's own loader and its adapters
// (`@backfire/core/native`), the way users load it. What a missing addon means (skipped with a
// warning, or a failure) is the policy of `@backfire/test-support/native`.
import { loadAddon } from '@backfire/test-support/native';
import { nativeLoadError, nativeStatus } from '../native/index.js';
import * as NativeModule from '../native/rust.js';

export type Native = typeof NativeModule;

/**
 * The generated binding as the tests poke it directly: any arguments, so a test can show what the
 * addon itself rejects (the generated declarations would refuse those calls at compile time).
 */
export interface RawBinding {
  RustStreamingKernel: new () => {
    streamTokens(...args: unknown[]): [Float64Array, ...unknown[]];
    streamScores(...args: unknown[]): [Float64Array, ...unknown[]];
  };
}

export function loadNative(): Native | null {
  return loadAddon<Native>({
    label: '@backfire/native',
    forced: 'TypeScript kernel forced',
    load: () => (nativeStatus === 'loaded' ? { module: NativeModule } : { error: nativeLoadError }),
  });
}
