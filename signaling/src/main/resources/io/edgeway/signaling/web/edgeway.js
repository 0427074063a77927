// Edgeway's demo page: joins the SFU session named in the URL (?meeting=demo&name=Alice) with the
// camera and microphone, and shows every other participant's video, labelled with their name.
// Optional: ?relay=1 sends media only through this server's TURN relay (iceTransportPolicy 'relay'),
// with the credentials of GET /v1/dev/ice-servers; &turn=tcp (or udp) keeps only that TURN transport.
//
// Signaling (docs/SIGNALING.md) is JSON over the WebSocket at /ws. The page always makes the first
// offer. The server offers whenever the tracks to receive change; if the page's own offer crosses one,
// the server refuses it (negotiation_glare) and never rolls back, so the page, the polite peer, rolls
// its offer back, answers the server's, and offers again. Messages are handled strictly in order.
//
// For tests, window.edgeway exposes the state and two getStats() summaries.

const params = new URLSearchParams(location.search);
const meeting = params.get('meeting');
const displayName = params.get('name');
const relay = params.get('relay') === '1' || params.get('relay') === 'true';
const turnTransport = params.get('turn');

const statusEl = document.getElementById('status');
const tilesEl = document.getElementById('tiles');
const leaveButton = document.getElementById('leave');

const state = {
  phase: 'starting',          // starting | joining | joined | left | failed
  selfId: null,
  meeting: null,              // { id, title }
  participants: new Map(),    // id -> { name, figure }
  trackOwner: new Map(),      // remote track id -> participant id
  errors: [],                 // every error message from the server, in order
  log: [],
  offersSent: 0,
  offersReceived: 0,
  glares: 0,
};
let pc = null;
let ws = null;
let queue = Promise.resolve();

function note(text) {
  state.log.push(`${Math.round(performance.now())}ms ${text}`);
}

function setStatus(text) {
  statusEl.textContent = text;
  note(`status: ${text}`);
}

function send(message) {
  if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(message));
}

// --- tiles -----------------------------------------------------------------------------------

function tile(id, name, self) {
  let p = state.participants.get(id);
  if (!p) {
    const figure = document.createElement('figure');
    figure.dataset.participant = id;
    if (self) figure.classList.add('self');
    const video = document.createElement('video');
    video.autoplay = true;
    video.playsInline = true;
    // Remote sound plays from the video element; the own preview stays silent.
    video.muted = self;
    const caption = document.createElement('figcaption');
    figure.append(video, caption);
    tilesEl.append(figure);
    p = { name, figure, video, caption };
    state.participants.set(id, p);
  }
  p.name = name;
  p.caption.textContent = self ? `${name} (you)` : name;
  return p;
}

function removeTile(id) {
  const p = state.participants.get(id);
  if (!p) return;
  p.video.srcObject = null;
  p.figure.remove();
  state.participants.delete(id);
}

// --- negotiation -----------------------------------------------------------------------------

async function makeOffer() {
  if (pc.signalingState !== 'stable') return;
  await pc.setLocalDescription(await pc.createOffer());
  state.offersSent++;
  send({ type: 'offer', sdp: pc.localDescription.sdp });
}

async function onServerOffer(sdp) {
  state.offersReceived++;
  if (pc.signalingState === 'have-local-offer') {
    // Our offer crossed the server's: the server will refuse ours (negotiation_glare) and never rolls
    // back, so we do, answer its offer, and offer again when its refusal arrives.
    note('glare: rolling back our offer');
    await pc.setLocalDescription({ type: 'rollback' });
  }
  await pc.setRemoteDescription({ type: 'offer', sdp });
  await pc.setLocalDescription(await pc.createAnswer());
  send({ type: 'answer', sdp: pc.localDescription.sdp });
}

async function onMessage(m) {
  switch (m.type) {
    case 'roomJoined':
      state.phase = 'joined';
      state.selfId = m.self.id;
      state.meeting = m.meeting;
      document.getElementById('title').textContent = `Edgeway: ${m.meeting.title}`;
      for (const p of m.participants) tile(p.id, p.name, false);
      leaveButton.disabled = false;
      setStatus(`in ${m.meeting.title} as ${m.self.name}`);
      await makeOffer();
      break;
    case 'participantJoined':
      tile(m.participant.id, m.participant.name, false);
      break;
    case 'participantLeft':
      note(`${m.participantId} left (${m.reason})`);
      removeTile(m.participantId);
      break;
    case 'answer':
      await pc.setRemoteDescription({ type: 'answer', sdp: m.sdp });
      break;
    case 'offer':
      await onServerOffer(m.sdp);
      break;
    case 'error':
      state.errors.push(m.code);
      note(`error ${m.code}: ${m.message}`);
      if (m.code === 'negotiation_glare') {
        // The server's offer came first and has been answered by now: offer ours again.
        state.glares++;
        await makeOffer();
      } else {
        setStatus(`error: ${m.message}`);
        if (m.code === 'media_disconnected' || m.code === 'invalid_answer') fail(m.message);
      }
      break;
    default:
      note(`ignored message ${m.type}`);
  }
}

function fail(message) {
  state.phase = 'failed';
  setStatus(message);
}

// --- start and leave --------------------------------------------------------------------------

