package onair.local.cloud.aws;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4: signs origin requests like CloudFront OAC does and verifies incoming signatures
 * like the function URL service does. One implementation for both directions keeps them consistent;
 * the tests check it against the AWS SDK's own signer.
 */
public final class SigV4 {
    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private static final Pattern AUTH = Pattern.compile(
            "AWS4-HMAC-SHA256\\s+Credential=([^/,\\s]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request,\\s*"
                    + "SignedHeaders=([^,\\s]+),\\s*Signature=([0-9a-f]{64})");

    /** The parts of an Authorization header. */
    public record Credential(String accessKey, String date, String region, String service, List<String> signedHeaders,
                      String signature) {
    }

    private SigV4() {
    }

    /** Parses a SigV4 Authorization header; null when absent or not SigV4. */
    public static Credential parse(String authorization) {
        if (authorization == null) {
            return null;
        }
        Matcher m = AUTH.matcher(authorization.trim());
        if (!m.matches()) {
            return null;
        }
        return new Credential(m.group(1), m.group(2), m.group(3), m.group(4),
                List.of(m.group(5).split(";")), m.group(6));
    }

    static String amzDate(ZonedDateTime time) {
        return AMZ_DATE.format(time.withZoneSameInstant(ZoneOffset.UTC));
    }

    static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Adds x-amz-date, x-amz-content-sha256 and authorization to {@code headers} (lower-case names; must hold host).
     */
    public static void sign(String method, String rawPath, String rawQuery, Map<String, String> headers, byte[] body,
                     String region, String service, String accessKey, String secretKey, ZonedDateTime now) {
        String amzDate = amzDate(now);
        headers.put("x-amz-date", amzDate);
        headers.put("x-amz-content-sha256", sha256Hex(body == null ? new byte[0] : body));
        List<String> signed = new ArrayList<>(new TreeMap<>(headers).keySet());
        String signature = signature(method, rawPath, rawQuery, headers::get, signed, headers.get("x-amz-content-sha256"),
                amzDate, region, service, secretKey);
        headers.put("authorization", ALGORITHM + " Credential=" + accessKey + "/" + amzDate.substring(0, 8) + "/"
                + region + "/" + service + "/aws4_request, SignedHeaders=" + String.join(";", signed)
                + ", Signature=" + signature);
    }

    /** True when the request carries a valid signature made with {@code secretKey}. */
    public static boolean verify(Credential credential, String method, String rawPath, String rawQuery,
                          Function<String, String> header, byte[] body, String secretKey) {
        String amzDate = header.apply("x-amz-date");
        if (amzDate == null || !amzDate.startsWith(credential.date())) {
            return false;
        }
        String payloadHash = header.apply("x-amz-content-sha256");
        if (payloadHash == null || payloadHash.equals("UNSIGNED-PAYLOAD") && body != null && body.length > 0) {
            payloadHash = sha256Hex(body == null ? new byte[0] : body);
        }
        String expected = signature(method, rawPath, rawQuery, header, credential.signedHeaders(), payloadHash,
                amzDate, credential.region(), credential.service(), secretKey);
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                credential.signature().getBytes(StandardCharsets.US_ASCII));
    }

    private static String signature(String method, String rawPath, String rawQuery, Function<String, String> header,
                                    List<String> signedHeaders, String payloadHash, String amzDate, String region,
                                    String service, String secretKey) {
        StringBuilder canonicalHeaders = new StringBuilder();
        for (String name : signedHeaders) {
            String value = header.apply(name);
            canonicalHeaders.append(name).append(':')
                    .append(value == null ? "" : value.trim().replaceAll("\\s+", " ")).append('\n');
        }
        String canonicalRequest = method + "\n"
                + canonicalPath(rawPath, service) + "\n"
                + canonicalQuery(rawQuery) + "\n"
                + canonicalHeaders + "\n"
                + String.join(";", signedHeaders) + "\n"
                + payloadHash;
        String date = amzDate.substring(0, 8);
        String scope = date + "/" + region + "/" + service + "/aws4_request";
        String stringToSign = ALGORITHM + "\n" + amzDate + "\n" + scope + "\n"
                + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
        byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, service);
        key = hmac(key, "aws4_request");
        return HexFormat.of().formatHex(hmac(key, stringToSign));
    }

    /** S3 uses the path as sent; every other service encodes the (already encoded) path once more. */
    private static String canonicalPath(String rawPath, String service) {
        String path = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
        if (service.equals("s3")) {
            return path;
        }
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/", -1)) {
            segments.add(encode(segment));
        }
        return String.join("/", segments);
    }

    private static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String> pairs = new ArrayList<>();
        for (String part : rawQuery.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String k = eq < 0 ? part : part.substring(0, eq);
            String v = eq < 0 ? "" : part.substring(eq + 1);
            pairs.add(encode(decode(k)) + "=" + encode(decode(v)));
        }
        pairs.sort(null);
        return String.join("&", pairs);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** RFC 3986 encoding as SigV4 wants it: unreserved characters stay, everything else %XX upper-case. */
    static String encode(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
