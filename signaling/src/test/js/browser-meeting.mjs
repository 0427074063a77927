// Pages of different browsers join one Edgeway SFU session through Edgeway's own demo page (its browser
// SDK and WebSocket) with fake cameras and microphones: Chromium through playwright-core, Firefox ESR
// through puppeteer-core over WebDriver BiDi. Driven by FirefoxChromiumMeetingIT and
// FirefoxChromiumRelayIT, which start the server and judge the result.
//
// Usage: node browser-meeting.mjs '<json>'   with json:
//   {
//     "chromium": "/usr/bin/chromium", "firefox": "/usr/bin/firefox-esr",   // never downloaded browsers
//     "baseUrl": "http://127.0.0.1:8080",
//     "meeting": "it-meeting",
//     "participants": [{"name": "Fay", "browser": "firefox"}, {"name": "Cy", "browser": "chromium"}],
//     "query": "&relay=1&turn=udp",               // optional, appended to each page's URL
//     "stepTimeoutMs": 30000, "sampleGapMs": 3000,
//     "resultFile": "/abs/result.json"
//   }
// Prints one JSON line on stdout (also written to resultFile):
//   { browserVersion, firefoxVersion, failed: null | "<step>: <why>", pages: [ { name, browser, id, errors,
//     log, samples: { joined1, joined2 }, transport } ] }
// where each sample maps a remote participant id to { audioPacketsReceived, videoFramesDecoded,
// videoPacketsReceived, audioCodec, videoCodec, ... } (codecs as the receiving page numbers them). The script
// judges nothing: it reports what the pages saw, including after a failed step. Exit code 0 when the JSON
// was written, 2 on a usage or launch failure.
import {
  inboundStats, launchMeetingFirefox, newFirefoxParticipantPage, newParticipantPage, recordPageStates,
  sampleTwice, startMeetingScript, transportStats, waitAllJoined, waitMediaFromEveryone, writeResult, openPage,
} from './meeting-stats.mjs';

const { args, browser, output, sampleGapMs, waitFor } = await startMeetingScript('browser-meeting.mjs',
  ['chromium', 'firefox', 'baseUrl', 'meeting', 'participants', 'resultFile'],
  { stepTimeoutMs: 30000, sampleGapMs: 3000, pollMs: 250 });
const firefox = await launchMeetingFirefox(args.firefox);
output.firefoxVersion = await firefox.version();

const pages = [];
try {
  for (const { name, browser: kind } of args.participants) {
    const { context, page } = kind === 'firefox'
      ? await newFirefoxParticipantPage(firefox, name)
      : await newParticipantPage(browser, name);
    const url = `${args.baseUrl}/?meeting=${encodeURIComponent(args.meeting)}&name=${encodeURIComponent(name)}`
      + (args.query ?? '');
    await openPage(page, url);
    const record = { name, browser: kind, id: null, errors: [], log: [], samples: {}, transport: null };
    pages.push({ name, context, page, record });
    output.pages.push(record);
  }

  // Everyone joined, sees the others, receives audio and decodes video from each of them.
  await waitAllJoined(waitFor, pages);
  await waitMediaFromEveryone(waitFor, pages);
  await sampleTwice('joined', pages, sampleGapMs);
  for (const p of pages) p.record.transport = await transportStats(p.page);
} catch (err) {
  output.failed = err && err.message ? err.message : String(err);
} finally {
  await recordPageStates(pages, async (p) => {
    if (!p.record.samples.joined2) p.record.samples.last = await inboundStats(p.page);
  });
  await browser.close();
  await firefox.close();
}
writeResult(args.resultFile, output);
