// The demo page's picture of a meeting of up to 100: a stage and a grid of tiles, drawn from the SDK's
// state (/sdk/edgeway-rtk.js) by render(), which edgeway.js calls after every change. Nothing here
// speaks to the server but through the SDK's view calls.
//
// Two layouts, the SDK's view modes:
// - Active speaker (ACTIVE_GRID, the default): the stage shows the pinned participant (the latest pinned),
//   else the dominant speaker (the last remote participant the SDK's activeSpeaker event named); below it tiles,
//   at most maxActiveParticipantsCount, the participants whose video is received (participants.active)
//   first, then the latest speakers, then the others, in join order. The server chooses what it sends.
// - Pages (PAGINATED): the joined list in pages of maxActiveParticipantsCount tiles (setPage,
//   getPeerIdsForCurrentPage), "page n of m" with previous/next; the stage shows only a pinned participant.
// Always first in the grid: the own preview, and anyone's screen share.
//
// Every tile has the name, the microphone and camera state, the initials when no video is received,
// the speaking highlight, and for those whose preset may pin (pinParticipant) a pin button: pins are the
// meeting's, RealtimeKit's host control, so a pinned participant goes on everyone's stage. Each shown
// participant's video element is registered with the SDK (the stage's when it is on stage, the larger),
// and registered again when its size changes, so the server sends the layer that fills it.

const SPEAKER_VIEW = 'ACTIVE_GRID';
const PAGES_VIEW = 'PAGINATED';
/** A tile's height must change by this many pixels before the server hears of it again. */
const RESIZE_STEP_PX = 24;

/** "Ann Lee" -> "AL", "ben" -> "B": one or two letters for a tile without video. */
export function initials(name) {
  const words = String(name ?? '').trim().split(/\s+/).filter(Boolean);
  const letters = words.slice(0, 2).map((w) => [...w][0].toUpperCase());
  if (words.length > 2) letters[1] = [...words[words.length - 1]][0].toUpperCase();
  return letters.join('') || '?';
}

/** A stable colour for a participant's initials, from its id. */
function hue(id) {
  let h = 0;
  for (const c of String(id)) h = (h * 31 + c.codePointAt(0)) % 360;
  return h;
}

/** Plays `track` alone in `video` (muted: sound plays elsewhere), unless it already does. */
function attach(video, track) {
  const current = video.srcObject ? video.srcObject.getVideoTracks()[0] : undefined;
  if (current === track) return;
  video.srcObject = track ? new MediaStream([track]) : null;
  if (track) video.play().catch(() => {});   // a newer stream interrupting this one is expected
}

/**
 * One figure: a participant's camera (or screen share, or the own preview) with its caption, badges,
 * initials and pin button. The stage is one too, shown for whichever participant is on it.
 */
class Tile {
  constructor(onPin) {
    this.key = null;
    this.participantId = null;
    const figure = document.createElement('figure');
    const video = document.createElement('video');
    video.autoplay = true;
    video.playsInline = true;
    video.muted = true;
    const avatar = document.createElement('div');
    avatar.className = 'avatar';
    avatar.setAttribute('aria-hidden', 'true');
    const caption = document.createElement('figcaption');
    const name = document.createElement('span');
    name.className = 'name';
    const mic = document.createElement('span');
    mic.className = 'badge mic';
    mic.textContent = 'mic off';
    const camera = document.createElement('span');
    camera.className = 'badge camera';
    camera.textContent = 'camera off';
    caption.append(name, mic, camera);
    const pin = document.createElement('button');
    pin.type = 'button';
    pin.className = 'pin';
    pin.addEventListener('click', () => onPin(this.participantId));
    figure.append(video, avatar, caption, pin);
    Object.assign(this, { figure, video, avatar, name, mic, camera, pin });
  }

