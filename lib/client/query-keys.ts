/**
 * Every TanStack Query key the browser uses, built here rather than spelled inline, so a write
 * invalidates exactly the cache entries it changed. A run's detail and its audit trail are
 * siblings, not parent and child: refreshing the run does not refetch the activity list.
 */
export const runKeys = {
  all: ['runs'] as const,
  detail: (runId: string) => [...runKeys.all, 'detail', runId] as const,
  audit: (runId: string) => [...runKeys.all, 'audit', runId] as const,
  /** Whether the viewer follows the run (notifications). */
  follow: (runId: string) => [...runKeys.all, 'follow', runId] as const,
  /** The run page's item writes (a mutation key): a refetch waits until none is in flight. */
  itemWrites: (runId: string) => [...runKeys.all, 'item-writes', runId] as const,
};

export const notificationKeys = {
  /** The viewer's own notifications: the bell's unread count and newest items. */
  inbox: ['notifications', 'inbox'] as const,
  /** Every page of the admin's delivery log, whatever its filter. */
  deliveries: ['notifications', 'deliveries'] as const,
  deliveryLog: (filter: Record<string, string>) => [...notificationKeys.deliveries, filter] as const,
};

export const healthKeys = {
  overview: (environment: string, range: string) => ['health', 'overview', environment, range] as const,
};

export const templateKeys = {
  /** The import preview of a text (and the file name it came from, which decides plain text). */
  preview: (text: string, filename: string | undefined) =>
    ['templates', 'preview', filename ?? '', text] as const,
};

export const adminKeys = {
  users: ['admin', 'users'] as const,
  apiKeys: ['admin', 'apikeys'] as const,
};
