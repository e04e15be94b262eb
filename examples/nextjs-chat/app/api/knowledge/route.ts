import { knowledgeApi } from '../../../lib/knowledge-api';

export const runtime = 'nodejs';
// Facts change per request; never cache the list.
export const dynamic = 'force-dynamic';

const api = knowledgeApi();

export const GET = api.list;
export const PUT = api.upsert;
export const DELETE = api.remove;
