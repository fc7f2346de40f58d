import { NextResponse } from 'next/server';
import { z } from 'zod';
import { route } from '@/lib/api/route';
import { clientAddress } from '@/lib/auth/client-address';
import { sessionCookie } from '@/lib/auth/cookie';
import { login } from '@/lib/auth/login';
import { env } from '@/lib/config/env';

const Body = z.object({
  email: z.string().trim().min(1, 'enter your email').max(320),
  password: z.string().min(1, 'enter your password').max(1024),
});

export const POST = route('/api/v1/auth/login', 'public', async ({ req, deps, body }) => {
  const { email, password } = await body(Body, { maxBytes: 8 * 1024 });
  const result = await login(deps, {
    email,
    password,
    ip: clientAddress(req.headers, env().LIFTOFF_TRUST_PROXY),
    userAgent: req.headers.get('user-agent') ?? undefined,
    ttlHours: env().LIFTOFF_SESSION_TTL_HOURS,
    breakGlassOnly: !env().LIFTOFF_PASSWORD_LOGIN,
  });
  const res = NextResponse.json({ user: result.user });
  res.cookies.set(sessionCookie(req, result.token, result.expiresAt));
  return res;
});
