/**
 * One line per request: method, route pattern, status, duration and user id (and for a 500, the
 * error's class and code). Never the URL itself, bodies, headers or error messages, so tokens,
 * passwords and ciphertext cannot end up in the log.
 */
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { AuthEnv } from './auth.js';

export type LogFunction = (line: string) => void;

export function requestLog(log: LogFunction): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      // The last matched route is the handler's pattern; unmatched requests only match the middleware.
      const pattern = routePath(c, -1);
      const route = pattern.startsWith('/v1/') ? pattern : '(no route)';
      const ms = Math.round(performance.now() - started);
      const failure = c.get('failure');
      log(`${c.req.method} ${route} ${c.res.status} ${ms}ms user=${c.get('userId') ?? '-'}${failure ? ` error=${failure}` : ''}`);
    }
  };
}
