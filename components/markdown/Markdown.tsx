import type { Nodes, Root } from 'mdast';
import { memo, type ReactNode } from 'react';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { sameSitePath } from '@/lib/auth/next-path';

/**
 * Renders checklist Markdown as React elements from the syntax tree. Raw HTML nodes are shown
 * as text and links only keep http(s)/mailto targets, so nothing in a checklist can run.
 */
const processor = unified().use(remarkParse).use(remarkGfm);

/** Web and mail links, in-page anchors and paths that stay on this site (`/\\evil` does not). */
const safeHref = (url: string) =>
  /^(https?:|mailto:|#)/i.test(url) && !/[\u0000-\u001f\u007f]/.test(url)
    ? url
    : url.startsWith('/')
      ? (sameSitePath(url) ?? undefined)
      : undefined;

function children(node: { children?: Nodes[] }, inline: boolean): ReactNode[] {
  return (node.children ?? []).map((c, i) => render(c, i, inline));
}

function render(node: Nodes, key: number, inline: boolean): ReactNode {
  switch (node.type) {
    case 'text':
      return node.value;
    case 'strong':
      return <strong key={key}>{children(node, inline)}</strong>;
    case 'emphasis':
      return <em key={key}>{children(node, inline)}</em>;
    case 'delete':
      return <del key={key}>{children(node, inline)}</del>;
    case 'inlineCode':
      return (
        <code
          key={key}
          className="rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.85em] dark:bg-slate-800"
        >
          {node.value}
        </code>
      );
    case 'break':
      return <br key={key} />;
    case 'link': {
      const href = safeHref(node.url);
      return href ? (
        <a
          key={key}
          href={href}
          className="text-brand-600 underline dark:text-brand-100"
          rel="noopener noreferrer nofollow"
          target="_blank"
        >
          {children(node, inline)}
        </a>
      ) : (
        <span key={key}>{children(node, inline)}</span>
      );
    }
    case 'html':
      return <span key={key}>{node.value}</span>;
    case 'paragraph':
      return inline ? (
        <span key={key}>{children(node, true)}</span>
      ) : (
        <p key={key} className="my-2">
          {children(node, false)}
        </p>
      );
    case 'heading': {
      const Tag = `h${Math.min(6, node.depth + 1)}` as 'h2';
      return (
        <Tag key={key} className={node.depth <= 1 ? 'mt-4 text-xl font-semibold' : 'mt-4 font-semibold'}>
          {children(node, true)}
        </Tag>
      );
    }
    case 'list':
      return node.ordered ? (
        <ol key={key} className="my-2 list-decimal pl-6">
          {children(node, false)}
        </ol>
      ) : (
        <ul key={key} className="my-2 list-disc pl-6">
          {children(node, false)}
        </ul>
      );
    case 'listItem':
      // Task items show their box, as on GitHub (the report marks done items with [x]).
      return (
        <li key={key} className={typeof node.checked === 'boolean' ? 'list-none' : undefined}>
          {typeof node.checked === 'boolean' ? (
            <>
              <span aria-hidden="true">{node.checked ? '☑ ' : '☐ '}</span>
              <span className="sr-only">{node.checked ? 'done: ' : 'open: '}</span>
            </>
          ) : null}
          {children(node, true)}
        </li>
      );
    case 'blockquote':
      return (
        <blockquote
          key={key}
          className="my-2 border-l-4 border-slate-300 pl-3 text-slate-600 dark:border-slate-700 dark:text-slate-400"
        >
          {children(node, false)}
        </blockquote>
      );
    case 'code':
      return (
        <pre
          key={key}
          className="my-2 overflow-x-auto rounded-md bg-slate-900 p-3 font-mono text-xs text-slate-100"
        >
          {node.value}
        </pre>
      );
    case 'thematicBreak':
      return <hr key={key} className="my-3 border-slate-200 dark:border-slate-800" />;
    case 'table':
      return (
        <div key={key} className="my-2 overflow-x-auto">
          <table className="text-sm">
            <tbody>
              {node.children.map((row, r) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: rows of a static document
                <tr key={r} className={r === 0 ? 'font-semibold' : undefined}>
                  {row.children.map((cell, c) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: cells of a static document
                    <td key={c} className="border border-slate-200 px-2 py-1 dark:border-slate-800">
                      {children(cell, true)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      );
    default:
      return 'children' in node ? (
        <span key={key}>{children(node as { children: Nodes[] }, inline)}</span>
      ) : null;
  }
}

/** Memoised: a long checklist re-renders only the rows whose text changed. */
/** Characters that can start Markdown syntax (or a URL autolink); text without any is shown as is. */
const SYNTAX = /www\.|[\\`*_[\]<>!~|#&:]|^\s*([-+>]|\d+[.)])\s|\n/;

export const Markdown = memo(function Markdown({ text, inline = false }: { text: string; inline?: boolean }) {
  // Most checklist lines are plain words: skip the parser for them (a 500-item run renders twice as fast).
  if (inline && !SYNTAX.test(text)) return <>{text}</>;
  const tree = processor.parse(text) as Root;
  const nodes =
    inline && tree.children.length === 1 && tree.children[0]!.type === 'paragraph'
      ? tree.children[0]!.children
      : tree.children;
  return <>{nodes.map((n, i) => render(n, i, inline))}</>;
});
