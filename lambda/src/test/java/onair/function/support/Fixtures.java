package onair.function.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test resources and the API contract files. */
public final class Fixtures {
    private Fixtures() {
    }

    public static String event(String name) {
        return resource("/events/" + name + ".json");
    }

    public static String resource(String path) {
        try (InputStream in = Fixtures.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** lambda/api/... (tests run with the module directory as working directory). */
    public static Path api(String relative) {
        Path p = Path.of("api").resolve(relative);
        if (!Files.exists(p)) {
            throw new IllegalStateException("contract file missing: " + p.toAbsolutePath());
        }
        return p;
    }
}
