// Shared by capture-offer.mjs and negotiate.mjs: launches the Debian chromium through the tests' one
// launcher (stun-turn/src/test/js/chromium-launch.mjs, which resolves playwright-core from its own
// node_modules) and builds, inside a blank page, the peer connection whose offer is the SDP fixture: the
// fake microphone and camera tracks added with addTrack (sendrecv), then one recvonly audio and one
// recvonly video transceiver. The page keeps it as window.pc.
import { FAKE_MEDIA_FLAGS, launchPersistent } from '../../../../../stun-turn/src/test/js/chromium-launch.mjs';

/**
 * Parses the one JSON argument both scripts take:
 *   { "chromium": "/usr/bin/chromium", "userDataDir": "/abs/fresh/dir" }
 */
export function parseArgs(scriptName) {
  if (process.argv.length !== 3) {
    console.error(`usage: node ${scriptName} '{"chromium":..,"userDataDir":..}'`);
    process.exit(2);
  }
  const args = JSON.parse(process.argv[2]);
  for (const key of ['chromium', 'userDataDir']) {
    if (!args[key]) {
      console.error(`${scriptName}: the json argument needs "${key}"`);
      process.exit(2);
    }
  }
  return args;
}

/** Launches Chromium with a fresh profile and returns { context, page, version }. */
export async function launch(args) {
  const context = await launchPersistent({
    chromium: args.chromium, userDataDir: args.userDataDir, extraArgs: FAKE_MEDIA_FLAGS,
  });
  const page = context.pages()[0] ?? await context.newPage();
  // getUserMedia needs a secure context, which a blank page is not; http://localhost is one. The
  // document is answered by Playwright itself, so no server and no port is involved.
  await page.route('http://localhost/sdp', (route) => route.fulfill({
    status: 200, contentType: 'text/html', body: '<!doctype html><title>edgeway sdp</title>',
  }));
  await page.goto('http://localhost/sdp');
  return { context, page, version: context.browser()?.version() ?? null };
}

/** Runs in the page: builds window.pc as described above and returns nothing. */
export async function buildPeerConnectionInPage() {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
  const pc = new RTCPeerConnection();
  for (const track of stream.getTracks()) pc.addTrack(track, stream);
  pc.addTransceiver('audio', { direction: 'recvonly' });
  pc.addTransceiver('video', { direction: 'recvonly' });
  window.pc = pc;
  window.remoteTracks = [];
  pc.ontrack = (e) => window.remoteTracks.push({
    mid: e.transceiver.mid, track: e.track, streams: e.streams.map((s) => s.id),
  });
}
