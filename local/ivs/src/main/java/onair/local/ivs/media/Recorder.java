package onair.local.ivs.media;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Drives every active recording from ONE thread: a pass each second copies new segments, playlists and
 * thumbnails to S3. Attach/detach/finish are queued on the same thread, so a recording is never touched
 * concurrently and needs no locks.
 */
public final class Recorder implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Recorder.class.getName());

    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ivs-recorder");
        t.setDaemon(true);
        return t;
    });
    private final List<Recording> active = new ArrayList<>();

    public Recorder(long pollMillis) {
        thread.scheduleWithFixedDelay(this::pass, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
    }

    private void pass() {
        for (Recording r : List.copyOf(active)) {
            safely(r, r::poll, "copy");
        }
    }

    private static void safely(Recording r, Runnable action, String what) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "recording " + r.prefix() + ": " + what + " failed, retrying on the next pass: " + e, e);
        }
    }

    public void attach(Recording recording, Transcoder transcoder, String streamId) {
        run(() -> {
            recording.attach(transcoder, streamId);
            if (!active.contains(recording)) {
                active.add(recording);
            }
        });
    }

    public void detach(Recording recording, Transcoder transcoder) {
        run(() -> safely(recording, () -> recording.detach(transcoder), "final copy"));
    }

    /** Closes the recording; retried a few times so a transient S3 failure does not leave it open. */
    public void finish(Recording recording) {
        run(() -> {
            for (int attempt = 0; attempt < 5 && !recording.finished(); attempt++) {
                safely(recording, recording::finish, "finish");
                if (!recording.finished()) {
                    sleep(1000);
                }
            }
            if (!recording.finished()) {
                // as IVS: a recording that cannot be closed ends with failure (Recording End Failure)
                safely(recording, () -> recording.fail("InternalServerException"), "record the failure");
            }
            active.remove(recording);
        });
    }

    private void run(Runnable task) {
        try {
            thread.submit(task).get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(Level.WARNING, "recorder task failed", e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
