import { z } from 'zod';
import { json, route } from '@/lib/api/route';
import { parseWith } from '@/lib/core/validate';
import { requireTemplate } from '@/lib/templates/store';

const Version = z.coerce.number({ message: 'must be a version number' }).int().positive('must be 1 or more');

export const GET = route<{ id: string; n: string }>(
  '/api/v1/templates/:id/versions/:n',
  'user',
  async ({ deps, params }) => json(await requireTemplate(deps.db, params.id, parseWith(Version, params.n))),
);
