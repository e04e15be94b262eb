import { HeuristicNli } from '../nli/heuristic.js';
import type { NliBackend } from '../nli/types.js';

/**
 * The built-in heuristic itself — not a subclass, no method replaced on the instance — which is
 * what the Rust engine implements. Anything else is someone's code and must run.
 */
export function isBuiltinHeuristic(nli: NliBackend): nli is HeuristicNli {
  return (
    nli instanceof HeuristicNli &&
    Object.getPrototypeOf(nli) === HeuristicNli.prototype &&
    !Object.hasOwn(nli, 'explain') &&
    !Object.hasOwn(nli, 'divergence') &&
    !Object.hasOwn(nli, 'divergenceBatch')
  );
}
