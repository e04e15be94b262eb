import { BackfireError } from '../errors/errors.js';
import { loadNative, NATIVE_PACKAGE, type NativeAddon } from './loader.js';

/** The backend decision, made once, when core is first imported. */
export const loaded = loadNative();

/**
 * The loaded addon, for the Rust classes that wrap it; throws `BACKFIRE_NATIVE` (with the reason as
 * `cause`) on the JS backend, so `new RustKnowledge()` without the addon fails at once and clearly.
 */
export function addon(): NativeAddon {
  if (loaded.binding !== null) return loaded.binding;
  throw new BackfireError(
    'BACKFIRE_NATIVE',
    `${NATIVE_PACKAGE} is not in use (${loaded.status}): the Rust classes need the addon`,
    { cause: loaded.error },
  );
}