async function iceConfiguration() {
  const config = { bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' };
  if (!relay) return config;
  const response = await fetch('/v1/dev/ice-servers', { cache: 'no-store' });
  if (!response.ok) throw new Error(`GET /v1/dev/ice-servers: ${response.status}`);
  const { iceServers } = await response.json();
  if (turnTransport) {
    for (const server of iceServers) {
      server.urls = server.urls.filter((url) => url.endsWith(`?transport=${turnTransport}`));
    }
  }
  return { ...config, iceServers, iceTransportPolicy: 'relay' };
}

async function localMedia() {
  try {
    return await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 640, height: 360 } });
  } catch (err) {
    note(`camera and microphone: ${err}`);
    try {
      return await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch (err2) {
      note(`microphone: ${err2}`);
      return new MediaStream();
    }
  }
}

async function start() {
  if (!meeting || !displayName) {
    const form = document.getElementById('join');
    form.hidden = false;
    setStatus('choose a session');
    return;
  }
  const stream = await localMedia();
  pc = new RTCPeerConnection(await iceConfiguration());
  for (const track of stream.getTracks()) pc.addTrack(track, stream);
  // Without camera and microphone the offer still needs a section to carry the others' media.
  if (stream.getTracks().length === 0) pc.addTransceiver('audio', { direction: 'recvonly' });
  pc.ontrack = (e) => {
    const owner = e.streams[0] ? e.streams[0].id : null;
    if (!owner) return;
    state.trackOwner.set(e.track.id, owner);
    const p = state.participants.get(owner) ?? tile(owner, owner, false);
    if (p.video.srcObject !== e.streams[0]) {
      p.video.srcObject = e.streams[0];
      p.video.play().catch((err) => note(`play: ${err}`));
    }
  };
  pc.onconnectionstatechange = () => note(`connection ${pc.connectionState}`);
  const self = tile('self', displayName, true);
  self.video.srcObject = stream;

  ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`);
  ws.onopen = () => {
    state.phase = 'joining';
    setStatus(`joining ${meeting}`);
    send({ type: 'join', meeting, name: displayName });
  };
  ws.onmessage = (event) => {
    let message;
    try {
      message = JSON.parse(event.data);
    } catch (err) {
      note(`unreadable message: ${err}`);
      return;
    }
    queue = queue.then(() => onMessage(message)).catch((err) => {
      note(`handling ${message.type}: ${err}`);
      setStatus(`error: ${err}`);
    });
  };
  ws.onclose = () => {
    if (state.phase !== 'left') fail('disconnected from the server');
  };
}

function leave() {
  if (state.phase === 'left') return;
  send({ type: 'leave' });
  state.phase = 'left';
  // The leave is on the wire before the media connection's close_notify.
  setTimeout(() => {
    if (pc) pc.close();
    if (ws) ws.close(1000, 'left');
  }, 0);
  for (const id of [...state.participants.keys()]) removeTile(id);
  leaveButton.disabled = true;
  setStatus('left');
}

leaveButton.addEventListener('click', leave);
document.getElementById('join').addEventListener('submit', (e) => {
  e.preventDefault();
  const data = new FormData(e.target);
  const query = new URLSearchParams({ meeting: data.get('meeting'), name: data.get('name') });
  if (data.get('relay')) query.set('relay', '1');
  location.search = query.toString();
});

// --- what tests read --------------------------------------------------------------------------

/** Inbound media per remote participant: audio packets received and video frames decoded. */
async function inboundStats() {
  const byParticipant = {};
  if (!pc) return byParticipant;
  const report = await pc.getStats();
  report.forEach((s) => {
    if (s.type !== 'inbound-rtp') return;
    const owner = state.trackOwner.get(s.trackIdentifier);
    if (!owner) return;
    const entry = byParticipant[owner] ??= { audioPacketsReceived: 0, videoFramesDecoded: 0, videoPacketsReceived: 0 };
    if (s.kind === 'audio') entry.audioPacketsReceived += s.packetsReceived ?? 0;
    if (s.kind === 'video') {
      entry.videoFramesDecoded += s.framesDecoded ?? 0;
      entry.videoPacketsReceived += s.packetsReceived ?? 0;
    }
  });
  return byParticipant;
}

/** The selected candidate pair: local candidate type and relay protocol, remote type and protocol. */
async function transportStats() {
  if (!pc) return null;
  const report = await pc.getStats();
  let pair = null;
  report.forEach((s) => {
    if (s.type === 'transport' && s.selectedCandidatePairId) pair = report.get(s.selectedCandidatePairId);
  });
  if (!pair) return null;
  const local = report.get(pair.localCandidateId);
  const remote = report.get(pair.remoteCandidateId);
  return {
    localType: local?.candidateType ?? null,
    localProtocol: local?.protocol ?? null,
    relayProtocol: local?.relayProtocol ?? null,
    remoteType: remote?.candidateType ?? null,
    remoteProtocol: remote?.protocol ?? null,
    remoteAddress: remote ? `${remote.address}:${remote.port}` : null,
  };
}

window.edgeway = {
  state,
  leave,
  inboundStats,
  transportStats,
  participantIds: () => [...state.participants.keys()].filter((id) => id !== 'self'),
};

start().catch((err) => fail(`could not start: ${err}`));
