package onair.function.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The client side of the Lambda Runtime API, version 2018-06-01
 * (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html; OpenAPI spec: runtime-api.zip on that page):
 * next invocation, invocation response, invocation error, initialization error. Plain {@link HttpURLConnection},
 * the HTTP stack the SDK's URL-connection client loads anyway: no Netty, no Reactor, no second HTTP client on the
 * start path.
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

    /**
     * One post; sent again once, on a new connection, when the connection fails before any answer came back (a
     * kept-alive connection the server had already closed: HttpURLConnection retries only idempotent requests
     * itself). Had the first one arrived, the second gets a 4xx, which is logged and does no harm.
     */
    private void post(String path, byte[] body, String errorType) throws IOException {
        try {
            postOnce(path, body, errorType);
        } catch (Answered e) {
            throw e.failure;
        } catch (IOException connectionFailed) {
            try {
                postOnce(path, body, errorType);
            } catch (Answered e) {
                throw e.failure;
            }
        }
    }

    /** The Runtime API answered, with a status that is not 2xx: final, not to be sent again. */
    private static final class Answered extends IOException {
        private final IOException failure;

        Answered(IOException failure) {
            super(failure.getMessage());
            this.failure = failure;
        }
    }

    private void postOnce(String path, byte[] body, String errorType) throws IOException {
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
            throw new Answered(failure("POST " + path, status, answer));
        }
    }

    private HttpURLConnection open(String path, String method) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(base + path).toURL().openConnection();
        c.setRequestMethod(method);
        c.setConnectTimeout(10_000);
        c.setReadTimeout(30_000);
        c.setUseCaches(false);
        // A new connection per call: a kept-alive one the server has already given up on fails the next POST
        // ("Unexpected end of file", or no answer until the read timeout: both seen against the JDK server of the
        // tests), and a POST is not retried by HttpURLConnection. Over loopback a connect costs microseconds.
        c.setRequestProperty("Connection", "close");
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
        StringWriter trace = new StringWriter();
        error.printStackTrace(new PrintWriter(trace));
        StringBuilder json = new StringBuilder(256).append("{\"errorMessage\":");
        quote(json, String.valueOf(error.getMessage()));
        json.append(",\"errorType\":");
        quote(json, error.getClass().getName());
        json.append(",\"stackTrace\":[");
        String[] lines = trace.toString().split("\\R");
        for (int i = 1; i < lines.length; i++) { // line 0 repeats type and message
            if (i > 1) {
                json.append(',');
            }
            quote(json, lines[i].trim());
        }
        return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void quote(StringBuilder json, String s) {
        json.append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        json.append(String.format("\\u%04x", (int) ch));
                    } else {
                        json.append(ch);
                    }
                }
            }
        }
        json.append('"');
    }
}
