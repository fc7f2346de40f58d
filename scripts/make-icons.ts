/**
 * Draws the favicon set from public/icon.svg with the Chromium the tests already use:
 * public/favicon.ico (16, 32 and 48 px PNGs in one ICO) and public/apple-touch-icon.png (180 px).
 * Run after changing the SVG: `npx tsx scripts/make-icons.ts`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { chromiumLaunch } from '../tests/support/chromium';

const PUBLIC = path.join(process.cwd(), 'public');
const svg = fs.readFileSync(path.join(PUBLIC, 'icon.svg'), 'utf8');

/** An ICO holding PNG images (every browser since 2007 reads PNG entries). */
function ico(images: { size: number; png: Buffer }[]): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(images.length, 4);
  let offset = 6 + 16 * images.length;
  const entries = images.map(({ size, png }) => {
    const e = Buffer.alloc(16);
    e.writeUInt8(size % 256, 0); // width (0 means 256)
    e.writeUInt8(size % 256, 1);
    e.writeUInt16LE(1, 4); // colour planes
    e.writeUInt16LE(32, 6); // bits per pixel
    e.writeUInt32LE(png.length, 8);
    e.writeUInt32LE(offset, 12);
    offset += png.length;
    return e;
  });
  return Buffer.concat([header, ...entries, ...images.map((i) => i.png)]);
}

const browser = await chromium.launch(chromiumLaunch);
try {
  const page = await browser.newPage();
  /** `background`: fill the rounded corners (iOS rounds the icon itself and shows transparency black). */
  const render = async (size: number, background = 'transparent') => {
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(
      `<style>html,body{margin:0;background:${background}}svg{display:block;width:${size}px;height:${size}px}</style>${svg}`,
    );
    return page.screenshot({ omitBackground: background === 'transparent', type: 'png' });
  };
  const sizes = [16, 32, 48];
  const images = [];
  for (const size of sizes) images.push({ size, png: await render(size) });
  fs.writeFileSync(path.join(PUBLIC, 'favicon.ico'), ico(images));
  fs.writeFileSync(path.join(PUBLIC, 'apple-touch-icon.png'), await render(180, '#3a55e6'));
  console.log(`wrote public/favicon.ico (${sizes.join(', ')} px) and public/apple-touch-icon.png (180 px)`);
} finally {
  await browser.close();
}
