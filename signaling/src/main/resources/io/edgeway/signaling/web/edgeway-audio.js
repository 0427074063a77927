// The demo page's sound: every remote audio track the SDK hands out plays in an <audio> element of its
// own, whether or not its participant has a tile on screen. With slots the server sends only the few
// loudest speakers, through a fixed set of audio tracks whose occupant changes; an element is kept per
// track (not per participant), so a track that passes to the next speaker plays on without a restart.

export class RemoteAudio {
  #container;
  #onBlocked;
  #elements = new Map();     // MediaStreamTrack -> <audio>
  #blocked = false;

  /**
   * `container`: where the (invisible) elements go; `onBlocked(blocked)`: told when the browser refuses
   * to play sound before a user gesture, and when it plays again (see resume()).
   */
  constructor(container, onBlocked) {
    this.#container = container;
    this.#onBlocked = onBlocked;
  }

  /** Plays exactly `tracks` (live audio tracks; duplicates and undefined are ignored). */
  play(tracks) {
    const wanted = new Set(tracks.filter((t) => t && t.kind === 'audio' && t.readyState !== 'ended'));
    for (const [track, element] of this.#elements) {
      if (wanted.has(track)) continue;
      element.srcObject = null;
      element.remove();
      this.#elements.delete(track);
    }
    for (const track of wanted) {
      if (this.#elements.has(track)) continue;
      const element = document.createElement('audio');
      element.autoplay = true;
      element.dataset.track = track.id;
      element.srcObject = new MediaStream([track]);
      this.#container.append(element);
      this.#elements.set(track, element);
      this.#start(element);
    }
  }

  /** Starts every element again (after a click, which lifts the browser's autoplay block). */
  resume() {
    this.#setBlocked(false);
    for (const element of this.#elements.values()) this.#start(element);
  }

  clear() {
    this.play([]);
    this.#setBlocked(false);
  }

  #start(element) {
    element.play().catch((err) => {
      if (err.name === 'NotAllowedError') this.#setBlocked(true);
    });
  }

  #setBlocked(blocked) {
    if (this.#blocked === blocked) return;
    this.#blocked = blocked;
    this.#onBlocked(blocked);
  }
}
