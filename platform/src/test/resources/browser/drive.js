// Drives Debian's Chromium (headless, through playwright-core) through the platform's browser page for
// BrowserClientTest: join a meeting as a guest by its code, see the Java participant arrive, exchange frames with
// it, take a screenshot, see it leave. Progress lines on stdout (the test reads them): JOINED {...}, SEES {...},
// FRAMES {...}, LEFT_SEEN {...}, then RESULT {...}. Exit 0 when every step was seen, 1 otherwise, 2 on a driver error.
//
// usage: node drive.js <page url> <meeting code> <screenshot path>
const { chromium } = require('playwright-core');

const STEP_TIMEOUT_MS = 60_000;

(async () => {
  const [pageUrl, meetingCode, screenshot] = process.argv.slice(2);
  // the flags this machine kind needs (see /usr/bin/chromium's notes in docs/media-node.md): no sandbox as root, no
  // GPU, no calls home (refused by a closed network). QUIC stays on: WebTransport runs over it.
  const args = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'];
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args });
  const result = { browser: browser.version(), steps: [] };
  try {
    const page = await browser.newPage({ viewport: { width: 900, height: 700 } });
    page.on('console', m => console.log('console: ' + m.text()));
    page.on('pageerror', e => console.log('pageerror: ' + e));
    await page.goto(pageUrl);
    await page.waitForFunction(() => window.darktower && window.darktower.ready, null, { timeout: STEP_TIMEOUT_MS });
    await page.fill('#meeting', meetingCode);
    await page.fill('#name', 'Browser Bea');
    await page.click('#join-button');

    const state = () => page.evaluate(() => ({
      phase: window.darktower.phase, error: window.darktower.error, participantId: window.darktower.participantId,
      mediaUserId: window.darktower.mediaUserId, participants: window.darktower.participants,
      sent: window.darktower.sent, received: window.darktower.received, receivedFrom: window.darktower.receivedFrom,
      outOfOrder: window.darktower.outOfOrder, tiles: window.darktower.tiles,
    }));
    const step = async (name, condition) => {
      const handle = await page.waitForFunction(condition, null, { timeout: STEP_TIMEOUT_MS, polling: 100 })
          .catch(async e => { throw new Error(name + ' not reached: ' + e.message + ' state ' + JSON.stringify(await state())); });
      await handle.dispose();
      const now = await state();
      if (now.phase === 'error') throw new Error(name + ': the page failed: ' + now.error);
      result.steps.push(name);
      console.log(name + ' ' + JSON.stringify(now));
      return now;
    };
    await step('JOINED', () => ['joined', 'error'].includes(window.darktower.phase));
    await step('SEES', () => window.darktower.phase === 'error' || window.darktower.participants.length >= 2);
    await step('FRAMES', () => window.darktower.phase === 'error'
        || (window.darktower.sent >= 30 && window.darktower.tiles.some(t => t.frames >= 30)));
    await page.screenshot({ path: screenshot, fullPage: true });
    result.screenshot = screenshot;
    await step('LEFT_SEEN', () => window.darktower.phase === 'error' || window.darktower.participants.length === 1);
    result.final = await state();
    result.ok = true;
  } catch (e) {
    result.ok = false;
    result.error = String(e && e.message || e);
  } finally {
    console.log('RESULT ' + JSON.stringify(result));
    await browser.close();
  }
  process.exit(result.ok ? 0 : 1);
})().catch(e => { console.error('DRIVER ERROR ' + (e && e.stack || e)); process.exit(2); });
