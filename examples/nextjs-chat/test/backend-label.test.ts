import { backend, backends } from '@backfire/core';
import { describe, expect, it } from 'vitest';
import { BADGE_TITLE, badgeLabel, kernelLabel, scoringLabel } from '../lib/backend-label';
import { knowledgeApi } from '../lib/knowledge-api';
import { KnowledgeStore } from '../lib/knowledge-store';
import { ORIGIN } from './support';

/** True when a label says a Rust (native) kernel runs — which it never does. */
const claimsRustKernel = (s: string) => /kernel/i.test(s) && /rust|native/i.test(s);

describe('what the page says about where Backfire runs', () => {
  it('names the scoring backend in the header and the TypeScript kernel next to it', () => {
    expect(scoringLabel('native')).toBe('native (Rust addon)');
    expect(scoringLabel('js')).toBe('js (TypeScript fallback)');
    expect(scoringLabel(undefined)).toBe('…');
    expect(kernelLabel('js')).toBe('TypeScript (per token, always)');
    expect(kernelLabel(undefined)).toBe('…');
  });

  it('labels each answer with where its sentences were scored', () => {
    expect(badgeLabel({ backend: 'native' })).toBe('scored by native (Rust)');
    expect(badgeLabel({ backend: 'js' })).toBe('scored by js (TypeScript)');
    expect(badgeLabel({ backend: 'native', guarded: false })).toBe('unguarded');
    expect(badgeLabel(undefined)).toBe('scored by …');
  });

  it('never claims a Rust kernel', () => {
    const labels = [
      scoringLabel('native'),
      scoringLabel('js'),
      kernelLabel('js'),
      badgeLabel({ backend: 'native' }),
      badgeLabel({ backend: 'js' }),
      BADGE_TITLE,
    ];
    expect(labels.filter(claimsRustKernel)).toEqual([]);
    expect(BADGE_TITLE).toMatch(/per-token kernel always runs in TypeScript/);
  });

  it('GET /api/knowledge reports core’s scoring backend and the TypeScript kernel', async () => {
    const res = await knowledgeApi(new KnowledgeStore()).list(
      new Request(`${ORIGIN}/api/knowledge`),
    );
    const body = (await res.json()) as { backend: string; backends: unknown };
    expect(body.backend).toBe(backend);
    expect(body.backends).toEqual({ scoring: backend, kernel: 'js' });
    expect(backends.kernel).toBe('js');
  });
});
