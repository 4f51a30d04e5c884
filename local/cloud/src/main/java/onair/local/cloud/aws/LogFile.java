package onair.local.cloud.aws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/** An append-only, line-per-outcome log in the work dir (what CloudWatch would show), one writer at a time. */
public final class LogFile {
    private final Path path;

    public LogFile(Path path) {
        this.path = path;
    }

    public synchronized void append(String line) {
        try {
            Files.createDirectories(path.getParent());
            Files.writeString(path, Instant.now() + " " + line + "\n", StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
