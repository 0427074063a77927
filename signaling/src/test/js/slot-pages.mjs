// What the slot scripts (simulcast-shaped.mjs, speaker-change.mjs) share: a bare page on the server's origin
// that runs Edgeway's browser SDK (/sdk/edgeway-rtk.js) with no demo-page layout of its own (so that the
// server's default view decides, a stage and thumbnails), plays every received track, and records, with
// Date.now() times, the slot messages the server sent (slotsUpdate, layers, activeSpeaker) and getStats
// samples: each slot's inbound figures by mid, each simulcast layer's outbound figures by rid, the
// microphone's level, the browser's own estimate of its uplink. Edgeway does not serve the page: it is written over a document the server did serve
// (the SDK's own URL, shown as text), so it has the server's origin and address space (Chromium's local
// network access checks refuse a page of unknown address space a socket to loopback) and loads the real
// SDK, WebSocket and media; its context bypasses the server's Content-Security-Policy, which allows no
// inline script. Nothing here judges anything.

import { openPage } from './meeting-stats.mjs';

/** The server's document the page is written over: the SDK itself, which every Edgeway with the SFU serves. */
const BASE_DOCUMENT_PATH = '/sdk/edgeway-rtk.js';

/** Server messages the page keeps, in arrival order, each with its arrival time t (Date.now()). */
const RECORDED_TYPES = ['slotsUpdate', 'layers', 'activeSpeaker'];

const SLOT_PAGE = `<!doctype html>
<meta charset="utf-8">
<title>Edgeway slot test page</title>
<body>
<script type="module">
import EdgewayRTK from '/sdk/edgeway-rtk.js';

const recorded = new Set(${JSON.stringify(RECORDED_TYPES)});
const messages = [];
const samples = [];
const log = [];
const errors = [];
const state = { id: null, phase: 'idle', settings: null };
let meeting = null;
let sampler = null;

// The server's slot messages, as the SDK receives them (it opens its socket with the global WebSocket).
const NativeWebSocket = window.WebSocket;
window.WebSocket = class RecordingWebSocket extends NativeWebSocket {
  constructor(...args) {
    super(...args);
    this.addEventListener('message', (e) => {
      try {
        const m = JSON.parse(e.data);
        if (recorded.has(m.type)) messages.push({ t: Date.now(), ...m });
      } catch (err) {
        log.push(\`unreadable message: \${err}\`);
      }
    });
  }
};

// Every received track plays (Chromium decodes remote audio only for a sink that pulls it).
const NativePeerConnection = window.RTCPeerConnection;
window.RTCPeerConnection = class PlayingPeerConnection extends NativePeerConnection {
  constructor(...args) {
    super(...args);
    this.addEventListener('track', (e) => {
      const element = document.createElement(e.track.kind === 'audio' ? 'audio' : 'video');
      element.autoplay = true;
      element.muted = e.track.kind === 'video';
      element.srcObject = new MediaStream([e.track]);
      document.body.append(element);
      element.play().catch((err) => { if (err.name !== 'AbortError') log.push(\`play: \${err}\`); });
    });
  }
};

async function sample() {
  const report = meeting ? await meeting.getStats() : null;
  if (!report) return;
  const s = { t: Date.now(), in: [], out: [], mic: null, outgoingBps: null };
  report.forEach((x) => {
    if (x.type === 'transport' && x.selectedCandidatePairId) {
      s.outgoingBps = report.get(x.selectedCandidatePairId)?.availableOutgoingBitrate ?? null;
    }
    if (x.type === 'inbound-rtp') {
      s.in.push({ mid: x.mid, kind: x.kind, packets: x.packetsReceived ?? 0, lost: x.packetsLost ?? 0,
        frames: x.framesDecoded ?? 0, keyFrames: x.keyFramesDecoded ?? 0, width: x.frameWidth ?? 0,
        height: x.frameHeight ?? 0,
        freezes: x.freezeCount ?? 0, freezeMs: Math.round((x.totalFreezesDuration ?? 0) * 1000),
        level: x.audioLevel ?? 0, bytes: x.bytesReceived ?? 0 });
    } else if (x.type === 'outbound-rtp' && x.kind === 'video') {
      const remote = x.remoteId ? report.get(x.remoteId) : null;
      s.out.push({ rid: x.rid ?? null, width: x.frameWidth ?? 0, height: x.frameHeight ?? 0, frames: x.framesEncoded ?? 0,
        bytes: x.bytesSent ?? 0, limitation: x.qualityLimitationReason ?? null, nacks: x.nackCount ?? 0,
        resent: x.retransmittedPacketsSent ?? 0, plis: x.pliCount ?? 0, lost: remote?.packetsLost ?? null,
        fractionLost: remote?.fractionLost ?? null });
    } else if (x.type === 'media-source' && x.kind === 'audio') {
      s.mic = x.audioLevel ?? 0;
    }
  });
  samples.push(s);
}

window.slotPage = {
  /** init + join with a token and SDK defaults; resolves with the participant's id. */
  async join(authToken, defaults) {
    meeting = await EdgewayRTK.init({ authToken, defaults, log: (line) => log.push(\`\${Date.now()} \${line}\`) });
    meeting.on('error', ({ code }) => errors.push(code));
    state.phase = 'joining';
    await meeting.join();
    state.phase = 'joined';
    state.id = meeting.self.id;
    state.settings = meeting.self.videoTrack ? meeting.self.videoTrack.getSettings() : null;
    return state.id;
  },
  /** Samples getStats every periodMs from now on (one sample at a time: a slow one delays the next). */
  startSampling(periodMs) {
    if (sampler) return;
    sampler = true;
    const loop = async () => {
      if (!sampler) return;
      try {
        await sample();
      } catch (err) {
        log.push(\`getStats: \${err}\`);
      }
      setTimeout(loop, periodMs);
    };
    loop();
  },
  stopSampling() { sampler = null; },
  /** The ids of the others in the meeting. */
  others: () => (meeting ? [...meeting.participants.joined.keys()] : []),
  /**
   * The latest sample's inbound entry of the slot of \`kind\` that \`participantId\` occupies by the latest
   * slotsUpdate, or null.
   */
  slotNow(kind, participantId) {
    const update = messages.findLast((m) => m.type === 'slotsUpdate');
    const entry = update ? (update[kind] ?? []).find((e) => e.participantId === participantId) : null;
    return entry ? samples.at(-1)?.in.find((x) => x.mid === entry.mid) ?? null : null;
  },
  leave: () => meeting?.leave(),
  state,
  messages,
  samples,
  log,
  errors,
};
</script>
`;

