import { resetScriptedModelStats, scriptedModelStats } from '../../../../lib/scripted-model';
import { notFound, testRoutesEnabled } from '../../../../lib/test-routes';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** How the scripted model's calls ended: completed, aborted by a halt, aborted by the client. */
export function GET(): Response {
  if (!testRoutesEnabled()) return notFound();
  return Response.json(scriptedModelStats());
}

export function DELETE(): Response {
  if (!testRoutesEnabled()) return notFound();
  resetScriptedModelStats();
  return Response.json(scriptedModelStats());
}
