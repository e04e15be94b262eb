import type { BackfireRepair, GuardHalt, RepairPlan } from '@backfire/core';
import { isRepairable, planRepair, repairRecord } from '@backfire/core/repair';
import type { CallOptions, ProviderMetadata, StreamPart } from '../ai-types.js';
import type { GuardedCall, RestartedCall } from '../guarded-stream.js';
import {
  type BackfireRepairMetadata,
  type BackfireWithdrawnMetadata,
  repairMetadata,
} from '../metadata.js';
import type { TextBlock, TextRange } from './text-blocks.js';

/** How starting a repair call went. */
export type RepairOutcome = { ok: RestartedCall } | { error: unknown };

/** A repair waiting for its call: the halted block it continues, its plan, the call starting. */
export interface PendingRepair {
  readonly block: TextBlock;
  readonly plan: RepairPlan;
  readonly next: Promise<RepairOutcome>;
}

/**
 * The repairs of one response: whether a halt may be repaired, the repairs made (for the finish's
 * metadata), the one waiting for its call, and the text each withdrew from what the client was
 * shown (optimistic mode).
 */
export class Repairs {
  readonly #call: GuardedCall;
  readonly #made: { record: BackfireRepair; textId: string }[] = [];
  // Withdrawn ranges per client block id; kept after the block closes, for its text-end.
  readonly #withdrawnById = new Map<string, TextRange[]>();
  #pending: PendingRepair | null = null;

  constructor(call: GuardedCall) {
    this.#call = call;
  }

  /** Repairs made so far (the one pending included). */
  get count(): number {
    return this.#made.length;
  }

  /** The repair whose call is being started, or null. */
  get pending(): PendingRepair | null {
    return this.#pending;
  }

  /** Whether a halt is repaired: repair is on, attempts are left and a repair can fix this halt. */
  canRepair(record: GuardHalt): boolean {
    const repair = this.#call.options.repair;
    return (
      repair !== null &&
      this.#call.restart !== undefined &&
      this.#made.length < repair.attempts &&
      isRepairable(record)
    );
  }

  /** What the repair keeps, withdraws and tells the model; throws what `planRepair` throws. */
  plan(block: TextBlock): RepairPlan {
    return planRepair(block.guard, this.#call.options.repair!);
  }

  /**
   * Records the repair of `block` and returns the part that tells the client which of the text it
   * was shown is withdrawn, or null when nothing is.
   */
  record(block: TextBlock, plan: RepairPlan): StreamPart | null {
    const start = block.shown - plan.withdrawnChars;
    const range = { start, end: block.shown };
    this.#made.push({ record: repairRecord(this.#made.length + 1, plan, range), textId: block.id });
    if (!(plan.withdrawnChars > 0)) return null;
    block.withdrawn.push(range);
    this.#withdrawnById.set(block.id, block.withdrawn);
    return {
      type: 'text-delta',
      id: block.id,
      delta: '',
      providerMetadata: withdrawnMeta(block.withdrawn),
    };
  }

  /** Calls the model again: the call leaves at once and is `pending` until `settle`. */
  launch(block: TextBlock, plan: RepairPlan): void {
    this.#pending = { block, plan, next: restart(this.#call, plan) };
  }

  /** The pending repair's stream is read (or it failed): no repair is waiting any more. */
  settle(): void {
    this.#pending = null;
  }

  /** The repairs made, as the finish's `providerMetadata.backfire.repairs`. */
  metadata(): BackfireRepairMetadata[] {
    return this.#made.map((r) => repairMetadata(r.record, r.textId));
  }

  /**
   * After an optimistic repair, the block's withdrawn ranges ride on each of its parts that carry
   * provider metadata: ai lets such a part replace the UI text part's metadata.
   */
  decorate(part: StreamPart): StreamPart {
    if (this.#made.length === 0) return part;
    if (part.type !== 'text-delta' && part.type !== 'text-end') return part;
    if (part.providerMetadata === undefined || part.providerMetadata['backfire'] !== undefined) {
      return part;
    }
    const ranges = this.#withdrawnById.get(part.id);
    if (ranges === undefined) return part;
    return { ...part, providerMetadata: { ...part.providerMetadata, ...withdrawnMeta(ranges) } };
  }
}

/** The repair call's prompt: the original one, the verified text kept, and the correction note. */
export function repairPrompt(params: CallOptions, plan: RepairPlan): CallOptions['prompt'] {
  return [
    ...params.prompt,
    ...(plan.kept !== ''
      ? [{ role: 'assistant' as const, content: [{ type: 'text' as const, text: plan.kept }] }]
      : []),
    { role: 'user' as const, content: [{ type: 'text' as const, text: plan.note }] },
  ] as CallOptions['prompt'];
}

// Never rejects: a call that fails to start is an outcome the read loop acts on when it gets there.
function restart(call: GuardedCall, plan: RepairPlan): Promise<RepairOutcome> {
  const prompt = repairPrompt(call.params, plan);
  try {
    return call.restart!(prompt).then(
      (ok) => ({ ok }),
      (error: unknown) => ({ error }),
    );
  } catch (error) {
    return Promise.resolve({ error });
  }
}

function withdrawnMeta(ranges: readonly TextRange[]): ProviderMetadata {
  const meta: BackfireWithdrawnMetadata = { withdrawn: ranges.map((r) => ({ ...r })) };
  return { backfire: meta };
}
