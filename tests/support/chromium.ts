/**
 * How the e2e suite and the browser benchmark launch Debian's Chromium: Playwright cannot
 * download its own browser here, and background networking only fails on a closed network.
 */
export const chromiumLaunch = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-dev-shm-usage',
  ],
};
