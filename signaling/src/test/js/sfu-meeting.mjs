// Several headless Chromium pages join one Edgeway SFU session through Edgeway's own demo page (and so
// its browser SDK, /sdk/edgeway-rtk.js) and WebSocket, with the fake camera and microphone; one of them leaves half-way. Driven by
// SfuChromiumIT and SfuChromiumRelayIT, which start the server and judge the result.
//
// Usage: node sfu-meeting.mjs '<json>'   with json:
//   {
//     "chromium": "/usr/bin/chromium",            // never a downloaded browser
//     "baseUrl": "http://127.0.0.1:8080",         // the server's HTTP port
//     "meeting": "it-meeting",
//     "names": ["Ann", "Ben", "Cy"],              // one page each; the last one leaves
//     "query": "&relay=1&turn=tcp",               // optional, appended to each page's URL
//     "stepTimeoutMs": 20000,                     // bound of every wait
//     "sampleGapMs": 3000,                        // between the two getStats samples of a phase
//     "resultFile": "/abs/result.json"
//   }
// Prints one JSON line on stdout (also written to resultFile):
//   { browserVersion, failed: null | "<step>: <why>", pages: [ { name, id, errors, log, left,
//     samples: { joined1, joined2, afterLeave1, afterLeave2 }, transport } ] }
// where each sample maps a remote participant id to { audioPacketsReceived, videoFramesDecoded,
// videoPacketsReceived }. The script judges nothing: it reports what the pages saw, including after
// a failed step. Exit code 0 when the JSON was written, 2 on a usage or launch failure.
import { writeFileSync } from 'node:fs';
import { FAKE_MEDIA_FLAGS, launchBrowser } from '../../../../stun-turn/src/test/js/chromium-launch.mjs';

const args = JSON.parse(process.argv[2] ?? '{}');
for (const key of ['chromium', 'baseUrl', 'meeting', 'names', 'resultFile']) {
  if (!args[key]) {
    console.error(`sfu-meeting.mjs: the json argument needs "${key}"`);
    process.exit(2);
  }
}
const stepTimeoutMs = args.stepTimeoutMs ?? 20000;
const sampleGapMs = args.sampleGapMs ?? 3000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls check() (async, returning truthy when done) every 250 ms, at most stepTimeoutMs. */
async function waitFor(step, check) {
  const deadline = Date.now() + stepTimeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await check();
    if (last) return last;
    await sleep(250);
  }
  throw new Error(`${step}: not done within ${stepTimeoutMs} ms`);
}

const output = { browserVersion: null, failed: null, pages: [] };
let browser;
try {
  // Sound plays from each remote tile's <video>; headless has no user gesture to allow it.
  browser = await launchBrowser({
    chromium: args.chromium,
    extraArgs: [...FAKE_MEDIA_FLAGS, '--autoplay-policy=no-user-gesture-required'],
  });
} catch (err) {
  console.error(err && err.stack ? err.stack : String(err));
  process.exit(2);
}
output.browserVersion = browser.version();

const pages = [];
try {
  for (const name of args.names) {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.on('console', (m) => { if (m.type() === 'error') console.error(`[${name}] ${m.text()}`); });
    const url = `${args.baseUrl}/?meeting=${encodeURIComponent(args.meeting)}&name=${encodeURIComponent(name)}`
      + (args.query ?? '');
    await page.goto(url);
    const record = { name, id: null, errors: [], log: [], left: [], samples: {}, transport: null };
    pages.push({ name, context, page, record });
    output.pages.push(record);
  }

  const everyone = () => pages.filter((p) => !p.gone);
  const read = (p) => p.page.evaluate(() => ({
    id: window.edgeway?.state.selfId ?? null,
    phase: window.edgeway?.state.phase ?? null,
    others: window.edgeway ? window.edgeway.participantIds() : [],
  }));
  const stats = (p) => p.page.evaluate(() => window.edgeway.inboundStats());

  // 1. Everyone joined, sees the others, and receives audio and decoded video from each of them.
  await waitFor('join', async () => {
    for (const p of pages) {
      const s = await read(p);
      p.record.id = s.id;
      if (s.phase !== 'joined' || s.others.length !== pages.length - 1) return false;
    }
    return true;
  });
  const flowing = async (p, from) => {
    const s = await stats(p);
    return from.every((id) => s[id] && s[id].audioPacketsReceived > 0 && s[id].videoFramesDecoded > 0);
  };
  await waitFor('media from everyone', async () => {
    for (const p of pages) {
      if (!await flowing(p, pages.filter((o) => o !== p).map((o) => o.record.id))) return false;
    }
    return true;
  });
  for (const p of pages) p.record.samples.joined1 = await stats(p);
  await sleep(sampleGapMs);
  for (const p of pages) {
    p.record.samples.joined2 = await stats(p);
    p.record.transport = await p.page.evaluate(() => window.edgeway.transportStats());
  }

  // 2. The last page leaves; the others see it leave and keep receiving from each other.
  const leaver = pages[pages.length - 1];
  Object.assign(leaver.record, await leaver.page.evaluate(() => ({
    errors: window.edgeway.state.errors, log: window.edgeway.state.log,
  })));
  await leaver.page.evaluate(() => window.edgeway.leave());
  await leaver.context.close();
  leaver.gone = true;
  const stay = everyone();
  await waitFor('participantLeft', async () => {
    for (const p of stay) {
      const s = await read(p);
      if (s.others.includes(leaver.record.id) || s.others.length !== stay.length - 1) return false;
    }
    return true;
  });
  for (const p of stay) {
    p.record.samples.afterLeave1 = await stats(p);
  }
  await sleep(sampleGapMs);
  for (const p of stay) p.record.samples.afterLeave2 = await stats(p);
} catch (err) {
  output.failed = err && err.message ? err.message : String(err);
} finally {
  for (const p of pages) {
    if (p.gone) continue;
    try {
      const state = await p.page.evaluate(() => ({
        errors: window.edgeway.state.errors, log: window.edgeway.state.log,
      }));
      Object.assign(p.record, state);
      p.record.left = state.log.filter((l) => l.includes(' left ('));
    } catch (err) {
      p.record.log.push(`could not read the page: ${err}`);
    }
  }
  await browser.close();
}
const line = `${JSON.stringify(output)}\n`;
writeFileSync(args.resultFile, line);
process.stdout.write(line);
