import { handleChat } from '../../../lib/chat-handler';

// The guard (and the native addon, when it is built) needs Node.js; Edge cannot load addons.
export const runtime = 'nodejs';

export function POST(req: Request): Promise<Response> {
  return handleChat(req);
}
