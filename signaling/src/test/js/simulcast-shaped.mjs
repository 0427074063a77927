// One Chromium publishes its 1280x720 fake camera as three simulcast layers through Edgeway's SDK; two
// Chromium viewers receive it, one on this host and one in a browser inside a network namespace whose
// link from the host is shaped (the caller's tc qdisc). Half-way the script runs the caller's command
// that improves the link. Driven by SimulcastShapedLinkChromiumIT, which sets the network and the server
// up and judges the result.
//
// Usage: node simulcast-shaped.mjs '<json>'   with json:
//   {
//     "chromium": "/usr/bin/chromium",              // never a downloaded browser
//     "insideChromium": "/abs/launcher.sh",         // Chromium inside the namespace
//     "baseUrl": "http://127.0.0.1:8080",           // the server as this host's browser reaches it
//     "insideBaseUrl": "http://198.18.13.1:8081",   // ... and as the namespace's browser does
//     "publisher": { "name": "Pia", "token": "..." },
//     "viewers": [ { "name": "Una", "token": "..." }, { "name": "Sal", "token": "...", "inside": true } ],
//     "camera": { "width": 1280, "height": 720 },   // the publisher's mediaConfiguration.video
//     "chromiumArgs": ["--use-file-for-fake-video-capture=/tmp/.../camera.y4m"],   // this host's browser
//     "improveLink": ["tc", "qdisc", "replace", ...], // run after the shaped phase
//     "samplePeriodMs": 500,                        // getStats on every page
//     "settleMs": 8000,                             // after every viewer decodes and the publisher sends all
//                                                   //   three layers, before the shaped window
//     "windowMs": 10000,                            // the shaped window
//     "layersTimeoutMs": 40000,                     // for the publisher's encoder to send all three layers
//     "climbTimeoutMs": 25000,                      // after improveLink, at most, for the shaped viewer to climb
//     "stepTimeoutMs": 20000,                       // bound of every other wait
//     "resultFile": "/abs/result.json"
//   }
// Prints one JSON line on stdout (also written to resultFile):
//   { browserVersion, failed: null | "<step>: <why>",
//     marks: { decoding, layersUp, windowStart, windowEnd, improved, climbed },   // Date.now() times
//     pages: [ { name, id, inside, settings, errors, log, messages, layers: [outbound samples],
//                series: [ { t, mid, height, frames, freezes, freezeMs, packets, lost, keyFrames, bytes } ] } ] }
// where a viewer's series is the publisher's video in its slots, sample by sample, and the publisher's
// layers are its outbound figures per RID with its browser's estimate of its uplink, sample by sample. The script judges nothing. Exit code 0 when
// the JSON was written, 2 on a usage or launch failure.
import { execFileSync } from 'node:child_process';
import { FLOWING_FRAMES, startMeetingScript, writeResult } from './meeting-stats.mjs';
import { joinSlotPage, openSlotPage, readSlotPage, seriesOf, slotNow } from './slot-pages.mjs';

const { args, browser, insideBrowser, output, waitFor } = await startMeetingScript('simulcast-shaped.mjs',
  ['chromium', 'insideChromium', 'baseUrl', 'insideBaseUrl', 'publisher', 'viewers', 'camera', 'improveLink',
    'resultFile'], { stepTimeoutMs: 20000, sampleGapMs: 0, pollMs: 250 });
const samplePeriodMs = args.samplePeriodMs ?? 500;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const marks = {};
output.marks = marks;
const pages = [];

async function open(participant, inside) {
  const { page } = await openSlotPage(inside ? insideBrowser : browser, inside ? args.insideBaseUrl : args.baseUrl,
    participant.name);
  const p = { ...participant, inside, page, record: { name: participant.name, inside } };
  pages.push(p);
  output.pages.push(p.record);
  return p;
}

