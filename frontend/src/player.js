// The live/DVR player, loaded lazily by main.js once the stream is live: playback orchestration (playback.js:
// engines, live/recording, the recording behind live, chapters) joined to its controls (controls.js: buttons,
// keys, seek bar, chapter list). main.js sees only this: start/update/stop with the status API's view, and
// where the player is (view, mode).
import { Playback } from './playback.js';
import { Controls } from './controls.js';

export class Player {
  /**
   * @param announce     the page's screen-reader narration
   * @param setIndicator the page's quiet indicator (stall, source trouble)
   * @param onTrouble    the live source failed: the page asks the status API soon
   * @param clock        the servers' time (clock.js), for everything measured from the live edge
   */
  constructor({ announce, setIndicator, onTrouble, clock }) {
    const $ = (id) => document.getElementById(id);
    this.playback = new Playback({
      liveVideo: $('live-video'),
      dvrVideo: $('dvr-video'),
      announce,
      onTrouble,
      clock,
      // the volume and mute the viewer chose are the controls' (read when an engine starts, as before the split)
      audio: () => this.controls.audio(),
    });
    this.controls = new Controls({ playback: this.playback, announce, setIndicator });
  }

  /** The live view of the status API being played, or null when stopped. */
  get view() {
    return this.playback.view;
  }

  /** 'live' or 'recording' (the viewer rewound). */
  get mode() {
    return this.playback.mode;
  }

  async start(view) {
    this.controls.show();
    await this.playback.start(view);
    this.controls.startTicking();
  }

  update(view) {
    this.playback.update(view);
  }

  stop() {
    this.playback.stop();
    this.controls.stop();
  }
}
