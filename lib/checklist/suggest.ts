/**
 * Adapter to the suggested-check library (lib/checks, owned by another module). The parser only
 * depends on this function, so tests can inject their own and a failure there stays contained.
 */
import { suggestChecks } from '@/lib/checks/suggest';
import type { SuggestedCheck, SuggestInput } from '@/lib/checks/suggest-contract';
import { suggestTriggerChecks, type TriggerSuggestInput } from '@/lib/checks/suggest-trigger';

export function suggestFor(input: SuggestInput): SuggestedCheck[] {
  return suggestChecks(input);
}

export function suggestTriggerFor(input: TriggerSuggestInput): SuggestedCheck[] {
  return suggestTriggerChecks(input);
}
