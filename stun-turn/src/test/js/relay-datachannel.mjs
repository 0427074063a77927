// Two RTCPeerConnections in one headless Chromium page, each allowed only relay candidates from one
// TURN server URL, connect relay-to-relay and echo a data-channel message. Driven by ChromiumRelayIT.
//
// Usage: node relay-datachannel.mjs '<json>'   with json:
//   {
//     "chromium": "/usr/bin/chromium",          // never a downloaded browser
//     "userDataDir": "/abs/fresh/profile/dir",  // a new, empty folder per run
//     "extraArgs": ["--ignore-certificate-errors"],   // optional, added to chromium-launch.mjs's fixed flags
//     "env": {"HOME": "/abs/throwaway/home"},  // optional, merged into Chromium's environment
//     "caseTimeoutMs": 20000,
//     "resultFile": "/abs/result.json",       // optional: the result is also written here
//     "cases": [ { "name": "udp", "url": "turn:127.0.0.1:3478?transport=udp",
//                  "username": "alice", "credential": "secretpw" } ]
//   }
// Prints exactly one JSON line on stdout (and writes it to resultFile when given):
//   { "browserVersion": "...", "results": [ { "name", "url", "connected", "echoed",
//     "localCandidateType", "remoteCandidateType", "localRelayProtocol", "error", "log": [...] } ] }
// Exit code 0 when the JSON was printed (whatever the results say), 2 on a usage or launch failure.
import { writeFileSync } from 'node:fs';
import { launchPersistent } from './chromium-launch.mjs';

/** Runs inside the page: one relay-only connection pair over `server`, returns what happened. */
async function relayPairInPage({ server, timeoutMs }) {
  const log = [];
  const note = (m) => log.push(`${Math.round(performance.now())}ms ${m}`);
  const config = {
    iceServers: [{ urls: [server.url], username: server.username, credential: server.credential }],
    iceTransportPolicy: 'relay',
  };
  const a = new RTCPeerConnection(config);
  const b = new RTCPeerConnection(config);
  const result = {
    connected: false, echoed: false,
    localCandidateType: null, remoteCandidateType: null, localRelayProtocol: null,
    candidatesA: [], candidatesB: [], error: null, log,
  };
  // Trickle ICE between the two connections in the same page; only relay candidates are gathered.
  a.onicecandidate = (e) => { if (e.candidate) { result.candidatesA.push(e.candidate.candidate); b.addIceCandidate(e.candidate).catch((err) => note(`b.addIceCandidate: ${err}`)); } };
  b.onicecandidate = (e) => { if (e.candidate) { result.candidatesB.push(e.candidate.candidate); a.addIceCandidate(e.candidate).catch((err) => note(`a.addIceCandidate: ${err}`)); } };
  a.onicecandidateerror = (e) => note(`a candidate error ${e.errorCode} ${e.errorText} ${e.url}`);
  b.onicecandidateerror = (e) => note(`b candidate error ${e.errorCode} ${e.errorText} ${e.url}`);
  a.oniceconnectionstatechange = () => note(`a ice ${a.iceConnectionState}`);
  b.oniceconnectionstatechange = () => note(`b ice ${b.iceConnectionState}`);

  const payload = `edgeway-echo-${Math.random().toString(36).slice(2)}`;
  b.ondatachannel = (e) => {
    const ch = e.channel;
    ch.onmessage = (m) => ch.send(`echo:${m.data}`);
  };
  const channel = a.createDataChannel('echo');
  const echoed = new Promise((resolve) => {
    channel.onopen = () => { note('channel open'); channel.send(payload); };
    channel.onmessage = (m) => resolve(m.data);
  });
  const timeout = new Promise((resolve) => setTimeout(() => resolve(null), timeoutMs));
  // A side that finished gathering without a single relay candidate can never connect: stop early.
  const noCandidates = new Promise((resolve) => {
    const check = () => {
      if ((a.iceGatheringState === 'complete' && result.candidatesA.length === 0)
          || (b.iceGatheringState === 'complete' && result.candidatesB.length === 0)) {
        note('gathering completed without a relay candidate');
        resolve(null);
      }
    };
    a.addEventListener('icegatheringstatechange', check);
    b.addEventListener('icegatheringstatechange', check);
  });

  try {
    await a.setLocalDescription(await a.createOffer());
    await b.setRemoteDescription(a.localDescription);
    await b.setLocalDescription(await b.createAnswer());
    await a.setRemoteDescription(b.localDescription);

    const reply = await Promise.race([echoed, timeout, noCandidates]);
    result.echoed = reply === `echo:${payload}`;
    if (reply === null) note('no echo');

    result.connected = ['connected', 'completed'].includes(a.iceConnectionState)
      && ['connected', 'completed'].includes(b.iceConnectionState);
    const stats = await a.getStats();
    let pair = null;
    stats.forEach((s) => {
      if (s.type === 'transport' && s.selectedCandidatePairId) pair = stats.get(s.selectedCandidatePairId);
    });
    if (!pair) stats.forEach((s) => { if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded') pair = s; });
    if (pair) {
      const local = stats.get(pair.localCandidateId);
      const remote = stats.get(pair.remoteCandidateId);
      result.localCandidateType = local ? local.candidateType : null;
      result.remoteCandidateType = remote ? remote.candidateType : null;
      result.localRelayProtocol = local ? (local.relayProtocol ?? null) : null;
    }
  } catch (err) {
    result.error = String(err);
  } finally {
    a.close();
    b.close();
  }
  return result;
}

async function main() {
  if (process.argv.length !== 3) {
    console.error('usage: node relay-datachannel.mjs <json>');
    process.exit(2);
  }
  const args = JSON.parse(process.argv[2]);
  if (!args.chromium || !args.userDataDir || !Array.isArray(args.cases)) {
    console.error('json needs chromium, userDataDir and cases');
    process.exit(2);
  }
  const context = await launchPersistent({
    chromium: args.chromium, userDataDir: args.userDataDir, extraArgs: args.extraArgs, env: args.env,
  });
  const output = { browserVersion: context.browser()?.version() ?? null, results: [] };
  try {
    const page = context.pages()[0] ?? await context.newPage();
    // No HTTP server: a blank document is a secure-enough context for RTCPeerConnection.
    await page.setContent('<!doctype html><title>edgeway relay</title>');
    for (const c of args.cases) {
      const r = await page.evaluate(relayPairInPage, {
        server: { url: c.url, username: c.username, credential: c.credential },
        timeoutMs: args.caseTimeoutMs ?? 20000,
      });
      output.results.push({ name: c.name, url: c.url, ...r });
    }
  } finally {
    await context.close();
  }
  const line = `${JSON.stringify(output)}\n`;
  if (args.resultFile) writeFileSync(args.resultFile, line);
  process.stdout.write(line);
}

main().catch((err) => {
  console.error(err && err.stack ? err.stack : String(err));
  process.exit(2);
});
