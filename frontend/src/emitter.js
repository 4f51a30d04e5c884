// Minimal event emitter for the engines (keeps the engine interface identical for hls.js and IVS).
export class Emitter {
  constructor() {
    this.listeners = new Map();
  }

  on(name, fn) {
    if (!this.listeners.has(name)) this.listeners.set(name, new Set());
    this.listeners.get(name).add(fn);
    return () => this.listeners.get(name).delete(fn);
  }

  emit(name, value) {
    for (const fn of this.listeners.get(name) || []) {
      try {
        fn(value);
      } catch (e) {
        // a broken listener must not break playback; report it without throwing into the media pipeline
        reportError(e);
      }
    }
  }
}
