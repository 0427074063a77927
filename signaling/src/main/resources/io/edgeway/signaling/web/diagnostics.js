// The network check behind /diagnostics: fetches the paths the server offers (/diagnostics/paths) and
// tries each from this browser by gathering ICE candidates with that one server: a server-reflexive
// candidate proves UDP to the server, a relay candidate proves TURN over that transport. Also checks
// HTTPS (this page) and the signaling WebSocket. Results are shown and kept in window.diagnostics.
const GATHER_TIMEOUT_MS = 8000;
const params = new URLSearchParams(location.search);
const token = params.get('authToken');
const rows = document.getElementById('results');
const diagnostics = { done: false, results: {}, details: {} };
window.diagnostics = diagnostics;

function show(id, label, result, detail) {
  diagnostics.results[id] = result;
  diagnostics.details[id] = detail;
  let row = document.getElementById(`path-${id}`);
  if (!row) {
    row = document.createElement('tr');
    row.id = `path-${id}`;
    for (let i = 0; i < 3; i++) row.appendChild(document.createElement('td'));
    rows.appendChild(row);
  }
  row.cells[0].textContent = label;
  row.cells[1].textContent = result;
  row.cells[1].className = result;
  row.cells[2].textContent = detail;
}

/** Gathers with only `iceServers`; resolves with the first candidate of type `expect`, or null. */
async function gather(iceServers, expect) {
  const pc = new RTCPeerConnection({ iceServers, iceTransportPolicy: expect === 'relay' ? 'relay' : 'all' });
  try {
    const found = new Promise((resolve) => {
      const timer = setTimeout(() => resolve(null), GATHER_TIMEOUT_MS);
      pc.onicecandidate = (e) => {
        if (e.candidate && e.candidate.type === expect) {
          clearTimeout(timer);
          resolve(e.candidate);
        } else if (!e.candidate) {
          clearTimeout(timer);
          resolve(null);
        }
      };
    });
    pc.createDataChannel('check');
    await pc.setLocalDescription(await pc.createOffer());
    return await found;
  } finally {
    pc.close();
  }
}

async function checkWebSocket() {
  const url = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/ws`;
  return new Promise((resolve) => {
    const ws = new WebSocket(url);
    const timer = setTimeout(() => { ws.close(); resolve(false); }, GATHER_TIMEOUT_MS);
    ws.onopen = () => { clearTimeout(timer); ws.close(1000); resolve(true); };
    ws.onerror = () => { clearTimeout(timer); resolve(false); };
  });
}

async function run() {
  document.getElementById('status').textContent = 'checking';
  show('page', `${location.protocol === 'https:' ? 'HTTPS' : 'HTTP'} to this server, port ${location.port || (location.protocol === 'https:' ? 443 : 80)}`,
    'works', 'this page loaded');
  const ws = await checkWebSocket();
  show('websocket', 'Signaling WebSocket', ws ? 'works' : 'blocked', ws ? 'connected' : 'could not connect');
  const response = await fetch('/diagnostics/paths', { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  const offer = await response.json();
  if (!response.ok) {
    document.getElementById('note').textContent = `The server refused the check: ${offer.errors?.[0]?.message ?? response.status}`;
  } else if (!offer.credentials) {
    document.getElementById('note').textContent = `TURN paths not tested: ${offer.why}.`;
  }
  await Promise.all((offer.paths ?? []).map(async (path) => {
    if (!path.testable) {
      show(path.id, path.label, 'untested', 'needs TURN credentials');
      return;
    }
    show(path.id, path.label, 'checking', '');
    const candidate = await gather(path.iceServers, path.expect);
    if (candidate) {
      show(path.id, path.label, 'works', `${candidate.type} ${candidate.protocol} ${candidate.address ?? ''}`.trim());
    } else {
      show(path.id, path.label, 'blocked', `no ${path.expect} candidate within ${GATHER_TIMEOUT_MS / 1000} s`);
    }
  }));
  diagnostics.done = true;
  document.getElementById('status').textContent = 'done';
}

run().catch((err) => {
  diagnostics.done = true;
  diagnostics.error = String(err);
  document.getElementById('status').textContent = `failed: ${err}`;
});
