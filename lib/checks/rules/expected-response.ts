/**
 * Expected responses: a `curl` followed by a JSON block ("Expected response:") becomes one check
 * with a body condition on every leaf (`[BODY].dependencies.redis.status == ok`). The command
 * rules build it (suggest-http.ts, expectations.ts); this names the family it belongs to.
 */

/** A check built from a command whose conditions read the response body. */
export function isExpectedResponse(check: string): boolean {
  return /^http:\S+ /.test(check) && /\[BODY\]\.[\w.[\]-]+ (==|!=)/.test(check);
}