/** The lowest frame height the publisher's layers have now (its smallest active encoding). */
async function lowestLayerHeight(publisher) {
  const s = await publisher.page.evaluate(() => window.slotPage.samples.at(-1) ?? null);
  const heights = (s?.out ?? []).map((o) => o.height).filter((h) => h > 0);
  return heights.length ? Math.min(...heights) : 0;
}

try {
  const publisher = await open(args.publisher, false);
  const viewers = [];
  for (const v of args.viewers) viewers.push(await open(v, Boolean(v.inside)));

  const { width, height } = args.camera;
  publisher.id = await joinSlotPage(publisher.page, publisher.token,
    { audio: true, video: true, mediaConfiguration: { video: { width: { ideal: width }, height: { ideal: height } } } });
  for (const v of viewers) v.id = await joinSlotPage(v.page, v.token, { audio: false, video: false });
  for (const p of pages) await p.page.evaluate((ms) => window.slotPage.startSampling(ms), samplePeriodMs);

  // 1. Every viewer decodes the publisher's video (whatever layer its link allows).
  await waitFor('publisher video at every viewer', async () => {
    for (const v of viewers) {
      const slot = await slotNow(v.page, 'video', publisher.id);
      if (!slot || slot.frames < FLOWING_FRAMES) return false;
    }
    return true;
  });
  marks.decoding = Date.now();
  // The publisher's encoder brings its layers in as its own bandwidth estimate grows: the shaped phase is
  // judged once all of them send.
  const layersUp = async () => {
    const out = await publisher.page.evaluate(() => window.slotPage.samples.at(-1)?.out ?? []);
    return out.length === 3 && out.every((o) => o.height > 0);
  };
  const layersDeadline = Date.now() + (args.layersTimeoutMs ?? 40000);
  while (!(await layersUp())) {
    if (Date.now() > layersDeadline) {
      throw new Error(`every layer of the publisher sending: not done within ${args.layersTimeoutMs ?? 40000} ms`);
    }
    await sleep(samplePeriodMs);
  }
  marks.layersUp = Date.now();

  // 2. The shaped phase: settle, then the window the test judges.
  await sleep(args.settleMs ?? 8000);
  marks.windowStart = Date.now();
  await sleep(args.windowMs ?? 10000);
  marks.windowEnd = Date.now();

  // 3. The link improves; the shaped viewer should climb above the lowest layer.
  const low = await lowestLayerHeight(publisher);
  execFileSync(args.improveLink[0], args.improveLink.slice(1), { stdio: 'inherit', timeout: 10000 });
  marks.improved = Date.now();
  const shaped = viewers.filter((v) => v.inside);
  const climbDeadline = Date.now() + (args.climbTimeoutMs ?? 25000);
  while (Date.now() < climbDeadline) {
    let climbed = true;
    for (const v of shaped) {
      const slot = await slotNow(v.page, 'video', publisher.id);
      if (!slot || !(slot.height > low)) climbed = false;
    }
    if (climbed) {
      marks.climbed = Date.now();
      break;
    }
    await sleep(samplePeriodMs / 2);
  }
  // A little more, to see the climbed layer decode steadily.
  await sleep(2 * samplePeriodMs);
} catch (err) {
  output.failed = err && err.message ? err.message : String(err);
} finally {
  const publisher = pages[0];
  for (const p of pages) {
    try {
      const r = await readSlotPage(p.page);
      Object.assign(p.record, { id: r.id, settings: r.settings, errors: r.errors, log: r.log, messages: r.messages });
      if (p === publisher) {
        p.record.layers = r.samples.map((s) => ({ t: s.t, out: s.out, outgoingBps: s.outgoingBps }));
      } else if (publisher?.record.id) {
        p.record.series = seriesOf(r, 'video', publisher.record.id);
      }
    } catch (err) {
      p.record.log = [...(p.record.log ?? []), `could not read the page: ${err}`];
    }
  }
  await browser.close();
  if (insideBrowser) await insideBrowser.close();
}
writeResult(args.resultFile, output);
