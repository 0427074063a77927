// A werift participant in an Edgeway SFU session: werift (a WebRTC stack in Node.js, the version
// package.json pins) with the connection of werift-peer.mjs, speaking the signaling protocol of
// docs/SIGNALING.md itself over a WebSocket (ws), publishing the Opus and VP8 that ffmpeg encodes in real
// time from its test sources, and counting the RTP it receives per remote participant. Used by signaling's
// werift-meeting.mjs (WeriftChromiumMeetingIT); lives here because its modules resolve from this folder.
import { spawn } from 'node:child_process';
import dgram from 'node:dgram';
import WebSocket from 'ws';
import { weriftPeerConnection } from './werift-peer.mjs';

/** ffmpeg runs at most this long: every step of a test has its own bound well inside it. */
const FFMPEG_SECONDS = 90;

/**
 * VP8 keyframe start (RFC 7741 §4.2, §4.3): the payload descriptor's S bit with partition 0, then a
 * payload header whose P bit (the first byte's lowest) is 0.
 */
function vp8KeyframeStart(payload) {
  if (payload.length < 2) return false;
  const first = payload[0];
  if ((first & 0x10) === 0 || (first & 0x0f) !== 0) return false;
  let offset = 1;
  if (first & 0x80) {
    const x = payload[offset++];
    if (x & 0x80) offset += (payload[offset] & 0x80) ? 2 : 1;
    if (x & 0x40) offset += 1;
    if (x & 0x30) offset += 1;
  }
  return offset < payload.length && (payload[offset] & 0x01) === 0;
}

/** werift's side of the meeting: signaling, the peer connection, its media in and out. */
/** What arrived from one participant, before any packet. */
function emptyCounts() {
  return { audioPackets: 0, videoPackets: 0, videoKeyframes: 0, audioPayloadTypes: new Set(), videoPayloadTypes: new Set() };
}

export class WeriftParticipant {
  constructor(name) {
    this.name = name;
    this.record = { name, id: null, log: [], offered: null, sent: { audio: 0, video: 0 }, samples: {}, errors: [] };
    this.received = {};   // remote SSRC -> { kind, packets, keyframes, payloadTypes:Set }
    this.ssrcOwner = {};  // remote SSRC -> participant id (from the SFU's offers, a server without slots)
    this.ssrcMid = {};    // remote SSRC -> the mid of its section (a server with slots)
    this.slotOwner = {};  // slot mid -> the participant it carries now (slotsUpdate)
    this.byOwner = {};    // participant id -> what arrived from it, counted as it arrives
    this.others = new Set();
  }

  note(text) {
    this.record.log.push(`${Math.round(performance.now())}ms ${text}`);
  }

