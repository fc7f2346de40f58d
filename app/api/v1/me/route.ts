import { json, route } from '@/lib/api/route';

export const GET = route('/api/v1/me', 'user', async ({ principal }) =>
  json({ email: principal.email, name: principal.name, roles: principal.roles }),
);
