import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Markdown } from '@/components/markdown/Markdown';

const hrefs = (md: string) =>
  [...renderToStaticMarkup(createElement(Markdown, { text: md })).matchAll(/href="([^"]*)"/g)].map(
    (m) => m[1],
  );

/** A checklist author planting links that leave the site while looking local. */
describe('links in checklist Markdown', () => {
  it('keep web, mail, anchor and same-site links', () => {
    expect(
      hrefs('[a](https://docs.example/x) [b](mailto:ops@example.io) [c](#item-2) [d](/runs?x=1)'),
    ).toEqual(['https://docs.example/x', 'mailto:ops@example.io', '#item-2', '/runs?x=1']);
  });

  it('drop paths that browsers read as another host, and script URLs', () => {
    expect(hrefs('[a](/\\evil.example) [b](//evil.example) [c](javascript:alert(1))')).toEqual([]);
  });
});
