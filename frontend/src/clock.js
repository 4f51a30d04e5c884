// The time "now" as the servers see it. The DVR compares now with times IVS and the status function wrote (the
// recording's program date-times, the broadcast's start), so a viewer's device clock that is off by S seconds put
// every rewind S seconds off and called a position "Live" that was not. The status API's answers carry the server's
// time: Date (when the answer was made, whole seconds: RFC 9110 §6.6.1) and, from a cache such as CloudFront, Age
// (whole seconds it has been stored: RFC 9111 §5.1). Their sum is the server's time when the answer left, within
// about a second; the device's is taken halfway through the request. An offset under MIN_OFFSET_MS is within that
// error and is not applied; the median of the last few answers rides out one slow or odd answer. The schedule's
// countdown (channel.js) keeps the device's clock: it is read beside the viewer's own time, to the minute.
export const MIN_OFFSET_MS = 2000;
const SAMPLES = 5;

export class ServerClock {
  constructor({ deviceNow = () => Date.now() } = {}) {
    this.deviceNow = deviceNow;
    this.offsetMs = 0;
    this.samples = [];
  }

  /** Milliseconds since the epoch, as the servers count them. */
  now() {
    return this.deviceNow() + this.offsetMs;
  }

  /** One status answer's headers, with the device times the request was sent and its answer received. */
  observe(headers, sentAtMs, receivedAtMs) {
    const date = Date.parse(headers.get('date') ?? '');
    if (!Number.isFinite(date)) return;
    const age = Number.parseInt(headers.get('age') ?? '0', 10);
    // Date and Age are truncated to the second: half a second is the middle of what they may mean
    const serverMs = date + (Number.isFinite(age) && age > 0 ? age * 1000 : 0) + 500;
    this.samples.push(serverMs - (sentAtMs + receivedAtMs) / 2);
    if (this.samples.length > SAMPLES) this.samples.shift();
    const sorted = [...this.samples].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    this.offsetMs = Math.abs(median) >= MIN_OFFSET_MS ? Math.round(median) : 0;
  }
}
