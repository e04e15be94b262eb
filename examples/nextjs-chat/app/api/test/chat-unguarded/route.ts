import { handleChat } from '../../../../lib/chat-handler';
import { notFound, testRoutesEnabled } from '../../../../lib/test-routes';

export const runtime = 'nodejs';

/** The same chat without Backfire: the baseline for the time-to-first-token comparison. */
export async function POST(req: Request): Promise<Response> {
  if (!testRoutesEnabled()) return notFound();
  return handleChat(req, { guard: false });
}
