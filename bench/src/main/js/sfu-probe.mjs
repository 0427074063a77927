// The SFU load harness's Chromium probes (issue #12): during a run's measurement window a headless
// Chromium publisher (fake camera from a y4m file, fake microphone) and a subscriber join the first room
// of the running scenario, next to the synthetic participants; the subscriber's getStats for the
// publisher's video go into the report. Against Edgeway the pages use Edgeway's own browser SDK
// (/sdk/edgeway-rtk.js); against Janus a minimal janus.js-like client of the VideoRoom below. Chromium is
// started through stun-turn's shared launcher, and playwright-core resolves from that folder's
// node_modules (scripts/test.sh runs npm ci there).
//
// Usage: node sfu-probe.mjs '<json>' with json:
//   { "chromium": "/usr/bin/chromium", "server": "edgeway" | "janus",
//     "baseUrl": "http://host:port" (edgeway), "wsUrl": "ws://host:port/" (janus),
//     "meeting": "<open session name>", "tokens": {"probe-publisher": ..., "probe-subscriber": ...} (edgeway,
//     tokens for token joins), "room": <id> (janus),
//     "listen": "<address the probe pages are served from>", "y4m": "/abs/camera.y4m",
//     "durationMs": 15000, "stepTimeoutMs": 20000, "resultFile": "/abs/probe.json",
//     "pages": n (edgeway only, optional: instead of the publisher/subscriber pair, n pages that all
//     publish and receive, named probe-page-0..n-1, as participants of a meeting do) }
// Writes one JSON line: { browserVersion, failed, publisher: {joined}, subscriber: {samples: [ {t,
// framesDecoded, freezeCount, totalFreezesDuration, jitterBufferDelay, jitterBufferEmittedCount,
// framesPerSecond, frameWidth, frameHeight, packetsLost, packetsReceived} ], last: {...}} }.
// With "pages": { browserVersion, failed, pages: [ {name, from: {<other page>: {audio: [a0, a1],
// frames: [f0, f1]}}, activeAudio, activeVideo, inboundStreams} ] }: packets and frames from each other page
// at two samples 3 s apart, and how many inbound streams received packets between them (slots in use).
// It judges nothing. Exit 0 when the JSON was written, 2 on a usage or launch failure.
import { createServer } from 'node:http';
import { writeFileSync } from 'node:fs';
import { FAKE_MEDIA_FLAGS, launchBrowser } from '../../../../stun-turn/src/test/js/chromium-launch.mjs';

