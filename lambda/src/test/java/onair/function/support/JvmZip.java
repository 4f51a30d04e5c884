package onair.function.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** The packaged target/onair-function-jvm.zip, unpacked like Lambda does, and its bootstrap run as a process. */
public final class JvmZip {

    private JvmZip() {
    }

    public static Path zip() {
        Path zip = Path.of(System.getProperty("onair.function.zip", "target/onair-function-jvm.zip"));
        if (!Files.exists(zip)) {
            throw new IllegalStateException(zip + " missing: run mvn package first");
        }
        return zip;
    }

    public static Path unpack(Path zip) throws IOException {
        Path dir = Files.createTempDirectory("onair-task-");
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                Path out = dir.resolve(e.getName()).normalize();
                if (!out.startsWith(dir)) {
                    throw new IOException("zip entry escapes: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                    // keep the entry's time, as unzip does: the AppCDS archive (lib/onair.jsa) is only used when
                    // every class path jar has the size and mtime it had when the archive was written
                    Files.setLastModifiedTime(out, e.getLastModifiedTime());
                }
            }
        }
        Files.setPosixFilePermissions(dir.resolve("bootstrap"), PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }

    /** Starts {@code bootstrap} with a Lambda-like environment (java from this JVM on PATH). */
    public static Process start(Path task, String handler, String runtimeApi, Map<String, String> env, Path log)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder(task.resolve("bootstrap").toString()).directory(task.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> e = pb.environment();
        e.put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + e.getOrDefault("PATH", "/usr/bin:/bin"));
        e.put("_HANDLER", handler);
        e.put("LAMBDA_TASK_ROOT", task.toString());
        e.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        e.put("AWS_REGION", "us-east-1");
        e.put("AWS_ACCESS_KEY_ID", "testing");
        e.put("AWS_SECRET_ACCESS_KEY", "testing");
        e.putAll(env);
        return pb.start();
    }

    public static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    public static String read(InputStream in) throws IOException {
        return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
}
