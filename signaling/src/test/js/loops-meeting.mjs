// Two (or more) Edgeway SFU meetings at once, of headless Chromium pages on Edgeway's own demo page (its SDK and
// WebSocket, fake camera and microphone), each page with its own way to the media: driven by
// MediaLoopsChromiumIT, which starts a server with two media loops and judges where the meetings ran.
//
// Usage: node loops-meeting.mjs '<json>'   with json:
//   {
//     "chromium": "/usr/bin/chromium",            // never a downloaded browser
//     "baseUrl": "http://127.0.0.1:8080",         // the server's HTTP port
//     "pages": [                                  // opened in this order
//       { "name": "Ann", "meeting": "loops-a" },
//       { "name": "Ben", "meeting": "loops-a", "tcpOnly": true },        // the server's UDP candidates removed
//       { "name": "Dee", "meeting": "loops-b", "query": "&relay=1&turn=tcp" }  // appended to the page's URL
//     ],
//     "stepTimeoutMs": 20000,                     // bound of every wait
//     "sampleGapMs": 3000,                        // between the two getStats samples
//     "resultFile": "/abs/result.json"
//   }
// A tcpOnly page drops the server's UDP candidates from every description and trickled candidate it is given,
// as a network that blocks UDP would leave it: its media can only take ICE-TCP (RFC 6544, the server's
// passive candidate). Prints one JSON line on stdout (also written to resultFile):
//   { browserVersion, failed: null | "<step>: <why>", pages: [ { name, meeting, id, errors, log,
//     samples: { joined1, joined2 }, transport } ] }
// where each sample maps a remote participant id (of the page's own meeting) to { audioPacketsReceived,
// videoFramesDecoded, videoPacketsReceived }. The script judges nothing. Exit code 0 when the JSON was
// written, 2 on a usage or launch failure.
import {
  newParticipantPage, recordPageStates, sampleTwice, startMeetingScript, transportStats, waitAllJoined,
  waitMediaFromEveryone, writeResult, openPage,
} from './meeting-stats.mjs';

const { args, browser, output, sampleGapMs, waitFor } = await startMeetingScript('loops-meeting.mjs',
  ['chromium', 'baseUrl', 'pages', 'resultFile'], { stepTimeoutMs: 20000, sampleGapMs: 3000, pollMs: 250 });

/** Runs in the page: the server's UDP candidates never reach the peer connection. */
function withoutUdpCandidates() {
  const udp = (line) => /^(a=)?candidate:\S+ \d+ udp /i.test(line);
  const strip = (sdp) => sdp.split('\r\n').filter((line) => !udp(line)).join('\r\n');
  const setRemote = RTCPeerConnection.prototype.setRemoteDescription;
  RTCPeerConnection.prototype.setRemoteDescription = function (description, ...rest) {
    const d = description && description.sdp ? { type: description.type, sdp: strip(description.sdp) } : description;
    return setRemote.call(this, d, ...rest);
  };
  const addCandidate = RTCPeerConnection.prototype.addIceCandidate;
  RTCPeerConnection.prototype.addIceCandidate = function (candidate, ...rest) {
    if (candidate && candidate.candidate && udp(candidate.candidate)) return Promise.resolve();
    return addCandidate.call(this, candidate, ...rest);
  };
}

const pages = [];
try {
  for (const spec of args.pages) {
    const { context, page } = await newParticipantPage(browser, spec.name, spec.tcpOnly ? withoutUdpCandidates : null);
    const url = `${args.baseUrl}/?meeting=${encodeURIComponent(spec.meeting)}&name=${encodeURIComponent(spec.name)}`
      + (spec.query ?? '');
    await openPage(page, url);
    const record = { name: spec.name, meeting: spec.meeting, id: null, errors: [], log: [], samples: {}, transport: null };
    pages.push({ name: spec.name, meeting: spec.meeting, context, page, record });
    output.pages.push(record);
  }
  const meetings = [...new Set(pages.map((p) => p.meeting))].map((m) => pages.filter((p) => p.meeting === m));

  // Every meeting's pages joined, see each other, and receive audio and decoded video from each other.
  for (const group of meetings) await waitAllJoined(waitFor, group);
  for (const group of meetings) await waitMediaFromEveryone(waitFor, group);
  await sampleTwice('joined', pages, sampleGapMs);
  for (const p of pages) p.record.transport = await transportStats(p.page);
} catch (err) {
  output.failed = err && err.message ? err.message : String(err);
} finally {
  await recordPageStates(pages);
  await browser.close();
}
writeResult(args.resultFile, output);
