package onair.local.cloud;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/** An append-only, line-per-outcome log in the work dir (what CloudWatch would show), one writer at a time. */
final class LogFile {
    private final Path path;

    LogFile(Path path) {
        this.path = path;
    }

    synchronized void append(String line) {
        try {
            Files.createDirectories(path.getParent());
            Files.writeString(path, Instant.now() + " " + line + "\n", StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
