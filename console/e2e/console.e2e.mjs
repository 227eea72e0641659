// End-to-end test of the console in Debian's headless Chromium, driven by playwright-core.
// Usage: node e2e/console.e2e.mjs <base url of a running StaffSync server> [screenshot directory]
// ConsoleBrowserIT (app) starts the real server and runs this script; it prints one "CHECK ok: <name>" line per
// passed check and ends with "console e2e: N passed, N failed". Any failure exits non-zero.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';

const base = (process.argv[2] ?? '').replace(/\/$/, '');
const shots = process.argv[3] ?? 'target/console-screenshots';
if (!base.startsWith('http')) {
  console.error('usage: node e2e/console.e2e.mjs <base url> [screenshot directory]');
  process.exit(2);
}
mkdirSync(shots, { recursive: true });
const TIMEOUT = 30_000;
// the first event a fresh server projects can take long on a busy machine (cold JIT, first transactions)
const COLD_START_TIMEOUT = 120_000;
let passed = 0;

function check(name) {
  passed++;
  console.log(`CHECK ok: ${name}`);
}

/** Polls until `condition` holds (no sleeps that hope): fails with `description` after TIMEOUT. */
async function until(description, condition, timeout = TIMEOUT) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await condition();
      if (last) return last;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${description} (last: ${last})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function http(method, path, body, headers = {}) {
  const response = await fetch(base + path, {
    method,
    headers: {
      Authorization: `Basic ${Buffer.from('editor:editor').toString('base64')}`,
      'Content-Type': 'application/json',
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return JSON.parse(text);
}

const browser = await chromium.launch({
  executablePath: process.env.STAFFSYNC_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
console.log(`browser: Chromium ${browser.version()}`);

/** A browser context whose WebSocket can be cut and kept down, as a network failure would. */
async function openConsole(user) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  const network = { down: false, sockets: [] };
  await page.routeWebSocket(/\/ws$/, (socket) => {
    if (network.down) {
      socket.close({ code: 4000, reason: 'network down (test)' });
      return;
    }
    const server = socket.connectToServer();
    network.sockets.push({ socket, server });
  });
  page.on('pageerror', (error) => console.log(`[${user} page error] ${error.message}`));
  await page.goto(base + '/');
  await page.fill('#login-form input[name=user]', user);
  await page.fill('#login-form input[name=password]', user);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#connection[data-state=live]', { timeout: TIMEOUT });
  return {
    user, context, page, network,
    async cut() {
      network.down = true;
      await context.setOffline(true);
      for (const { socket, server } of network.sockets.splice(0)) {
        await socket.close({ code: 4000, reason: 'network down (test)' });
        await server.close();
      }
    },
    async restore() {
      network.down = false;
      await context.setOffline(false);
    },
    shot: (name) => page.screenshot({ path: join(shots, `${name}.png`), fullPage: true }),
  };
}

const text = (page, selector) => page.locator(selector).first().textContent({ timeout: TIMEOUT });
const count = (page, selector) => page.locator(selector).count();
const detailVersion = async (page) => Number(await page.getAttribute('#detail-version', 'data-version'));

async function edit(console_, values, strategy = 'USER_CHOICE') {
  const { page } = console_;
  for (const [field, value] of Object.entries(values)) {
    await page.fill(`#edit-form [name=${field}]`, String(value));
  }
  await page.selectOption('#edit-form select[name=strategy]', strategy);
  await page.click('#edit-form button[type=submit]');
}

let alice;
let bob;
try {
  const suffix = randomUUID().slice(0, 8);
  const staffId = `console-${suffix}`;
  const lastName = `Lovelace${suffix}`;
  await http('POST', '/api/staff', {
    staffId,
    fields: { firstName: 'Ada', lastName, email: `ada.${suffix}@example.com`, weeklyHours: 40, skills: ['math'] },
  });

  await until('the directory read model has the new staff member', async () =>
    (await fetch(`${base}/api/staff/${staffId}`, { headers: { Authorization: `Basic ${Buffer.from('editor:editor').toString('base64')}` } })).ok,
  COLD_START_TIMEOUT);

  const index = await fetch(base + '/');
  if (index.status !== 200 || !(await index.text()).includes('StaffSync')) {
    throw new Error(`GET / answered ${index.status} without the console`);
  }
  check('the app serves the console at / without a login');

  alice = await openConsole('alice');
  bob = await openConsole('bob');
  check('alice and bob log in with development tokens and connect');

  const row = `#directory-rows tr[data-staff-id="${staffId}"]`;
  for (const c of [alice, bob]) await c.page.waitForSelector(row, { timeout: TIMEOUT });
  await alice.page.fill('#filter', lastName);
  await until('the filter leaves one row', async () => (await count(alice.page, '#directory-rows tr')) === 1);
  await alice.page.fill('#filter', '');
  check('the directory lists the staff member and filters');

  for (const c of [alice, bob]) {
    await c.page.click(row);
    await c.page.waitForSelector('#timeline li[data-version="0"][data-type=REGISTERED]', { timeout: TIMEOUT });
  }
  await alice.page.waitForSelector('#presence li[data-user=bob]', { timeout: TIMEOUT });
  await bob.page.waitForSelector('#presence li[data-user=alice]', { timeout: TIMEOUT });
  check('each sees the other viewing the same staff member (presence)');

  await alice.page.click('#edit');
  await bob.page.waitForSelector('#presence li[data-user=alice][data-editing=true]', { timeout: TIMEOUT });
  check('bob sees that alice is editing');
  await bob.page.click('#edit');
  await bob.shot('01-both-editing');

  // alice saves first: bob's form still builds on version 0
  await edit(alice, { role: 'Lead', department: 'Research' });
  await alice.page.waitForSelector('#edit-form', { state: 'hidden', timeout: TIMEOUT });
  await bob.page.waitForSelector(`${row}.flash[data-version="1"]`, { timeout: TIMEOUT });
  await until('bob\'s row shows alice\'s role', async () =>
    (await text(bob.page, `${row} td[data-field=role]`)) === 'Lead');
  await until('bob\'s record shows version 1', async () => (await detailVersion(bob.page)) === 1);
  await bob.page.waitForSelector('#edit-form .edit-notice:not([hidden])', { timeout: TIMEOUT });
  if (!(await text(bob.page, '#edit-form .edit-notice')).includes('alice')) throw new Error('edit notice names nobody');
  await bob.page.waitForSelector('#timeline li[data-version="1"] li[data-field=role]', { timeout: TIMEOUT });
  await bob.shot('02-live-change-highlighted');
  check('bob sees alice\'s change live, highlighted, while editing');

  // bob, still on version 0, sets the same field: USER_CHOICE holds it as a pending conflict
  await edit(bob, { role: 'Architect' });
  await bob.page.waitForSelector('#conflict-dialog:not([hidden]) #conflict-rows tr[data-field=role]', { timeout: TIMEOUT });
  const cells = await bob.page.locator('#conflict-rows tr[data-field=role] td').allTextContents();
  if (!(cells[0].includes('—') && cells[1].includes('Lead') && cells[2].includes('Architect'))) {
    throw new Error(`conflict row shows ${JSON.stringify(cells)}`);
  }
  await bob.shot('03-conflict-dialog');
  check('bob gets the conflict dialog with base, theirs and mine');

  await alice.page.waitForSelector('#pending-conflicts .pending-conflict', { timeout: TIMEOUT });
  await alice.shot('04-pending-conflict-seen-by-alice');
  check('alice sees the pending conflict');

  await until('bob\'s record reached the raised conflict', async () => (await detailVersion(bob.page)) >= 2);
  await bob.page.fill('#conflict-rows input[name=value-role]', 'Lead Architect');
  await bob.page.fill('#conflict-form input[name=reason]', 'agreed with alice');
  await bob.page.click('#conflict-submit');
  await bob.page.waitForSelector('#conflict-dialog', { state: 'hidden', timeout: TIMEOUT });
  for (const c of [alice, bob]) {
    await until(`${c.user} shows the settled role`, async () =>
      (await text(c.page, '#detail-fields [data-field=role] dd')) === 'Lead Architect'
      && (await text(c.page, `${row} td[data-field=role]`)) === 'Lead Architect');
    await c.page.waitForSelector('#timeline li[data-type=CONFLICT_RESOLVED] li[data-field=role][data-outcome=EXPLICIT]',
      { timeout: TIMEOUT });
    await until(`${c.user} has no pending conflict left`, async () =>
      (await count(c.page, '#pending-conflicts .pending-conflict')) === 0);
    await c.shot(`05-conflict-settled-${c.user}`);
  }
  if ((await text(alice.page, '#detail-fields [data-field=department] dd')) !== 'Research') {
    throw new Error('alice\'s department was lost');
  }
  check('bob settles the conflict and both see the outcome, in record, directory and history');

  // bob's network goes down; alice and another editor carry on; bob comes back and catches up
  const before = await detailVersion(bob.page);
  await bob.cut();
  await bob.page.waitForSelector('#connection[data-state=reconnecting]', { timeout: TIMEOUT });
  await bob.shot('06-bob-offline');
  check('bob\'s console shows the dropped connection');

  await alice.page.click('#edit');
  await edit(alice, { phone: '+44 20 7946 0000' });
  await alice.page.waitForSelector('#edit-form', { state: 'hidden', timeout: TIMEOUT });
  await alice.page.click('#edit');
  await edit(alice, { notes: 'changed while bob was offline' });
  await alice.page.waitForSelector('#edit-form', { state: 'hidden', timeout: TIMEOUT });
  const third = await until('the read model reached alice\'s edits', async () => {
    const member = await http('GET', `/api/staff/${staffId}`);
    return member.notes === 'changed while bob was offline' ? member : null;
  });
  await http('PATCH', `/api/staff/${staffId}`, { changes: { weeklyHours: 32 } }, { 'If-Match': `"${third.version}"` });
  const newcomerId = `console-new-${suffix}`;
  await http('POST', '/api/staff', {
    staffId: newcomerId, fields: { firstName: 'Grace', lastName: `Hopper${suffix}`, email: `grace.${suffix}@example.com` },
  });
  const finalVersion = third.version + 1;
  if ((await bob.page.getAttribute('#connection', 'data-state')) === 'live') {
    throw new Error('bob reconnected while his network was down');
  }

  await bob.restore();
  await bob.page.waitForSelector('#connection[data-state=live][data-reconnects="1"]', { timeout: TIMEOUT });
  await until('bob\'s record caught up', async () => (await detailVersion(bob.page)) === finalVersion);
  const versions = (await bob.page.locator('#timeline > li').evaluateAll((items) =>
    items.map((item) => Number(item.dataset.version)))).sort((a, b) => a - b);
  const expected = Array.from({ length: finalVersion + 1 }, (_, v) => v);
  if (JSON.stringify(versions) !== JSON.stringify(expected)) {
    throw new Error(`bob's history has versions ${versions}, expected ${expected}`);
  }
  for (const [field, value] of [['phone', '+44 20 7946 0000'], ['notes', 'changed while bob was offline'],
    ['weeklyHours', '32']]) {
    const shown = await text(bob.page, `#detail-fields [data-field=${field}] dd`);
    if (shown !== value) throw new Error(`bob shows ${field} = ${shown}, expected ${value}`);
  }
  await bob.page.waitForSelector(`#directory-rows tr[data-staff-id="${newcomerId}"]`, { timeout: TIMEOUT });
  await bob.page.waitForSelector('#catch-up[data-done=true]', { timeout: TIMEOUT });
  const caughtUp = Number(await bob.page.getAttribute('#catch-up', 'data-received'));
  if (caughtUp < finalVersion - before + 1) throw new Error(`catch-up counted ${caughtUp} changes`);
  await bob.shot('07-bob-caught-up');
  check(`bob reconnects, resumes and catches up on every change made while offline (versions 0..${finalVersion})`);

  // alice creates someone through the form; bob's directory shows them as they arrive
  await alice.page.click('#new-staff');
  const created = `console-created-${suffix}`;
  await alice.page.fill('#create-form [name=staffId]', created);
  await alice.page.fill('#create-form [name=firstName]', 'Katherine');
  await alice.page.fill('#create-form [name=lastName]', `Johnson${suffix}`);
  await alice.page.fill('#create-form [name=email]', `katherine.${suffix}@example.com`);
  await alice.page.fill('#create-form [name=skills]', 'orbital mechanics, math');
  await alice.page.click('#create-form button[type=submit]');
  await alice.page.waitForSelector(`#detail[data-staff-id="${created}"] #timeline li[data-version="0"]`, { timeout: TIMEOUT });
  await bob.page.waitForSelector(`#directory-rows tr.flash[data-staff-id="${created}"]`, { timeout: TIMEOUT });
  await bob.page.selectOption('#sort', 'updated');
  await until('bob\'s most recently changed row is the new member', async () =>
    (await bob.page.getAttribute('#directory-rows tr:first-child', 'data-staff-id')) === created);
  await bob.shot('08-created-by-alice');
  check('alice creates a staff member with the form and bob sees it arrive live');

  console.log(`console e2e: ${passed} passed, 0 failed`);
} catch (error) {
  console.error(`CHECK failed: ${error.stack ?? error}`);
  for (const c of [alice, bob]) await c?.shot(`failure-${c.user}`).catch(() => undefined);
  console.log(`console e2e: ${passed} passed, 1 failed`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
