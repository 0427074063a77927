// Lets a Java test negotiate with a real Chromium: ChromiumNegotiationTest starts it, reads the offer of
// the peer connection chromium-peer.mjs builds (the fixture's shape), and sends back the SFU's answer
// and later the SFU's own offers, which are applied to that same connection.
//
// Usage: node negotiate.mjs '{"chromium":..,"userDataDir":..}'
// Line protocol, one message per line, SDP and results base64-encoded (UTF-8):
//   stdout  ready <browserVersion>                       once Chromium runs
//   stdout  offer <sdp>                                  the connection's offer (already its local description)
//   stdin   answer <sdp>   -> stdout  result <props>     setRemoteDescription({type: 'answer'})
//   stdin   offer <sdp>    -> stdout  result <props>     setRemoteDescription({type: 'offer'}), then
//                                                        createAnswer and setLocalDescription
//   stdin   end            -> closes the browser and exits 0
// <props> is java.util.Properties text: ok, error, signalingState, answer (base64, after an offer),
// transceivers (mid:direction:currentDirection of each transceiver, comma-separated) and tracks
// (mid:kind:streamIds:readyState of every track event so far, streamIds joined by '+').
// Exit code 2 on a usage or launch failure.
import { createInterface } from 'node:readline';
import { launch, parseArgs, buildPeerConnectionInPage } from './chromium-peer.mjs';

const b64 = (text) => Buffer.from(text, 'utf8').toString('base64');
const unb64 = (text) => Buffer.from(text, 'base64').toString('utf8');
const say = (line) => process.stdout.write(`${line}\n`);

/** Runs in the page: applies one remote description and reports the connection's state. */
async function applyInPage({ type, sdp }) {
  const pc = window.pc;
  const props = {};
  try {
    await pc.setRemoteDescription({ type, sdp });
    if (type === 'offer') {
      const answer = await pc.createAnswer();
      await pc.setLocalDescription(answer);
      props.answer = btoa(pc.localDescription.sdp);
    }
    props.ok = 'true';
  } catch (err) {
    props.ok = 'false';
    props.error = String(err);
  }
  props.signalingState = pc.signalingState;
  props.transceivers = pc.getTransceivers()
    .map((t) => `${t.mid}:${t.direction}:${t.currentDirection}`).join(',');
  props.tracks = window.remoteTracks
    .map((t) => `${t.mid}:${t.track.kind}:${t.streams.join('+')}:${t.track.readyState}`).join(',');
  return props;
}

const args = parseArgs('negotiate.mjs');
let browser;
try {
  browser = await launch(args);
} catch (err) {
  console.error(err && err.stack ? err.stack : String(err));
  process.exit(2);
}
const { context, page, version } = browser;
try {
  say(`ready ${version}`);
  await page.evaluate(buildPeerConnectionInPage);
  const offer = await page.evaluate(async () => {
    const o = await window.pc.createOffer();
    await window.pc.setLocalDescription(o);
    return o.sdp;
  });
  say(`offer ${b64(offer)}`);
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    const [verb, payload] = line.split(' ');
    if (verb === 'end') break;
    if (verb !== 'answer' && verb !== 'offer') {
      console.error(`negotiate.mjs: unknown message ${verb}`);
      continue;
    }
    const props = await page.evaluate(applyInPage, { type: verb, sdp: unb64(payload) });
    const text = Object.entries(props)
      .map(([k, v]) => `${k}=${String(v).replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`).join('\n');
    say(`result ${b64(text)}`);
  }
} finally {
  await context.close();
}
