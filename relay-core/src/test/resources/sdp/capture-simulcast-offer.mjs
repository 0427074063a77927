// Captures chromium-simulcast-offer.sdp: the offer of a Chromium page publishing its fake camera with
// three simulcast encodings (RIDs q, h, f at 1/4, 1/2 and full resolution of 1280x720), as a page
// publishing to a large session does, plus its microphone; bundlePolicy max-bundle.
//
// Usage (from the repository root, after scripts/test.sh or `npm ci` in stun-turn/src/test/js):
//   node relay-core/src/test/resources/sdp/capture-simulcast-offer.mjs \
//     '{"chromium":"/usr/bin/chromium","userDataDir":"'"$(mktemp -d)"'"}'
//
// Prints one JSON line: { browserVersion, userAgent, offer } (offer is what createOffer() returned).
import { launch, parseArgs } from './chromium-peer.mjs';

const args = parseArgs('capture-simulcast-offer.mjs');
const { context, page, version } = await launch(args);
try {
  const result = await page.evaluate(async () => {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 1280, height: 720 } });
    const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
    pc.addTransceiver(stream.getAudioTracks()[0], { direction: 'sendonly', streams: [stream] });
    pc.addTransceiver(stream.getVideoTracks()[0], {
      direction: 'sendonly',
      streams: [stream],
      sendEncodings: [
        { rid: 'q', scaleResolutionDownBy: 4, maxBitrate: 150000 },
        { rid: 'h', scaleResolutionDownBy: 2, maxBitrate: 500000 },
        { rid: 'f', maxBitrate: 1500000 },
      ],
    });
    const offer = await pc.createOffer();
    pc.close();
    return { userAgent: navigator.userAgent, offer: offer.sdp };
  });
  process.stdout.write(`${JSON.stringify({ browserVersion: version, ...result })}\n`);
} finally {
  await context.close();
}
