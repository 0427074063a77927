// Captures werift-offer.sdp (see werift-offer.README.txt) from the werift WebRTC stack of
// stun-turn/src/test/js/node_modules (the version package.json pins).
//
// Usage (from the repository root, after scripts/test.sh or `npm ci` in stun-turn/src/test/js):
//   node relay-core/src/test/resources/sdp/capture-werift-offer.mjs
//
// Prints one JSON line: { weriftVersion, offer } where offer is the local description of the connection
// signaling's werift participant makes (werift-participant.mjs uses the same weriftPeerConnection()), once
// werift has gathered its candidates.
import { weriftPeerConnection, weriftVersion } from '../../../../../stun-turn/src/test/js/werift-peer.mjs';

const { pc } = weriftPeerConnection({});
try {
  await pc.setLocalDescription(await pc.createOffer());
  process.stdout.write(`${JSON.stringify({ weriftVersion: weriftVersion(), offer: pc.localDescription.sdp })}\n`);
} finally {
  await pc.close();
}
