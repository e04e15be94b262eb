export { repairNote } from './note.js';
export {
  correctionNote,
  isRepairable,
  type RepairOption,
  type RepairOptions,
  type ResolvedRepair,
  resolveRepairOptions,
} from './options.js';
export {
  type BackfireRepair,
  guardResume,
  planRepair,
  type RepairPlan,
  repairRecord,
} from './repair.js';
