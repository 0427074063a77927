// Issue #15, test 3: the waiting room in real browsers. A host and two guests open Edgeway's demo page with
// their participant tokens (/?authToken=); the page and the SDK (/sdk/edgeway-rtk.js) do the rest. The guests'
// preset puts them in the waiting room: the test checks they wait (still waiting after waitMs, not in the
// meeting, no media), that the host's page lists them, then clicks the host's Admit button for the first and
// Reject for the second, and reports what each page saw. Driven by WaitingRoomChromiumIT, which starts the
// server and makes the presets, meeting and participants over REST, and judges the result.
//
// Usage: node waiting-room.mjs '<json>'   with json:
//   { "chromium": "/usr/bin/chromium", "baseUrl": "http://127.0.0.1:8080",
//     "host": { "name": "Hana", "token": "..." }, "admitted": { "name": "Gus", "token": "..." },
//     "rejected": { "name": "Gil", "token": "..." }, "stepTimeoutMs": 15000, "waitMs": 2000,
//     "resultFile": "/abs/result.json" }
//
// Prints one JSON line (also written to resultFile): { browserVersion, failed: null | "<step>: <why>",
// pages: [ { name, id, phase, waited, joinedSize, waitlistedAtHost, samples, errors, log, ... } ] }.
// Exit code 0 when the JSON was written, 2 on a usage or launch failure.
import {
  flowing, inboundStats, newParticipantPage, recordPageStates, startMeetingScript, writeResult, openPage,
} from './meeting-stats.mjs';

const { args, browser, output, waitFor } = await startMeetingScript('waiting-room.mjs',
  ['chromium', 'baseUrl', 'host', 'admitted', 'rejected', 'resultFile'], { stepTimeoutMs: 15000, sampleGapMs: 0, pollMs: 200 });
const waitMs = args.waitMs ?? 2000;
const pages = [];

async function open(participant) {
  const { page } = await newParticipantPage(browser, participant.name);
  const record = { name: participant.name, id: null, errors: [], log: [] };
  pages.push({ page, record });
  output.pages.push(record);
  await openPage(page, `${args.baseUrl}/?authToken=${encodeURIComponent(participant.token)}`);
  return { page, record };
}

/** The page's phase, own id, the meeting's size as it sees it, and those it sees waiting. */
const read = (p) => p.page.evaluate(() => ({
  phase: window.edgeway?.state.phase ?? null,
  id: window.edgeway?.state.selfId ?? null,
  joinedIds: window.edgeway?.participantIds() ?? [],
  waitlistedIds: window.edgeway?.waitlistedIds() ?? [],
  roomState: window.edgeway?.meeting?.self.roomState ?? null,
  waitlistStatus: window.edgeway?.meeting?.self.waitlistStatus ?? null,
  hasMedia: Boolean(window.edgeway?.meeting) && window.edgeway.inboundStats !== undefined,
}));

async function phase(p, wanted) {
  return waitFor(`${p.record.name} ${wanted}`, async () => {
    const s = await read(p);
    return s.phase === wanted ? s : null;
  });
}

try {
  const host = await open(args.host);
  const hostJoined = await phase(host, 'joined');
  host.record.id = hostJoined.id;

  const gus = await open(args.admitted);
  const gil = await open(args.rejected);
  for (const g of [gus, gil]) g.record.id = (await phase(g, 'waitlisted')).id;

  // The host's page lists both; nobody is in the meeting but the host.
  host.record.waitlistedAtHost = (await waitFor('host sees both waiting', async () => {
    const s = await read(host);
    return s.waitlistedIds.length === 2 ? s : null;
  })).waitlistedIds;
  await new Promise((r) => setTimeout(r, waitMs));
  for (const g of [gus, gil]) {
    const s = await read(g);
    g.record.waited = { phase: s.phase, roomState: s.roomState, waitlistStatus: s.waitlistStatus };
    g.record.statsWhileWaiting = await inboundStats(g.page);
  }
  host.record.joinedWhileWaiting = (await read(host)).joinedIds;

  // Admit Gus with the host's button; his media and the host's flow both ways.
  await host.page.click(`#waiting li[data-participant="${gus.record.id}"] button[data-action="accept"]`);
  const gusIn = await phase(gus, 'joined');
  gus.record.joinedIds = gusIn.joinedIds;
  gus.record.waitlistStatus = gusIn.waitlistStatus;
  await waitFor('media between host and admitted guest', async () => {
    const atHost = await inboundStats(host.page);
    const atGus = await inboundStats(gus.page);
    return flowing(atHost[gus.record.id]) && flowing(atGus[host.record.id]);
  });
  host.record.samples = await inboundStats(host.page);
  gus.record.samples = await inboundStats(gus.page);

  // Reject Gil with the host's button.
  await host.page.click(`#waiting li[data-participant="${gil.record.id}"] button[data-action="reject"]`);
  const gilOut = await phase(gil, 'rejected');
  gil.record.roomState = gilOut.roomState;
  gil.record.waitlistStatus = gilOut.waitlistStatus;
  const hostAfter = await waitFor('host sees nobody waiting', async () => {
    const s = await read(host);
    return s.waitlistedIds.length === 0 ? s : null;
  });
  host.record.joinedAfter = hostAfter.joinedIds;
  gus.record.joinedAfter = (await read(gus)).joinedIds;
  host.record.lobbyHidden = await host.page.evaluate(() => document.getElementById('lobby').hidden);
} catch (err) {
  output.failed = err && err.message ? err.message : String(err);
} finally {
  await recordPageStates(pages, async (p) => {
    p.record.phase = (await read(p)).phase;
  });
  await browser.close();
}
writeResult(args.resultFile, output);
