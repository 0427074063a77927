// Captures the SDP fixtures of SdpParserChromiumFixtureTest from a real Chromium.
//
// Usage (from the repository root, after scripts/test.sh or `npm ci` in stun-turn/src/test/js):
//   node relay-core/src/test/resources/sdp/capture-offer.mjs \
//     '{"chromium":"/usr/bin/chromium","userDataDir":"'"$(mktemp -d)"'"}'
//
// Prints one JSON line: { browserVersion, userAgent, offer, gatheredOffer, answer } where
//   offer          is the SDP createOffer() returned (saved as chromium-offer.sdp),
//   gatheredOffer  is the local description once ICE gathering completed (it carries a=candidate),
//   answer         is what a second RTCPeerConnection in the same page answered to that offer
//                  (saved as chromium-answer.sdp: a browser's own answer, for the parser's tests).
import { launch, parseArgs, buildPeerConnectionInPage } from './chromium-peer.mjs';

const args = parseArgs('capture-offer.mjs');
const { context, page, version } = await launch(args);
try {
  await page.evaluate(buildPeerConnectionInPage);
  const result = await page.evaluate(async () => {
    const offer = await window.pc.createOffer();
    await window.pc.setLocalDescription(offer);
    await new Promise((resolve) => {
      if (window.pc.iceGatheringState === 'complete') return resolve();
      const timer = setTimeout(resolve, 5000);
      window.pc.addEventListener('icegatheringstatechange', () => {
        if (window.pc.iceGatheringState === 'complete') { clearTimeout(timer); resolve(); }
      });
    });
    const answerer = new RTCPeerConnection();
    await answerer.setRemoteDescription(offer);
    const answer = await answerer.createAnswer();
    answerer.close();
    return {
      userAgent: navigator.userAgent,
      offer: offer.sdp,
      gatheredOffer: window.pc.localDescription.sdp,
      answer: answer.sdp,
    };
  });
  process.stdout.write(`${JSON.stringify({ browserVersion: version, ...result })}\n`);
} finally {
  await context.close();
}
