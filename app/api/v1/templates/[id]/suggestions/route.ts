import { json, route } from '@/lib/api/route';
import { reviewSuggestions, suggestionReviewInput } from '@/lib/templates/review-suggestions';

/** Accepts and rejects suggested checks in bulk: one new template version. */
export const POST = route<{ id: string }>(
  '/api/v1/templates/:id/suggestions',
  ['engineer'],
  async ({ deps, params, principal, body }) => {
    const review = await body(suggestionReviewInput);
    const { template, refused } = await reviewSuggestions(deps.db, {
      templateId: params.id,
      review,
      actorId: principal.userId,
    });
    return json({ ...template, refused }, 201);
  },
);