  async join(baseUrl, meeting) {
    const { pc, audio, video } = weriftPeerConnection({});
    this.pc = pc;
    this.tracks = { audio, video };
    pc.onTrack.subscribe((track) => {
      const receiver = pc.getTransceivers().find((t) => t.receiver.tracks.includes(track))?.receiver;
      track.onReceiveRtp.subscribe((rtp) => this.onRtp(track.kind, rtp, receiver));
    });
    pc.iceConnectionStateChange.subscribe((state) => this.note(`ice ${state}`));
    pc.connectionStateChange.subscribe((state) => {
      this.note(`connection ${state}`);
      this.connectionState = state;
    });
    this.ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/ws`);
    this.ws.on('message', (data) => this.onMessage(JSON.parse(data.toString())).catch((err) => {
      this.record.errors.push(`handling a message: ${err}`);
    }));
    await new Promise((resolve, reject) => {
      this.ws.once('open', resolve);
      this.ws.once('error', reject);
    });
    this.send({ type: 'join', meeting, name: this.name });
  }

  send(message) {
    this.ws.send(JSON.stringify(message));
  }

  async onMessage(m) {
    switch (m.type) {
      case 'roomJoined': {
        this.record.id = m.self.id;
        for (const p of m.participants) this.others.add(p.id);
        this.note(`joined as ${m.self.id}`);
        await this.pc.setLocalDescription(await this.pc.createOffer());
        this.record.offered = this.pc.localDescription.sdp;
        this.send({ type: 'offer', sdp: this.pc.localDescription.sdp });
        this.note('sent offer');
        break;
      }
      case 'participantJoined': this.others.add(m.participant.id); break;
      case 'participantLeft': this.others.delete(m.participantId); break;
      case 'slotsUpdate':
        for (const slot of [...(m.audio ?? []), ...(m.video ?? [])]) {
          if (!slot.mid) continue;
          const before = this.slotOwner[slot.mid];
          this.slotOwner[slot.mid] = slot.participantId;
          // A slot's first media can overtake the slotsUpdate naming its first occupant (UDP against the
          // WebSocket): what arrived on the slot while it was named empty or not yet named was that occupant's.
          if (!before && slot.participantId) this.adopt(`slot ${slot.mid}`, slot.participantId);
        }
        break;
      case 'answer':
        await this.pc.setRemoteDescription({ type: 'answer', sdp: m.sdp });
        this.note('applied the answer');
        break;
      case 'offer': {
        this.learnOwners(m.sdp);
        await this.pc.setRemoteDescription({ type: 'offer', sdp: m.sdp });
        await this.pc.setLocalDescription(await this.pc.createAnswer());
        this.send({ type: 'answer', sdp: this.pc.localDescription.sdp });
        this.note('answered the server\'s offer');
        break;
      }
      case 'error':
        this.record.errors.push(m.code);
        this.note(`error ${m.code}: ${m.message}`);
        break;
      default:
        break;
    }
  }

  /**
   * The SFU's a=msid names the publishing participant, whose SSRCs its section lists; or, on a server
   * with slots (msid edgeway-audio-N / edgeway-video-N), the slot, whose mid slotsUpdate maps to the
   * participant it carries at the moment.
   */
  learnOwners(sdp) {
    let owner = null;
    let mid = null;
    for (const line of sdp.split(/\r?\n/)) {
      if (line.startsWith('m=')) {
        owner = null;
        mid = null;
      }
      const midLine = /^a=mid:(\S+)/.exec(line);
      if (midLine) mid = midLine[1];
      const msid = /^a=msid:(\S+)/.exec(line);
      if (msid) owner = msid[1];
      const ssrc = /^a=ssrc:(\d+) /.exec(line);
      if (ssrc && owner && owner.startsWith('edgeway-') && mid) this.ssrcMid[ssrc[1]] = mid;
      else if (ssrc && owner) this.ssrcOwner[ssrc[1]] = owner;
    }
  }

  /** Who a packet on {@code ssrc} comes from now: its slot's occupant, or the section's publisher. */
  ownerOf(ssrc) {
    const mid = this.ssrcMid[ssrc];
    if (mid !== undefined) return this.slotOwner[mid] ?? `slot ${mid}`;
    return this.ssrcOwner[ssrc] ?? `ssrc ${ssrc}`;
  }

  /**
   * Counts one received packet. A video stream that has shown no keyframe yet gets a PLI (RFC 4585
   * §6.3.1) at most every half second, as any receiver that means to decode asks: werift does not on its
   * own, and a stream it joins in the middle starts without one.
   */
  onRtp(kind, rtp, receiver) {
    const ssrc = String(rtp.header.ssrc);
    const entry = this.received[ssrc] ??= { kind, packets: 0, keyframes: 0, payloadTypes: new Set(), pliAt: 0 };
    entry.packets++;
    entry.payloadTypes.add(rtp.header.payloadType);
    const from = this.byOwner[this.ownerOf(ssrc)] ??= emptyCounts();
    from[`${kind}Packets`]++;
    from[`${kind}PayloadTypes`].add(rtp.header.payloadType);
    if (kind !== 'video') return;
    if (vp8KeyframeStart(rtp.payload)) {
      entry.keyframes++;
      from.videoKeyframes++;
    } else if (entry.keyframes === 0 && receiver && performance.now() - entry.pliAt > 500) {
      entry.pliAt = performance.now();
      receiver.sendRtcpPLI(rtp.header.ssrc).catch((err) => this.note(`PLI: ${err}`));
    }
  }

  /** Counts what was attributed to {@code from} (an unnamed slot) to {@code owner} from now on. */
  adopt(from, owner) {
    const unnamed = this.byOwner[from];
    if (!unnamed) return;
    delete this.byOwner[from];
    const into = this.byOwner[owner] ??= emptyCounts();
    into.audioPackets += unnamed.audioPackets;
    into.videoPackets += unnamed.videoPackets;
    into.videoKeyframes += unnamed.videoKeyframes;
    for (const pt of unnamed.audioPayloadTypes) into.audioPayloadTypes.add(pt);
    for (const pt of unnamed.videoPayloadTypes) into.videoPayloadTypes.add(pt);
  }

  /** What arrived from each remote participant: { audioPackets, videoPackets, videoKeyframes, ...PayloadTypes }. */
  stats() {
    const byParticipant = {};
    for (const [owner, s] of Object.entries(this.byOwner)) {
      byParticipant[owner] = {
        ...s,
        audioPayloadTypes: [...s.audioPayloadTypes].sort(),
        videoPayloadTypes: [...s.videoPayloadTypes].sort(),
      };
    }
    return byParticipant;
  }

  /**
   * Starts ffmpeg encoding a test pattern (VP8, a keyframe every second) and a tone (Opus) in real time
   * into RTP on two loopback ports of ours; each packet goes to werift's track, which sends it with its
   * own SSRC, sequence numbers and negotiated payload type.
   */
  async startMedia(ffmpegPath) {
    const sockets = {};
    for (const kind of ['audio', 'video']) {
      const socket = dgram.createSocket('udp4');
      socket.on('message', (packet) => {
        this.tracks[kind].writeRtp(packet);
        this.record.sent[kind]++;
      });
      await new Promise((resolve) => socket.bind(0, '127.0.0.1', resolve));
      sockets[kind] = socket;
    }
    this.sockets = sockets;
    const rtp = (kind) => `rtp://127.0.0.1:${sockets[kind].address().port}?pkt_size=1100`;
    this.ffmpeg = spawn(ffmpegPath, [
      '-hide_banner', '-loglevel', 'error', '-nostdin',
      '-re', '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=15',
      '-re', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
      '-t', String(FFMPEG_SECONDS),
      '-map', '0:v', '-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '300k',
      '-g', '15', '-keyint_min', '15', '-auto-alt-ref', '0', '-error-resilient', '1', '-f', 'rtp', rtp('video'),
      '-map', '1:a', '-c:a', 'libopus', '-ac', '2', '-b:a', '32k', '-f', 'rtp', rtp('audio'),
    ], { stdio: ['ignore', 'ignore', 'pipe'] });
    this.ffmpeg.stderr.on('data', (d) => this.note(`ffmpeg: ${d.toString().trim()}`));
    this.ffmpeg.on('exit', (code, signal) => this.note(`ffmpeg exited ${code ?? signal}`));
  }

  async close() {
    if (this.ffmpeg && this.ffmpeg.exitCode === null) this.ffmpeg.kill('SIGTERM');
    for (const socket of Object.values(this.sockets ?? {})) socket.close();
    try {
      this.send({ type: 'leave' });
    } catch (err) {
      this.note(`leave: ${err}`);
    }
    this.ws?.close();
    await this.pc?.close();
  }
}
