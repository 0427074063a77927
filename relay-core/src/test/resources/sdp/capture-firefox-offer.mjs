// Captures firefox-offer.sdp (see firefox-offer.README.txt) from Debian's firefox-esr.
//
// Usage (from the repository root, after scripts/test.sh or `npm ci` in stun-turn/src/test/js):
//   node relay-core/src/test/resources/sdp/capture-firefox-offer.mjs '{"firefox":"/usr/bin/firefox-esr"}'
//
// Prints one JSON line: { browserVersion, userAgent, offer } where offer is what createOffer() returned
// for the connection Edgeway's browser SDK makes (bundlePolicy max-bundle, rtcpMuxPolicy require, the fake
// microphone and camera tracks added as sendrecv transceivers of one stream).
import http from 'node:http';
import { launchFirefox } from '../../../../../stun-turn/src/test/js/firefox-launch.mjs';

const args = JSON.parse(process.argv[2] ?? '{}');
if (!args.firefox) {
  console.error('usage: node capture-firefox-offer.mjs \'{"firefox":"/usr/bin/firefox-esr"}\'');
  process.exit(2);
}
// getUserMedia needs a secure context; http://localhost is one. Served here, on a port the kernel picks.
const server = http.createServer((request, response) => {
  response.writeHead(200, { 'content-type': 'text/html' });
  response.end('<!doctype html><title>edgeway sdp</title>');
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const browser = await launchFirefox({ firefox: args.firefox });
try {
  const page = await browser.newPage();
  await page.goto(`http://localhost:${server.address().port}/`);
  const result = await page.evaluate(async () => {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
    const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' });
    for (const track of stream.getTracks()) pc.addTransceiver(track, { direction: 'sendrecv', streams: [stream] });
    const offer = await pc.createOffer();
    pc.close();
    stream.getTracks().forEach((t) => t.stop());
    return { userAgent: navigator.userAgent, offer: offer.sdp };
  });
  process.stdout.write(`${JSON.stringify({ browserVersion: await browser.version(), ...result })}\n`);
} finally {
  await browser.close();
  server.close();
}
