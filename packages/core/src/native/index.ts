import { type Backend, loadNative, type NativeBinding, type NativeLoadStatus } from './loader.js';

export {
  type Backend,
  type LoadNativeOptions,
  loadNative,
  NATIVE_ABI_VERSION,
  NATIVE_PACKAGE,
  type NativeBinding,
  type NativeLoadResult,
  type NativeLoadStatus,
  type NativeSafetyKernel,
  type NativeStreamingKernel,
  type NativeStreamMonitor,
  type NativeStreamSession,
} from './loader.js';

// Decided once, when core is first imported.
const loaded = loadNative();

/** True when `@backfire/native` loaded and matches this core's ABI. */
export const nativeAvailable: boolean = loaded.backend === 'native';

/** Which kernel implementation core uses: `'native'` (Rust addon) or `'js'` (TypeScript). */
export const backend: Backend = loaded.backend;

/** Why native is or is not in use: `loaded`, `forced-js`, `missing` or `incompatible`. */
export const nativeStatus: NativeLoadStatus = loaded.status;

/** The reason the addon could not be used (null when it loaded or JS was forced). */
export const nativeLoadError: unknown = loaded.error;

/** The loaded binding, or null on the JS backend. */
export function getNative(): NativeBinding | null {
  return loaded.binding;
}
