import { knowledgeApi } from '../../../../lib/knowledge-api';

export const runtime = 'nodejs';

export const POST = knowledgeApi().reset;
