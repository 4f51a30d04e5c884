package onair.local.cloud.lambda.instances;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import onair.local.cloud.lambda.FunctionVersion;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Fetches a version's zip from moto S3 (the key comes from GetFunction's Code.Location), checks it against the
 * CodeSha256 moto recorded at deploy time, and unpacks it once under work-dir/functions/&lt;name&gt;/&lt;version&gt;-&lt;sha&gt;.
 */
public final class CodeStore {
    private final S3Client s3;
    private final Path functionsDir;
    private final String artifactsBucket;
    private final Map<String, String> bucketOfKey = new ConcurrentHashMap<>();

    public CodeStore(S3Client s3, Path functionsDir, String artifactsBucket) {
        this.s3 = s3;
        this.functionsDir = functionsDir;
        this.artifactsBucket = artifactsBucket;
    }

    /** The unpacked code directory (the task root) for this version. */
    synchronized Path unpacked(FunctionVersion fn) throws IOException {
        String shaTag = fn.codeSha256().replaceAll("[^A-Za-z0-9]", "").substring(0, 12);
        Path dir = functionsDir.resolve(fn.name()).resolve(fn.version().replace("$", "") + "-" + shaTag);
        if (Files.isRegularFile(dir.resolve(".unpacked"))) {
            return dir;
        }
        String key = keyOf(fn.codeLocation());
        byte[] zip = download(key);
        String actual = Base64.getEncoder().encodeToString(sha256(zip));
        if (!actual.equals(fn.codeSha256())) {
            throw new IllegalStateException("code of " + fn.name() + ":" + fn.version() + " (s3 key " + key
                    + ") has sha256 " + actual + " but the function was deployed with " + fn.codeSha256()
                    + "; the artifact was overwritten after deployment");
        }
        Path tmp = Files.createDirectories(functionsDir.resolve(fn.name())).resolve(dir.getFileName() + ".tmp");
        deleteTree(tmp);
        unzip(zip, Files.createDirectories(tmp));
        deleteTree(dir);
        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        Files.writeString(dir.resolve(".unpacked"), fn.codeSha256());
        return dir;
    }

    static String keyOf(String location) {
        String path = URI.create(location).getRawPath();
        return URLDecoder.decode(path.substring(1).replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private byte[] download(String key) {
        String bucket = artifactsBucket != null ? artifactsBucket : bucketOfKey.computeIfAbsent(key, this::findBucket);
        try {
            return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
        } catch (NoSuchKeyException e) {
            bucketOfKey.remove(key);
            throw new IllegalStateException("function code s3://" + bucket + "/" + key + " is gone", e);
        }
    }

    /** moto's Code.Location does not name the bucket, so look for the bucket that holds the key. */
    private String findBucket(String key) {
        for (Bucket b : s3.listBuckets().buckets()) {
            try {
                s3.headObject(h -> h.bucket(b.name()).key(key));
                return b.name();
            } catch (S3Exception e) {
                // not in this bucket
            }
        }
        throw new IllegalStateException("no bucket in moto holds the function code key " + key);
    }

    private static void unzip(byte[] zip, Path target) throws IOException {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                Path out = target.resolve(e.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("zip entry escapes the task root: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                    continue;
                }
                Files.createDirectories(out.getParent());
                Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                // the entry's time, as unzip keeps it: the JVM zip's AppCDS archive (lib/onair.jsa) is only used
                // when every class path jar has the size and mtime it had when the archive was written
                if (e.getLastModifiedTime() != null) {
                    Files.setLastModifiedTime(out, e.getLastModifiedTime());
                }
                // zips built by Java tools lose the unix mode: bootstrap and scripts/binaries must stay executable
                if (e.getName().equals("bootstrap") || looksExecutable(out)) {
                    out.toFile().setExecutable(true, false);
                }
            }
        }
    }

    private static boolean looksExecutable(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(4);
            return (head.length >= 2 && head[0] == '#' && head[1] == '!')
                    || (head.length == 4 && head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F');
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
