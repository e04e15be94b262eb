/**
 * The routes under /api/test exist for the end-to-end tests (the scripted model's call log, an
 * unguarded chat to measure Backfire's latency against). They answer 404 unless the server was
 * started with BACKFIRE_EXAMPLE_TEST_ROUTES=1, so a deployed copy of the example never exposes them.
 */
export function testRoutesEnabled(): boolean {
  return process.env.BACKFIRE_EXAMPLE_TEST_ROUTES === '1';
}

export function notFound(): Response {
  return Response.json({ error: 'not found' }, { status: 404 });
}
