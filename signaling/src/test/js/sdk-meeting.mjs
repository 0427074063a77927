// Headless Chromium pages join an Edgeway meeting with participant tokens through Edgeway's browser SDK
// (/sdk/edgeway-rtk.js, driven through the demo page's window.edgeway), with the fake camera and
// microphone. Driven by SdkMeetingChromiumIT and SdkTurnRelayChromiumIT, which start the server, create
// the meeting, presets and participants over REST, and judge the result.
//
// Usage: node sdk-meeting.mjs '<json>'   with json:
//   {
//     "scenario": "meeting" | "relay" | "firewalled",
//     "chromium": "/usr/bin/chromium",            // never a downloaded browser
//     "baseUrl": "http://127.0.0.1:8080",         // the server's HTTP port
//     "hosts": [ { "name": "Ann", "token": "..." }, { "name": "Ben", "token": "..." } ],
//     "viewer": { "name": "Vic", "token": "..." },   // scenario meeting: joins last, may not publish
//     "iceServers": [ ... ],                       // scenario relay: from generate-ice-servers
//     "insideChromium": "/abs/launcher.sh",        // scenario firewalled: Chromium inside the namespace
//     "insideArgs": ["--proxy-server=..."],        //   its extra flags; hosts[i].inside puts a host there,
//     "env": { "HOME": "/abs/home" },              //   hosts[i].iceServers / .iceTransportPolicy are that host's
//     "diagnostics": true,                         //   then the inside hosts open /diagnostics too
//     "stepTimeoutMs": 15000,                      // bound of every wait
//     "sampleGapMs": 2000,                         // between the two getStats samples of a phase
//     "resultFile": "/abs/result.json"
//   }
// scenario meeting: both hosts join with /?authToken=<token> and receive each other's media; the first
// sends a chat message that the second receives, then a 4001-character one that is refused; the second
// mutes its microphone and unmutes it while the first watches audioUpdate; the viewer joins, receives
// both hosts, and tries to publish and to chat. scenario relay: both hosts open the idle demo page and
// join through window.edgeway.start({ authToken, iceServers, iceTransportPolicy: 'relay' }). scenario
// firewalled: one host in a browser inside a locked-down network, one outside, each with only its own
// ICE servers and no transport policy (FirewalledChromiumIT).
//
// Prints one JSON line on stdout (also written to resultFile):
//   { browserVersion, failed: null | "<step>: <why>", pages: [ { name, id, self, meta, sizes, errors,
//     log, events, chatReceived, chatRefusal, publishRefusals, samples, transport, from } ] }
// where samples.<phase><1|2> maps a remote participant id to { audioPacketsReceived, videoFramesDecoded,
// videoPacketsReceived } (phases: joined, unmuted, viewer). The script judges nothing: it reports what
// the pages saw, including after a failed step. Exit code 0 when the JSON was written, 2 on a usage or
// launch failure.
import {
  flowing, inboundStats, newParticipantPage, recordPageStates, sampleTwice, startMeetingScript, transportStats,
  writeResult, openPage,
} from './meeting-stats.mjs';

const { args, browser, insideBrowser, output, sampleGapMs, waitFor } = await startMeetingScript('sdk-meeting.mjs',
  ['scenario', 'chromium', 'baseUrl', 'hosts', 'resultFile'], { stepTimeoutMs: 15000, sampleGapMs: 2000, pollMs: 200 });

// --- one page per participant --------------------------------------------------------------------

const pages = [];

async function open(participant, joinThroughUrl, options = { iceServers: args.iceServers, iceTransportPolicy: 'relay' }) {
  const { page } = await newParticipantPage(participant.inside ? insideBrowser : browser, participant.name);
  const record = { name: participant.name, id: null, sizes: {}, events: [], samples: {}, errors: [], log: [] };
  const p = { name: participant.name, page, record };
  pages.push(p);
  output.pages.push(record);
  if (joinThroughUrl) {
    await openPage(page, `${args.baseUrl}/?authToken=${encodeURIComponent(participant.token)}`);
  } else {
    await openPage(page, `${args.baseUrl}/`);
    await waitFor('demo page loaded', () => page.evaluate(() => window.edgeway !== undefined));
    await page.evaluate(({ token, extra }) => {
      window.edgeway.start({ authToken: token, ...extra });
    }, { token: participant.token, extra: options });
  }
  return p;
}

