// The werift participant's RTCPeerConnection, one definition for the SDP fixture (relay-core's
// sdp/capture-werift-offer.mjs) and the meeting test (signaling's werift-participant.mjs): Opus and VP8,
// max-bundle, and the header extensions werift numbers across its sections (sdes:mid is 1 in the audio
// section and 4 in the video section), which is what a pion- or werift-based app typically offers.
import { readFileSync } from 'node:fs';
import {
  MediaStreamTrack, RTCPeerConnection, RTCRtpCodecParameters,
  useAbsSendTime, useAudioLevelIndication, useSdesMid, useTransportWideCC,
} from 'werift';

/** The werift version node_modules holds (package.json pins it). */
export function weriftVersion() {
  const url = new URL('./node_modules/werift/package.json', import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')).version;
}

/**
 * { iceServers?, iceTransportPolicy? } -> { pc, audio, video }: the connection with a sendrecv audio and a
 * sendrecv video transceiver whose tracks the caller feeds with RTP (track.writeRtp). Loopback is added to
 * the host addresses (werift leaves it out by default) so that it can reach a server on 127.0.0.1; IPv4 only.
 */
export function weriftPeerConnection({ iceServers = [], iceTransportPolicy = 'all' }) {
  const pc = new RTCPeerConnection({
    bundlePolicy: 'max-bundle',
    iceServers,
    iceTransportPolicy,
    iceAdditionalHostAddresses: ['127.0.0.1'],
    iceUseIpv6: false,
    codecs: {
      audio: [new RTCRtpCodecParameters({ mimeType: 'audio/opus', clockRate: 48000, channels: 2 })],
      video: [new RTCRtpCodecParameters({
        mimeType: 'video/VP8',
        clockRate: 90000,
        rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }, { type: 'goog-remb' }],
      })],
    },
    headerExtensions: {
      audio: [useSdesMid(), useAudioLevelIndication()],
      video: [useTransportWideCC(), useSdesMid(), useAbsSendTime()],
    },
  });
  const audio = new MediaStreamTrack({ kind: 'audio' });
  const video = new MediaStreamTrack({ kind: 'video' });
  pc.addTransceiver(audio, { direction: 'sendrecv' });
  pc.addTransceiver(video, { direction: 'sendrecv' });
  return { pc, audio, video };
}