/**
 * Opens the slot page of participant `name` in a new context of `browser`, at `baseUrl` (the origin this
 * browser reaches the server at). Console errors go to stderr as "[name] ...". Returns { context, page }.
 */
export async function openSlotPage(browser, baseUrl, name) {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') console.error(`[${name}] ${m.text()}`); });
  await openPage(page, `${baseUrl}${BASE_DOCUMENT_PATH}`);
  await page.setContent(SLOT_PAGE);
  await page.waitForFunction(() => window.slotPage !== undefined, null, { timeout: 15000 });
  return { context, page };
}

/** Joins with `token` and SDK `defaults` (e.g. { audio: false, video: false }); the participant's id. */
export const joinSlotPage = (page, token, defaults) =>
  page.evaluate(({ t, d }) => window.slotPage.join(t, d), { t: token, d: defaults });

/** What a page recorded: { id, phase, settings, others, messages, samples, log, errors }. */
export const readSlotPage = (page) => page.evaluate(() => ({
  ...window.slotPage.state,
  others: window.slotPage.others(),
  messages: window.slotPage.messages,
  samples: window.slotPage.samples,
  log: window.slotPage.log,
  errors: window.slotPage.errors,
}));

/** The latest sample's inbound entry of the slot of `kind` that `participantId` occupies now, or null. */
export const slotNow = (page, kind, participantId) =>
  page.evaluate(({ k, p }) => window.slotPage.slotNow(k, p), { k: kind, p: participantId });

/**
 * Who occupies the slot with `mid` at time t, by the latest slotsUpdate received at or before t:
 * { participantId, height, screenShare } or null.
 */
export function occupantAt(messages, mid, t) {
  let found = null;
  for (const m of messages) {
    if (m.t > t) break;
    if (m.type !== 'slotsUpdate') continue;
    for (const entry of [...(m.audio ?? []), ...(m.video ?? [])]) {
      if (entry.mid === mid) found = entry;
    }
  }
  return found;
}

/** The sample's inbound entry of the slot of `kind` that `participantId` occupied at the sample's time, or null. */
export function slotOf(messages, sample, kind, participantId) {
  return sample.in.find((x) => x.kind === kind && occupantAt(messages, x.mid, sample.t)?.participantId === participantId)
    ?? null;
}

/**
 * What a page received from `participantId` in slots of `kind`, sample by sample: [{ t, mid, ...the inbound
 * figures }] for the samples in which one of its slots carried that participant.
 */
export function seriesOf(record, kind, participantId) {
  const series = [];
  for (const sample of record.samples) {
    const entry = slotOf(record.messages, sample, kind, participantId);
    if (entry) series.push({ t: sample.t, ...entry });
  }
  return series;
}
