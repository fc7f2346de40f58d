'use client';

import { useState } from 'react';

/** Copies text to the clipboard and says so (visibly and to screen readers). */
export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
    setTimeout(() => setState('idle'), 1_500);
  };
  return (
    <button
      type="button"
      onClick={copy}
      className="rounded border border-slate-600 bg-slate-800 px-2 py-0.5 text-xs text-slate-200 hover:bg-slate-700"
      aria-label={label === 'Copy' ? 'Copy command' : label}
    >
      <span aria-live="polite">
        {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : label}
      </span>
    </button>
  );
}

export function CodeBlock({ code, lang }: { code: string; lang?: string }) {
  return (
    <div className="group relative my-2">
      <pre
        className="overflow-x-auto rounded-md bg-slate-900 p-3 pr-16 font-mono text-xs text-slate-100"
        data-lang={lang}
      >
        <code>{code}</code>
      </pre>
      <div className="absolute right-2 top-2">
        <CopyButton text={code} />
      </div>
    </div>
  );
}
