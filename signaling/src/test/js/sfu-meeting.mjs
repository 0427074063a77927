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
import {
  newParticipantPage, pageState, readPage, recordPageStates, sampleTwice, startMeetingScript, transportStats,
  waitAllJoined, waitMediaFromEveryone, writeResult, openPage,
} from './meeting-stats.mjs';

const { args, browser, output, sampleGapMs, waitFor } = await startMeetingScript('sfu-meeting.mjs',
  ['chromium', 'baseUrl', 'meeting', 'names', 'resultFile'], { stepTimeoutMs: 20000, sampleGapMs: 3000, pollMs: 250 });

const pages = [];
try {
  for (const name of args.names) {
    const { context, page } = await newParticipantPage(browser, name);
    const url = `${args.baseUrl}/?meeting=${encodeURIComponent(args.meeting)}&name=${encodeURIComponent(name)}`
      + (args.query ?? '');
    await openPage(page, url);
    const record = { name, id: null, errors: [], log: [], left: [], samples: {}, transport: null };
    pages.push({ name, context, page, record });
    output.pages.push(record);
  }

  const everyone = () => pages.filter((p) => !p.gone);
  const read = (p) => readPage(p.page);

  // 1. Everyone joined, sees the others, and receives audio and decoded video from each of them.
  await waitAllJoined(waitFor, pages);
  await waitMediaFromEveryone(waitFor, pages);
  await sampleTwice('joined', pages, sampleGapMs);
  for (const p of pages) p.record.transport = await transportStats(p.page);

  // 2. The last page leaves; the others see it leave and keep receiving from each other.
  const leaver = pages[pages.length - 1];
  Object.assign(leaver.record, await pageState(leaver.page));
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
  await sampleTwice('afterLeave', stay, sampleGapMs);
} catch (err) {
  output.failed = err && err.message ? err.message : String(err);
} finally {
  await recordPageStates(pages.filter((p) => !p.gone), async (p, state) => {
    p.record.left = state.log.filter((l) => l.includes(' left ('));
  });
  await browser.close();
}
writeResult(args.resultFile, output);