  /**
   * Shows `p` (a participant or self): its `track` (`sending`: whether its owner says it sends it), `label`
   * as its name, its media state; `pinnable` false hides the pin button. The initials stand in for the
   * picture until the track receives.
   */
  show({ key, p, track, sending, label, speaking, pinned, pinnable }) {
    const { figure } = this;
    if (this.key !== key) {
      this.key = key;
      this.participantId = p.id;
      figure.dataset.participant = p.id;
      figure.style.setProperty('--hue', hue(p.id));
    }
    const live = track && track.readyState !== 'ended' ? track : undefined;
    attach(this.video, live);
    figure.classList.toggle('no-video', !(live && !live.muted && sending));
    figure.classList.toggle('speaking', speaking);
    figure.dataset.mic = p.audioEnabled ? 'on' : 'off';
    figure.dataset.camera = p.videoEnabled ? 'on' : 'off';
    if (this.name.textContent !== label) this.name.textContent = label;
    const letters = initials(p.name);
    if (this.avatar.textContent !== letters) this.avatar.textContent = letters;
    this.mic.hidden = p.audioEnabled;
    this.camera.hidden = p.videoEnabled;
    this.pin.hidden = !pinnable;
    this.pin.textContent = pinned ? 'Unpin' : 'Pin';
    this.pin.setAttribute('aria-pressed', String(pinned));
    this.pin.setAttribute('aria-label', `${pinned ? 'Unpin' : 'Pin'} ${p.name}`);
  }

  clear() {
    attach(this.video, undefined);
    this.key = null;
    this.participantId = null;
  }
}

/**
 * The stage, the grid and the layout controls of one page. Construct with the page's elements, call
 * render(meeting) after every change of the meeting (it changes only what differs), speaker(id, isSelf)
 * on the SDK's activeSpeaker event, and clear() when the meeting ends.
 */
export class Grid {
  #els;
  #meeting = null;
  #requestRender;
  #report;
  #tiles = new Map();          // tile key (participant id, 'self', '<id>:screen') -> Tile
  #stage;
  #registered = new Map();     // participant id -> the element registered with the SDK for it
  #reportedHeights = new WeakMap();
  #resizes;
  #speakerId = null;           // the last active speaker, self included (for the highlight)
  #stageSpeakerId = null;      // the last remote active speaker (for the stage)
  #spokeAt = new Map();        // participant id -> when it last became the active speaker
  #watchedTracks = new WeakSet();