const args = JSON.parse(process.argv[2] ?? '{}');
for (const key of ['chromium', 'server', 'listen', 'y4m', 'durationMs', 'resultFile']) {
  if (args[key] === undefined) {
    console.error(`sfu-probe.mjs: the json argument needs "${key}"`);
    process.exit(2);
  }
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const stepTimeoutMs = args.stepTimeoutMs ?? 20000;
const output = { browserVersion: null, failed: null, publisher: { joined: false }, subscriber: { joined: false, samples: [], last: null } };

// The pages come from a server of this script on the generator's side, so that getUserMedia has an
// origin (made secure by flag when it is not loopback).
const http = createServer((req, res) => { res.writeHead(200, { 'content-type': 'text/html' }); res.end('<!doctype html><title>probe</title>'); });
await new Promise((r) => http.listen(0, args.listen, r));
const origin = `http://${args.listen}:${http.address().port}`;

let browser;
try {
  browser = await launchBrowser({
    chromium: args.chromium,
    extraArgs: [...FAKE_MEDIA_FLAGS, `--use-file-for-fake-video-capture=${args.y4m}`,
      '--autoplay-policy=no-user-gesture-required', `--unsafely-treat-insecure-origin-as-secure=${origin}`],
  });
} catch (err) {
  console.error(err && err.stack ? err.stack : String(err));
  process.exit(2);
}
output.browserVersion = browser.version();

async function page(name) {
  const context = await browser.newContext();
  const p = await context.newPage();
  p.on('console', (m) => { if (m.type() === 'error') console.error(`[${name}] ${m.text()}`); });
  await p.goto(`${origin}/`);
  return p;
}

async function waitFor(step, check) {
  const deadline = Date.now() + stepTimeoutMs;
  while (Date.now() < deadline) {
    const v = await check();
    if (v) return v;
    await sleep(250);
  }
  throw new Error(`${step}: not done within ${stepTimeoutMs} ms`);
}

// ------------------------------------------------------------------ in-page clients (run in Chromium)

// Edgeway: the product's SDK; window.probe.stats() returns the inbound video of the named publisher.
async function edgewayPage(p, { baseUrl, meeting, token, name, publish, watch }) {
  await p.evaluate(async ({ baseUrl, meeting, token, name, publish, watch }) => {
    const { default: EdgewayRTK } = await import(`${baseUrl}/sdk/edgeway-rtk.js`);
    const m = await EdgewayRTK.init({ ...(token ? { authToken: token } : { openSession: { meeting, name } }),
      baseURI: baseUrl, defaults: { audio: publish, video: publish } });
    await m.join();
    window.probe = {
      joined: true,
      // Per other participant: audio packets and video frames received so far (its slots' tracks now),
      // and every inbound stream's packet count (to see how many slots carry media at once).
      async inbound() {
        const report = await m.getStats();
        const byTrack = new Map();
        report.forEach((s) => { if (s.type === 'inbound-rtp') byTrack.set(s.trackIdentifier, s); });
        const from = {};
        for (const x of m.participants.joined.values()) {
          from[x.name] = { audio: byTrack.get(x.audioTrack?.id)?.packetsReceived ?? 0,
            frames: byTrack.get(x.videoTrack?.id)?.framesDecoded ?? 0 };
        }
        const streams = [];
        report.forEach((s) => { if (s.type === 'inbound-rtp') streams.push({ id: s.id, kind: s.kind, packets: s.packetsReceived ?? 0 }); });
        return { from, streams };
      },
      async stats() {
        const who = m.participants.joined.toArray().find((x) => x.name === watch);
        if (!who || !who.videoTrack) return null;
        const report = await m.getStats();
        let found = null;
        report.forEach((s) => { if (s.type === 'inbound-rtp' && s.kind === 'video' && s.trackIdentifier === who.videoTrack.id) found = s; });
        return found;
      },
    };
  }, { baseUrl, meeting, token, name, publish, watch });
}

// Janus: the JSON API over WebSocket with the VideoRoom, as janus.js does it: a publisher handle (joins,
// publishes when asked) and, to watch, one subscriber handle on every feed, the watched one included.
async function janusPage(p, { wsUrl, room, name, publish, watch }) {
  await p.evaluate(async ({ wsUrl, room, name, publish, watch }) => {
    const ws = new WebSocket(wsUrl, 'janus-protocol');
    await new Promise((r, j) => { ws.onopen = r; ws.onerror = j; });
    let next = 0;
    const waiting = new Map();
    const handlers = new Map();
    ws.onmessage = (e) => {
      const m = JSON.parse(e.data);
      if (m.janus === 'ack') return;
      if (m.transaction && waiting.has(m.transaction) && m.janus !== 'event') { waiting.get(m.transaction)(m); waiting.delete(m.transaction); return; }
      if (m.janus === 'event' && handlers.has(m.sender)) handlers.get(m.sender)(m);
    };
    const call = (msg) => new Promise((r) => { const t = `p${next++}`; waiting.set(t, r); ws.send(JSON.stringify({ ...msg, transaction: t })); });
    const session = (await call({ janus: 'create' })).data.id;
    setInterval(() => ws.send(JSON.stringify({ janus: 'keepalive', session_id: session, transaction: `k${next++}` })), 20000);
    const attach = async () => (await call({ janus: 'attach', session_id: session, plugin: 'janus.plugin.videoroom' })).data.id;
    const send = (handle, body, jsep) => ws.send(JSON.stringify({ janus: 'message', session_id: session, handle_id: handle, body, jsep, transaction: `m${next++}` }));
    const pub = await attach();
    const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
    const feeds = new Map();
    let sub = null;
    let subPc = null;
    let subscribed = new Set();
    const publishers = (list) => { for (const f of list || []) feeds.set(f.id, f.display); };
    const joined = new Promise((resolve) => handlers.set(pub, async (m) => {
      const d = m.plugindata.data;
      publishers(d.publishers);
      if (m.jsep && m.jsep.type === 'answer') await pc.setRemoteDescription(m.jsep);
      if (d.videoroom === 'joined') resolve();
    }));
    if (publish) {
      const media = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 960, height: 540 } });
      media.getTracks().forEach((t) => pc.addTransceiver(t, { direction: 'sendonly', streams: [media] }));
      await pc.setLocalDescription();
      await new Promise((r) => { if (pc.iceGatheringState === 'complete') r(); else pc.onicegatheringstatechange = () => { if (pc.iceGatheringState === 'complete') r(); }; });
      send(pub, { request: 'joinandconfigure', ptype: 'publisher', room, display: name }, { type: 'offer', sdp: pc.localDescription.sdp });
    } else {
      send(pub, { request: 'join', ptype: 'publisher', room, display: name });
    }
    await joined;
    const subscribe = async () => {
      const fresh = [...feeds.keys()].filter((id) => !subscribed.has(id));
      if (!fresh.length) return;
      fresh.forEach((id) => subscribed.add(id));
      const streams = fresh.map((feed) => ({ feed }));
      if (!sub) {
        sub = await attach();
        subPc = new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
        window.probeMids = new Map();
        handlers.set(sub, async (m) => {
          const d = m.plugindata.data;
          for (const s of d.streams || []) window.probeMids.set(s.mid, `${s.type}:${s.feed_display}`);
          if (m.jsep && m.jsep.type === 'offer') {
            await subPc.setRemoteDescription(m.jsep);
            await subPc.setLocalDescription();
            send(sub, { request: 'start' }, { type: 'answer', sdp: subPc.localDescription.sdp });
          }
        });
        send(sub, { request: 'join', ptype: 'subscriber', room, streams });
      } else {
        send(sub, { request: 'subscribe', streams });
      }
    };
    if (watch) {
      await subscribe();
      handlers.set(pub, async (m) => { publishers(m.plugindata.data.publishers); await subscribe(); });
    }
    window.probe = {
      joined: true,
      async stats() {
        if (!subPc) return null;
        const mid = [...(window.probeMids || new Map()).entries()].find(([, what]) => what === `video:${watch}`)?.[0];
        if (mid === undefined) return null;
        const t = subPc.getTransceivers().find((x) => x.mid === mid && x.receiver.track.kind === 'video');
        if (!t) return null;
        const report = await subPc.getStats(t.receiver.track);
        let found = null;
        report.forEach((s) => { if (s.type === 'inbound-rtp' && s.kind === 'video') found = s; });
        return found;
      },
    };
  }, { wsUrl, room, name, publish, watch });
}