/** What a page's SDK says about itself and the meeting. */
const read = (p) => p.page.evaluate(() => {
  const m = window.edgeway?.meeting;
  if (!m) return { phase: window.edgeway?.state.phase ?? null };
  return {
    phase: window.edgeway.state.phase,
    id: m.self.id,
    size: m.participants.joined.size(),
    self: {
      id: m.self.id, name: m.self.name, customParticipantId: m.self.customParticipantId, presetName: m.self.presetName,
      permissions: m.self.permissions, audioEnabled: m.self.audioEnabled, videoEnabled: m.self.videoEnabled,
      roomState: m.self.roomState,
    },
    meta: { meetingId: m.meta.meetingId, meetingTitle: m.meta.meetingTitle, sessionId: m.meta.sessionId },
  };
});
const stats = (p) => inboundStats(p.page);

async function joinedWith(step, group, size) {
  await waitFor(step, async () => {
    for (const p of group) {
      const s = await read(p);
      if (s.phase === 'failed') {
        const log = await p.page.evaluate(() => window.edgeway.state.log);
        throw new Error(`${step}: ${p.name} could not join: ${log.filter((l) => l.includes('error')).join('; ')}`);
      }
      if (s.phase !== 'joined' || s.size !== size) return false;
      Object.assign(p.record, { id: s.id, self: s.self, meta: s.meta });
      p.record.sizes[step] = s.size;
    }
    return true;
  });
}

/** Waits until every page of `receivers` gets audio packets and decoded frames from each of `senders`. */
async function mediaFlows(step, receivers, senders) {
  await waitFor(step, async () => {
    for (const p of receivers) {
      const s = await stats(p);
      for (const from of senders) {
        if (from === p) continue;
        if (!flowing(s[from.record.id])) return false;
      }
    }
    return true;
  });
}

const sample = (phase, group) => sampleTwice(phase, group, sampleGapMs);

/**
 * Calls one SDK method on the page's meeting and reports { ok: true } or { ok: false, code, message }.
 * (Named actions rather than source text: the page's Content-Security-Policy forbids eval.)
 */
const attempt = (p, action, arg) => p.page.evaluate(async ({ action: name, arg: value }) => {
  const m = window.edgeway.meeting;
  const actions = {
    chat: (text) => m.chat.sendTextMessage(text),
    chatOfLength: (n) => m.chat.sendTextMessage('x'.repeat(n)),
    enableAudio: () => m.self.enableAudio(),
    disableAudio: () => m.self.disableAudio(),
    enableVideo: () => m.self.enableVideo(),
  };
  try {
    await actions[name](value);
    return { ok: true };
  } catch (err) {
    return { ok: false, code: err.code ?? null, message: String(err.message ?? err) };
  }
}, { action, arg });

// --- the scenarios -----------------------------------------------------------------------------

