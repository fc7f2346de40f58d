/**
 * The one message, three renderings: plain text and simple HTML for email, Block Kit for
 * Slack. All say the same thing, from the payload fixed at expansion.
 */
import { eventLabel } from './events';
import type { NotificationPayload } from './payload';

const STATUS_WORDS: Record<string, string> = {
  not_started: 'not started',
  in_progress: 'in progress',
  completed: 'completed',
  verified: 'verified',
  aborted: 'aborted',
  rolled_back: 'rolled back',
};

/** Label / value pairs every rendering shows, in order. */
export function facts(p: NotificationPayload): [string, string][] {
  const out: [string, string][] = [];
  if (p.run) {
    const version = p.run.releaseVersion ? ` ${p.run.releaseVersion}` : '';
    out.push(['Run', `${p.run.title}${version}`], ['Status', STATUS_WORDS[p.run.status] ?? p.run.status]);
  }
  if (p.environment) out.push(['Environment', p.environment]);
  if (p.item) out.push(['Item', p.item.note ? `${p.item.text} (${p.item.note})` : p.item.text]);
  if (p.signoff?.role) out.push(['Signed as', p.signoff.role]);
  else if (p.signoff?.roles) {
    out.push([
      p.type === 'signoff.stale' ? 'Stale sign-offs' : 'Waiting for',
      p.signoff.roles.join(', ') || 'nobody',
    ]);
  }
  if (p.health) out.push(['Health', `${p.health.previous} → ${p.health.status}`]);
  if (p.reason) out.push(['Reason', p.reason]);
  if (p.actor) out.push(['By', p.actor.name]);
  out.push(['When', `${p.occurredAt.slice(0, 19).replace('T', ' ')} UTC`]);
  return out;
}

/** Failing targets and other reasons, one per line. */
const reasons = (p: NotificationPayload) => p.health?.reasons ?? [];

export function emailSubject(p: NotificationPayload): string {
  return `[Liftoff] ${p.summary}`.slice(0, 200);
}

export function emailText(p: NotificationPayload): string {
  const lines = [p.summary, '', ...facts(p).map(([k, v]) => `${k}: ${v}`)];
  const why = reasons(p);
  if (why.length) lines.push('', 'Reasons:', ...why.map((r) => `- ${r}`));
  if (p.run) lines.push('', `Open the run: ${p.run.url}`);
  lines.push('', `-- Liftoff (${eventLabel(p.type)}, event ${p.id})`);
  return `${lines.join('\n')}\n`;
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function emailHtml(p: NotificationPayload): string {
  const rows = facts(p)
    .map(
      ([k, v]) =>
        `<tr><th align="left" style="padding-right:12px">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`,
    )
    .join('');
  const why = reasons(p);
  const list = why.length
    ? `<p>Reasons:</p><ul>${why.map((r) => `<li>${escapeHtml(r)}</li>`).join('')}</ul>`
    : '';
  const link = p.run ? `<p><a href="${escapeHtml(p.run.url)}">Open the run</a></p>` : '';
  return `<!doctype html><html><body style="font-family:sans-serif"><p><strong>${escapeHtml(p.summary)}</strong></p><table>${rows}</table>${list}${link}<p style="color:#666;font-size:12px">Liftoff (${escapeHtml(eventLabel(p.type))}, event ${escapeHtml(p.id)})</p></body></html>`;
}

/** Slack's mrkdwn needs only &, < and > escaped. */
const mrkdwn = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export interface SlackMessage {
  text: string;
  blocks: Record<string, unknown>[];
}

/** An incoming-webhook message: header, the headline linking to the run, fields, reasons, who acted. */
export function slackMessage(p: NotificationPayload): SlackMessage {
  const headline = p.run
    ? `*<${p.run.url}|${mrkdwn(p.run.title)}>*\n${mrkdwn(p.summary)}`
    : mrkdwn(p.summary);
  const fields = facts(p)
    .filter(([k]) => k !== 'By' && k !== 'When' && k !== 'Run')
    .slice(0, 10)
    .map(([k, v]) => ({ type: 'mrkdwn', text: clip(`*${k}*\n${mrkdwn(v)}`, 2000) }));
  const blocks: Record<string, unknown>[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(eventLabel(p.type), 150) } },
    { type: 'section', text: { type: 'mrkdwn', text: clip(headline, 3000) } },
  ];
  if (fields.length) blocks.push({ type: 'section', fields });
  const why = reasons(p);
  if (why.length) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: clip(why.map((r) => `• ${mrkdwn(r)}`).join('\n'), 3000) },
    });
  }
  const context = [
    p.actor ? `by ${mrkdwn(p.actor.name)}` : null,
    `${p.occurredAt.slice(0, 16).replace('T', ' ')} UTC`,
  ];
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: context.filter(Boolean).join(' · ') }] });
  return { text: p.summary, blocks };
}
