export {
  BackfireConfigError,
  BackfireError,
  type BackfireErrorCode,
  BackfireInputError,
  BackfireStreamError,
  describeValue,
} from './errors.js';