async function meetingScenario() {
  const [ann, ben] = [await open(args.hosts[0], true), await open(args.hosts[1], true)];
  const hosts = [ann, ben];
  await joinedWith('hostsJoined', hosts, 1);
  await mediaFlows('hosts media', hosts, hosts);
  await sample('joined', hosts);

  // Chat: Ann -> Ben, and a message one character over the limit.
  const text = `hello from ${ann.name}`;
  ann.record.chatSend = await attempt(ann, 'chat', text);
  ben.record.chatReceived = await waitFor('chatUpdate', () => ben.page.evaluate((t) => {
    const m = window.edgeway.meeting.chat.messages.find((x) => x.message === t);
    return m ? { participantId: m.participantId, displayName: m.displayName, message: m.message } : null;
  }, text));
  ann.record.chatRefusal = await attempt(ann, 'chatOfLength', 4001);

  // Ben mutes and unmutes; Ann records the participant events.
  await ann.page.evaluate(() => {
    window.sdkEvents = [];
    window.edgeway.meeting.participants.joined.on('audioUpdate', (p) => {
      window.sdkEvents.push({ event: 'audioUpdate', participantId: p.id, audioEnabled: p.audioEnabled });
    });
  });
  ben.record.disableAudio = await attempt(ben, 'disableAudio');
  const benId = ben.record.id;
  const seen = (enabled) => ann.page.evaluate(({ id, on }) =>
    window.sdkEvents.some((e) => e.participantId === id && e.audioEnabled === on), { id: benId, on: enabled });
  await waitFor('audioUpdate off', () => seen(false));
  ben.record.selfAfterDisable = (await read(ben)).self;
  ben.record.enableAudio = await attempt(ben, 'enableAudio');
  await waitFor('audioUpdate on', () => seen(true));
  ann.record.events = await ann.page.evaluate(() => window.sdkEvents);
  await sample('unmuted', hosts);

  // Vic, a viewer: joins, receives both, may not publish or chat.
  const vic = await open(args.viewer, true);
  await joinedWith('viewerJoined', [ann, ben, vic], 2);
  vic.record.publishRefusals = {
    audio: await attempt(vic, 'enableAudio'),
    video: await attempt(vic, 'enableVideo'),
  };
  vic.record.chatRefusal = await attempt(vic, 'chat', 'hello from a viewer');
  await mediaFlows('viewer media', [vic], hosts);
  await sample('viewer', [ann, ben, vic]);
  for (const p of [ann, ben]) {
    // What each host's SDK knows of Vic: its state and any track from it.
    p.record.viewerSeen = await p.page.evaluate((id) => {
      const v = window.edgeway.meeting.participants.joined.get(id);
      return v ? { presetName: v.presetName, audioEnabled: v.audioEnabled, videoEnabled: v.videoEnabled,
        audioTrack: Boolean(v.audioTrack), videoTrack: Boolean(v.videoTrack) } : null;
    }, vic.record.id);
  }
  vic.record.selfAfterRefusals = (await read(vic)).self;
}

async function relayScenario() {
  const hosts = [await open(args.hosts[0], false), await open(args.hosts[1], false)];
  await joinedWith('hostsJoined', hosts, 1);
  await mediaFlows('hosts media', hosts, hosts);
  await sample('joined', hosts);
  for (const p of hosts) p.record.transport = await transportStats(p.page);
}

/**
 * A host inside a locked-down network namespace (hosts[i].inside: its own browser, args.insideChromium)
 * and one outside, each opening the page at baseUrl and joining with its token and only the ICE
 * servers it was given (hosts[i].iceServers, none by default) and transport policy (hosts[i].iceTransportPolicy,
 * none by default: whatever path the network leaves open is the one ICE finds).
 */
async function firewalledScenario() {
  const hosts = [];
  for (const h of args.hosts) {
    const options = {};
    if (h.iceServers) options.iceServers = h.iceServers;
    if (h.iceTransportPolicy) options.iceTransportPolicy = h.iceTransportPolicy;
    hosts.push(await open(h, false, options));
  }
  for (const p of hosts) p.record.inside = Boolean(args.hosts.find((h) => h.name === p.name)?.inside);
  await joinedWith('hostsJoined', hosts, 1);
  await mediaFlows('hosts media', hosts, hosts);
  await sample('joined', hosts);
  for (const p of hosts) {
    p.record.transport = await transportStats(p.page);
    p.record.pageUrl = p.page.url();
  }
  if (args.diagnostics) {
    // The network check from the inside browser, with the participant's own token.
    for (const h of args.hosts.filter((x) => x.inside)) {
      const record = hosts.find((p) => p.name === h.name).record;
      const { page } = await newParticipantPage(insideBrowser, `${h.name}-diagnostics`);
      await openPage(page, `${args.baseUrl}/diagnostics?authToken=${encodeURIComponent(h.token)}`);
      record.diagnostics = await waitFor('network check', () => page.evaluate(() =>
        (window.diagnostics?.done ? { results: window.diagnostics.results, details: window.diagnostics.details,
          error: window.diagnostics.error ?? null } : null)));
    }
  }
}

try {
  if (args.scenario === 'meeting') await meetingScenario();
  else if (args.scenario === 'relay') await relayScenario();
  else if (args.scenario === 'firewalled') await firewalledScenario();
  else throw new Error(`unknown scenario ${args.scenario}`);
} catch (err) {
  output.failed = err && err.message ? err.message : String(err);
} finally {
  await recordPageStates(pages, async (p) => {
    if (!p.record.id) p.record.id = (await read(p)).id ?? null;
  });
  await browser.close();
  if (insideBrowser) await insideBrowser.close();
}
writeResult(args.resultFile, output);
