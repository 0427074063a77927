// A werift participant (a WebRTC stack in Node.js, not a browser) and a headless Chromium page join one
// Edgeway SFU session. werift speaks the signaling protocol of docs/SIGNALING.md itself over a WebSocket,
// and publishes Opus and VP8 that ffmpeg encodes in real time from its test sources (a tone, a test
// pattern) into RTP, which werift sends as its own tracks; Chromium joins through the demo page with its
// fake devices. Driven by WeriftChromiumMeetingIT, which starts the server and judges the result.
//
// Usage: node werift-meeting.mjs '<json>'   with json:
//   {
//     "chromium": "/usr/bin/chromium", "ffmpeg": "/usr/bin/ffmpeg",
//     "baseUrl": "http://127.0.0.1:8080", "meeting": "it-werift",
//     "stepTimeoutMs": 30000, "sampleGapMs": 3000, "resultFile": "/abs/result.json"
//   }
// Prints one JSON line on stdout (also written to resultFile):
//   { browserVersion, weriftVersion, failed: null | "<step>: <why>",
//     pages: [ { name: "Cy", browser: "chromium", id, errors, log, samples: { joined1, joined2 }, transport } ],
//     werift: { name: "Wes", id, log, offered (its offer's SDP), sent: { audio, video }, samples: { joined1,
//               joined2 } } }
// where a page's sample maps a remote participant id to its getStats figures (meeting-stats.mjs) and
// werift's sample to { audioPackets, videoPackets, videoKeyframes, audioPayloadTypes, videoPayloadTypes }:
// the RTP werift received from that participant, counted per kind, with the payload types it carried.
// Exit code 0 when the JSON was written, 2 on a usage or launch failure.
import { WeriftParticipant } from '../../../../stun-turn/src/test/js/werift-participant.mjs';
import { weriftVersion } from '../../../../stun-turn/src/test/js/werift-peer.mjs';
import {
  flowing, inboundStats, newParticipantPage, pageState, startMeetingScript, transportStats, writeResult, openPage,
} from './meeting-stats.mjs';

const { args, browser, output, sampleGapMs, waitFor } = await startMeetingScript('werift-meeting.mjs',
  ['chromium', 'ffmpeg', 'baseUrl', 'meeting', 'resultFile'], { stepTimeoutMs: 30000, sampleGapMs: 3000, pollMs: 250 });
output.weriftVersion = weriftVersion();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const wes = new WeriftParticipant('Wes');
output.werift = wes.record;
let chromium = null;
try {
  await wes.join(args.baseUrl, args.meeting);
  await waitFor('werift connected', async () => wes.connectionState === 'connected');
  await wes.startMedia(args.ffmpeg);

  const { context, page } = await newParticipantPage(browser, 'Cy');
  await openPage(page, `${args.baseUrl}/?meeting=${encodeURIComponent(args.meeting)}&name=Cy`);
  chromium = { context, page, record: { name: 'Cy', browser: 'chromium', id: null, errors: [], log: [], samples: {} } };
  output.pages.push(chromium.record);
  await waitFor('Chromium joined', async () => {
    chromium.record.id = await page.evaluate(() => (window.edgeway?.state.phase === 'joined'
      ? window.edgeway.state.selfId : null));
    return chromium.record.id !== null;
  });

  // Chromium decodes werift's video and receives its audio; werift receives Chromium's audio and video,
  // a keyframe among it.
  await waitFor('media both ways', async () => {
    const atChromium = (await inboundStats(page))[wes.record.id];
    const atWerift = wes.stats()[chromium.record.id];
    return flowing(atChromium) && atWerift && atWerift.audioPackets > 0 && atWerift.videoKeyframes > 0;
  });
  for (const phase of ['joined1', 'joined2']) {
    chromium.record.samples[phase] = await inboundStats(page);
    wes.record.samples[phase] = wes.stats();
    if (phase === 'joined1') await sleep(sampleGapMs);
  }
  chromium.record.transport = await transportStats(page);
} catch (err) {
  output.failed = err && err.message ? err.message : String(err);
} finally {
  if (chromium) {
    try {
      Object.assign(chromium.record, await pageState(chromium.page));
      if (!chromium.record.samples.joined2) chromium.record.samples.last = await inboundStats(chromium.page);
    } catch (err) {
      chromium.record.log.push(`could not read the page: ${err}`);
    }
  }
  if (!wes.record.samples.joined2) wes.record.samples.last = wes.stats();
  await wes.close();
  await browser.close();
}
writeResult(args.resultFile, output);
process.exit(0);