const publisherName = 'probe-publisher';
const subscriberName = 'probe-subscriber';
const start = Date.now();

/** Meeting pages: n pages that all publish and receive; each samples what it got from the others, twice. */
async function meetingPages(n) {
  const names = Array.from({ length: n }, (_, i) => `probe-page-${i}`);
  const pages = [];
  for (const name of names) {
    const p = await page(name);
    await edgewayPage(p, { baseUrl: args.baseUrl, meeting: args.meeting, token: args.tokens?.[name], name, publish: true, watch: null });
    pages.push({ name, p });
  }
  // Media from every other page first (each decodes the others' video and hears them).
  await waitFor('media between the pages', async () => {
    for (const { name, p } of pages) {
      const { from } = await p.evaluate(() => window.probe.inbound());
      for (const other of names) {
        if (other !== name && !(from[other]?.frames > 10 && from[other]?.audio > 0)) return false;
      }
    }
    return true;
  });
  const first = await Promise.all(pages.map(({ p }) => p.evaluate(() => window.probe.inbound())));
  await sleep(3000);
  const second = await Promise.all(pages.map(({ p }) => p.evaluate(() => window.probe.inbound())));
  output.pages = pages.map(({ name }, i) => {
    const from = {};
    for (const other of names) {
      if (other === name) continue;
      from[other] = { audio: [first[i].from[other]?.audio ?? 0, second[i].from[other]?.audio ?? 0],
        frames: [first[i].from[other]?.frames ?? 0, second[i].from[other]?.frames ?? 0] };
    }
    const before = new Map(first[i].streams.map((s) => [s.id, s.packets]));
    const active = second[i].streams.filter((s) => s.packets > (before.get(s.id) ?? 0));
    return { name, from, activeAudio: active.filter((s) => s.kind === 'audio').length,
      activeVideo: active.filter((s) => s.kind === 'video').length, inboundStreams: second[i].streams.length };
  });
}

try {
  if (args.pages) {
    if (args.server !== 'edgeway') throw new Error('meeting pages are for edgeway');
    await meetingPages(args.pages);
  } else {
    const pubPage = await page(publisherName);
    const join = args.server === 'edgeway'
      ? (p, o) => edgewayPage(p, { baseUrl: args.baseUrl, meeting: args.meeting, token: args.tokens?.[o.name], ...o })
      : (p, o) => janusPage(p, { wsUrl: args.wsUrl, room: args.room, ...o });
    await join(pubPage, { name: publisherName, publish: true, watch: null });
    output.publisher.joined = true;
    const subPage = await page(subscriberName);
    await join(subPage, { name: subscriberName, publish: false, watch: publisherName });
    output.subscriber.joined = true;
    await waitFor('video from the probe publisher', async () => (await subPage.evaluate(() => window.probe.stats()))?.framesDecoded > 0);
    const pick = (s) => s && ({
      framesDecoded: s.framesDecoded, freezeCount: s.freezeCount, totalFreezesDuration: s.totalFreezesDuration,
      jitterBufferDelay: s.jitterBufferDelay, jitterBufferEmittedCount: s.jitterBufferEmittedCount,
      framesPerSecond: s.framesPerSecond, frameWidth: s.frameWidth, frameHeight: s.frameHeight,
      packetsLost: s.packetsLost, packetsReceived: s.packetsReceived,
    });
    while (Date.now() - start < args.durationMs) {
      const s = pick(await subPage.evaluate(() => window.probe.stats()));
      if (s) {
        output.subscriber.samples.push({ t: Date.now() - start, ...s });
        output.subscriber.last = s;
      }
      await sleep(1000);
    }
  }
} catch (err) {
  output.failed = err && err.message ? err.message : String(err);
}
const line = `${JSON.stringify(output)}\n`;
writeFileSync(args.resultFile, line);
process.stdout.write(line);
await browser.close().catch(() => {});
http.close();
process.exit(0);
