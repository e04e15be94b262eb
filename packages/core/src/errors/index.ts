export {
  BackfireBackendError,
  BackfireConfigError,
  BackfireError,
  type BackfireErrorCode,
  BackfireHaltError,
  BackfireInputError,
  BackfireStreamError,
  describeValue,
} from './errors.js';
