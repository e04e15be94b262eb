export {
  BackfireConfigError,
  BackfireError,
  type BackfireErrorCode,
  BackfireInputError,
  describeValue,
} from './errors.js';