  /**
   * `els`: { view, stage, tiles, layout, speakerView, pagesView, pager, previous, next, pageLabel };
   * `requestRender()` asks the page to call render() again soon (after a track's mute state changes);
   * `report(error)` is told of a control the SDK refused.
   */
  constructor(els, { requestRender, report }) {
    this.#els = els;
    this.#requestRender = requestRender;
    this.#report = report;
    this.#stage = new Tile((id) => this.#togglePin(id));
    els.stage.append(this.#stage.figure);
    els.speakerView.addEventListener('click', () => this.#setViewMode(SPEAKER_VIEW));
    els.pagesView.addEventListener('click', () => this.#setViewMode(PAGES_VIEW));
    els.previous.addEventListener('click', () => this.#turnPage(-1));
    els.next.addEventListener('click', () => this.#turnPage(1));
    this.#resizes = typeof ResizeObserver === 'function' ? new ResizeObserver((entries) => this.#resized(entries)) : null;
  }

  /** The SDK's activeSpeaker event: `id` is a participant's, or self's (`isSelf`: never put on stage). */
  speaker(id, isSelf) {
    this.#speakerId = id;
    this.#spokeAt.set(id, performance.now());
    if (!isSelf) this.#stageSpeakerId = id;
  }

  /** Draws `meeting` as it is now. */
  render(meeting) {
    this.#meeting = meeting;
    const { participants } = meeting;
    const paged = participants.viewMode === PAGES_VIEW;
    if (paged && participants.currentPage > participants.pageCount - 1) {
      // Participants left and the page is past the end: pageChanged brings us back here.
      participants.setPage(participants.pageCount - 1);
      return;
    }
    const stageId = this.#stageId(paged);
    const shownIds = paged ? participants.getPeerIdsForCurrentPage() : this.#speakerViewIds(stageId);
    this.#drawTiles(shownIds);
    this.#drawStage(stageId);
    this.#register(shownIds, stageId);
    this.#drawControls(paged);
  }

  /** Removes every tile and registration (the meeting ended). */
  clear() {
    for (const key of [...this.#tiles.keys()]) this.#removeTile(key);
    this.#stage.clear();
    this.#els.stage.hidden = true;
    this.#els.layout.hidden = true;
    this.#resizes?.disconnect();
    this.#registered.clear();
    this.#spokeAt.clear();
    this.#speakerId = null;
    this.#stageSpeakerId = null;
    this.#meeting = null;
  }

  // --- what is shown ---------------------------------------------------------------------------

  /**
   * Who is on stage: the latest pinned participant; in the speaker view else the dominant speaker, else
   * the first whose video is received.
   */
  #stageId(paged) {
    const { joined, pinned, active } = this.#meeting.participants;
    const pin = pinned.toArray().filter((p) => joined.has(p.id)).pop();
    if (pin) return pin.id;
    if (paged) return null;
    if (this.#stageSpeakerId && joined.has(this.#stageSpeakerId)) return this.#stageSpeakerId;
    return active.keys().next().value ?? null;
  }

  /**
   * The speaker view's tiles: up to maxActiveParticipantsCount (less the stage), the active participants
   * first, then by latest speech, then by join order; shown in join order so that tiles do not hop about.
   */
  #speakerViewIds(stageId) {
    const { joined, active, maxActiveParticipantsCount } = this.#meeting.participants;
    const room = Math.max(0, maxActiveParticipantsCount - (stageId ? 1 : 0));
    const chosen = new Set();
    for (const id of active.keys()) if (id !== stageId && chosen.size < room) chosen.add(id);
    const order = [...joined.keys()];
    const rest = order.filter((id) => id !== stageId && !chosen.has(id))
      .map((id, i) => ({ id, i, at: this.#spokeAt.get(id) ?? -1 }))
      .sort((a, b) => b.at - a.at || a.i - b.i);
    for (const { id } of rest) {
      if (chosen.size >= room) break;
      chosen.add(id);
    }
    return order.filter((id) => chosen.has(id));
  }

  #isSpeaking(id) {
    return id === this.#speakerId;
  }

  #isPinned(id) {
    const { self, participants } = this.#meeting;
    return id === self.id ? self.isPinned : participants.pinned.has(id);
  }

  // --- drawing ---------------------------------------------------------------------------------

  #drawTiles(shownIds) {
    const { self, participants } = this.#meeting;
    const pinnable = self.permissions.pinParticipant === true;
    const wanted = [{
      key: 'self', p: self, track: self.videoTrack, sending: self.videoEnabled, label: `${self.name} (you)`,
      pinnable, self: true,
    }];
    for (const p of participants.joined.values()) {
      if (p.screenShareEnabled && p.screenShareTracks.video) {
        wanted.push({ key: `${p.id}:screen`, p, track: p.screenShareTracks.video, sending: true,
          label: `${p.name} (screen)`, pinnable: false, screen: true });
      }
    }
    for (const id of shownIds) {
      const p = participants.joined.get(id);
      if (p) wanted.push({ key: id, p, track: p.videoTrack, sending: p.videoEnabled, label: p.name, pinnable });
    }

    const keep = new Set(wanted.map((w) => w.key));
    for (const key of [...this.#tiles.keys()]) if (!keep.has(key)) this.#removeTile(key);
    const container = this.#els.tiles;
    wanted.forEach((w, i) => {
      let tile = this.#tiles.get(w.key);
      if (!tile) {
        tile = new Tile((id) => this.#togglePin(id));
        tile.figure.classList.toggle('self', Boolean(w.self));
        tile.figure.classList.toggle('screen', Boolean(w.screen));
        this.#tiles.set(w.key, tile);
      }
      if (container.children[i] !== tile.figure) {
        container.insertBefore(tile.figure, container.children[i] ?? null);
        // Moving a playing element pauses it.
        if (tile.video.srcObject && tile.video.paused) tile.video.play().catch(() => {});
      }
      this.#watch(w.track);
      tile.show({ ...w, speaking: this.#isSpeaking(w.p.id) && !w.screen, pinned: this.#isPinned(w.p.id) });
    });
  }

  #drawStage(stageId) {
    const { joined } = this.#meeting.participants;
    const p = stageId ? joined.get(stageId) : null;
    this.#els.stage.hidden = !p;
    if (!p) {
      this.#stage.clear();
      return;
    }
    this.#watch(p.videoTrack);
    this.#stage.show({ key: p.id, p, track: p.videoTrack, sending: p.videoEnabled, label: p.name,
      pinnable: this.#meeting.self.permissions.pinParticipant === true,
      speaking: this.#isSpeaking(p.id), pinned: this.#isPinned(p.id) });
  }

  #drawControls(paged) {
    const { participants } = this.#meeting;
    const els = this.#els;
    els.layout.hidden = false;
    els.view.dataset.layout = paged ? 'pages' : 'speaker';
    els.speakerView.setAttribute('aria-pressed', String(!paged));
    els.pagesView.setAttribute('aria-pressed', String(paged));
    els.pager.hidden = !paged;
    if (!paged) return;
    const page = participants.currentPage;
    const count = participants.pageCount;
    const label = `Page ${page + 1} of ${count}`;
    if (els.pageLabel.textContent !== label) els.pageLabel.textContent = label;
    els.previous.disabled = page <= 0;
    els.next.disabled = page >= count - 1;
  }

  #removeTile(key) {
    const tile = this.#tiles.get(key);
    if (!tile) return;
    tile.clear();
    tile.figure.remove();
    this.#tiles.delete(key);
  }

  /** Draws again when a shown track starts or stops receiving (a slot's first packets, a paused stream). */
  #watch(track) {
    if (!track || this.#watchedTracks.has(track)) return;
    this.#watchedTracks.add(track);
    track.addEventListener('mute', this.#requestRender);
    track.addEventListener('unmute', this.#requestRender);
    track.addEventListener('ended', this.#requestRender);
  }

  // --- what the server is told -----------------------------------------------------------------

  /**
   * Registers with the SDK the element each shown participant's video plays in: the stage's for the
   * participant on stage, else its tile's; deregisters those no longer shown.
   */
  #register(shownIds, stageId) {
    const { joined } = this.#meeting.participants;
    const wanted = new Map();
    for (const id of shownIds) {
      const tile = this.#tiles.get(id);
      if (tile) wanted.set(id, tile.video);
    }
    if (stageId) wanted.set(stageId, this.#stage.video);
    // Release first: the stage's element may pass from one participant to another.
    for (const [id, element] of [...this.#registered]) {
      if (wanted.get(id) === element) continue;
      this.#registered.delete(id);
      this.#resizes?.unobserve(element);
      if (!wanted.has(id)) joined.get(id)?.deregisterVideoElement(element);
    }
    for (const [id, element] of wanted) {
      if (this.#registered.get(id) === element) continue;
      this.#registered.set(id, element);
      this.#reportedHeights.set(element, element.clientHeight);
      joined.get(id)?.registerVideoElement(element);
      this.#resizes?.observe(element);
    }
  }

  /** A registered element changed size: registering it again sends the server the new height. */
  #resized(entries) {
    if (!this.#meeting) return;
    const { joined } = this.#meeting.participants;
    for (const { target } of entries) {
      const height = target.clientHeight;
      if (Math.abs(height - (this.#reportedHeights.get(target) ?? 0)) < RESIZE_STEP_PX) continue;
      for (const [id, element] of this.#registered) {
        if (element !== target) continue;
        this.#reportedHeights.set(element, height);
        joined.get(id)?.registerVideoElement(element);
      }
    }
  }

  // --- controls --------------------------------------------------------------------------------

  #setViewMode(mode) {
    if (!this.#meeting || this.#meeting.participants.viewMode === mode) return;
    this.#meeting.participants.setViewMode(mode).catch(this.#report);
  }

  #turnPage(step) {
    if (!this.#meeting) return;
    const { participants } = this.#meeting;
    participants.setPage(participants.currentPage + step).catch(this.#report);
  }

  /** Pins participant (or self) `id` for the meeting, or unpins it if it is pinned. */
  #togglePin(id) {
    if (!this.#meeting || !id) return;
    const { self, participants } = this.#meeting;
    const p = id === self.id ? self : participants.joined.get(id);
    if (!p) return;
    (this.#isPinned(id) ? p.unpin() : p.pin()).catch(this.#report);
  }
}
