// How the addon tests load `@backfire/physics/native` (src/native/index.ts, which loads the
// addon from the installed `@backfire/native`). What a missing addon means (skipped with a
// warning, or a failure) is the policy of `@backfire/test-support/native`.
import { forcedJs, type Loaded, loadAddon } from '@backfire/test-support/native';
import type * as NativeModule from '../native/index.js';

export type Native = typeof NativeModule;

// The module loads the addon on import, so it is imported once here (an ES module cannot be
// loaded synchronously from TypeScript sources under vitest); `loadNative` applies the policy.
const imported: Loaded<Native> = forcedJs
  ? { error: undefined }
  : await import('../native/index.js').then(
      (module) => ({ module }),
      (error: unknown) => ({ error }),
    );

export function loadNative(): Native | null {
  return loadAddon({
    label: '@backfire/physics/native',
    forced: 'TypeScript forced',
    load: () => imported,
  });
}
