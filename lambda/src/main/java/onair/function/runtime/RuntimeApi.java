package onair.function.runtime;

import onair.function.json.JsonText;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The client side of the Lambda Runtime API, version 2018-06-01
 * (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html; OpenAPI spec: runtime-api.zip on that page):
 * next invocation, invocation response, invocation error, initialization error. Plain {@link HttpURLConnection}
 * (the JDK's keep-alive cache reuses the one connection), the HTTP stack the SDK's URL-connection client loads
 * anyway: no Netty, no Reactor, no second HTTP client on the start path.
 */
public final class RuntimeApi {

    /** Thrown when the Runtime API answers 500: "Container error. Non-recoverable state. Runtime should exit". */
    public static final class Unrecoverable extends IOException {
        Unrecoverable(String message) {
            super(message);
        }
    }

    static final String NEXT = "/invocation/next";
    static final String ERROR_TYPE = "Lambda-Runtime-Function-Error-Type";

    private final String base;

    /** @param address AWS_LAMBDA_RUNTIME_API, host:port */
    public RuntimeApi(String address) {
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException("AWS_LAMBDA_RUNTIME_API is not set: this program runs inside a Lambda "
                    + "execution environment (or under a local Runtime API that sets it)");
        }
        this.base = "http://" + address.trim() + "/2018-06-01/runtime";
    }

    /** Blocks until Lambda hands out the next event (no read timeout: the docs say not to set one). */
    public Invocation next() throws IOException {
        HttpURLConnection c = open(NEXT, "GET");
        c.setReadTimeout(0);
        int status = c.getResponseCode();
        byte[] body = read(c, status);
        if (status != 200) {
            throw failure("GET " + NEXT, status, body);
        }
        String id = c.getHeaderField("Lambda-Runtime-Aws-Request-Id");
        if (id == null || id.isBlank()) {
            throw new IOException("GET " + NEXT + " answered without a Lambda-Runtime-Aws-Request-Id header");
        }
        return new Invocation(id, deadline(c.getHeaderField("Lambda-Runtime-Deadline-Ms")),
                c.getHeaderField("Lambda-Runtime-Invoked-Function-Arn"), c.getHeaderField("Lambda-Runtime-Trace-Id"),
                body);
    }

    /** POST /invocation/{id}/response: 202 expected; a 4xx (e.g. 413, an answer over the payload quota) is thrown. */
    public void respond(String requestId, byte[] answer) throws IOException {
        post("/invocation/" + segment(requestId) + "/response", answer, null);
    }

    /** POST /invocation/{id}/error with the error document the managed runtimes post. */
    public void fail(String requestId, Throwable error) throws IOException {
        post("/invocation/" + segment(requestId) + "/error", errorDocument(error), "Function.Unhandled");
    }

    /** POST /init/error: the function could not start; the runtime exits after it. */
    public void initFailed(Throwable error) throws IOException {
        post("/init/error", errorDocument(error), "Runtime.InitError");
    }

    private void post(String path, byte[] body, String errorType) throws IOException {
        HttpURLConnection c = open(path, "POST");
        c.setDoOutput(true);
        c.setFixedLengthStreamingMode(body.length);
        c.setRequestProperty("Content-Type", "application/json");
        if (errorType != null) {
            c.setRequestProperty(ERROR_TYPE, errorType);
        }
        try (OutputStream out = c.getOutputStream()) {
            out.write(body);
        }
        int status = c.getResponseCode();
        byte[] answer = read(c, status);
        if (status / 100 != 2) {
            throw failure("POST " + path, status, answer);
        }
    }

    private HttpURLConnection open(String path, String method) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(base + path).toURL().openConnection();
        c.setRequestMethod(method);
        c.setConnectTimeout(10_000);
        c.setReadTimeout(30_000);
        c.setUseCaches(false);
        return c;
    }

    /** Reads the whole body (so the connection goes back to the keep-alive cache) and closes the stream. */
    private static byte[] read(HttpURLConnection c, int status) throws IOException {
        InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
        if (in == null) {
            return new byte[0];
        }
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(256, c.getContentLength()));
            in.transferTo(out);
            return out.toByteArray();
        }
    }

    private static IOException failure(String call, int status, byte[] body) {
        String message = call + " answered " + status + ": " + new String(body, StandardCharsets.UTF_8);
        return status >= 500 ? new Unrecoverable(message) : new IOException(message);
    }

    private static long deadline(String header) {
        try {
            return header == null ? 0 : Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String segment(String requestId) {
        return URLEncoder.encode(requestId, StandardCharsets.UTF_8);
    }

    /** {"errorMessage", "errorType", "stackTrace"}: the shape in the runtime API's invocation-error example. */
    static byte[] errorDocument(Throwable error) {
        StringBuilder json = new StringBuilder(256)
                .append("{\"errorMessage\":").append(JsonText.string(String.valueOf(error.getMessage())))
                .append(",\"errorType\":").append(JsonText.string(error.getClass().getName()))
                .append(",\"stackTrace\":[");
        StackTraceElement[] frames = error.getStackTrace();
        for (int i = 0; i < frames.length; i++) {
            json.append(i == 0 ? "" : ",").append(JsonText.string(frames[i].toString()));
        }
        return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }
}
