/** "2026-11-22 14:03": a timestamp to the minute, in UTC (callers add the "UTC" label where it helps). */
export const when = (iso?: string) => (iso ? new Date(iso).toISOString().slice(0, 16).replace('T', ' ') : '');
