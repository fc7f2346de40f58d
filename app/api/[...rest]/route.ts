import { route } from '@/lib/api/route';
import { LiftoffError } from '@/lib/core/errors';

const notFound = route<{ rest: string[] }>('/api/*', 'public', async () => {
  throw new LiftoffError('not_found', 'There is no API at this path. The API lives under /api/v1.');
});

export { notFound as DELETE, notFound as GET, notFound as PATCH, notFound as POST, notFound as PUT };
