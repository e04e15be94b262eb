export {
  BackfireConfig,
  type BackfireConfigFields,
  type BackfireConfigInit,
  type BackfirePresetName,
  DEFAULT_CONFIG,
  type HaltMode,
} from './config.js';
