package onair.function.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal Lambda Runtime API (2018-06-01) on a free loopback port: hands out queued events on
 * /invocation/next (long-polling like the real one) and captures what the runtime posts back.
 */
public final class FakeRuntimeApi implements AutoCloseable {

    private static final String NO_DELAY = "sun.net.httpserver.nodelay";

    static {
        // The JDK HttpServer leaves Nagle's algorithm on unless told otherwise, and it writes a response's headers
        // and body in two writes: the body then waits for the runtime's delayed ACK (~40 ms on Linux), on /next
        // and again on the 202 to /response, so every invocation through this emulator cost 50-90 ms (the
        // benchmark's "warm through the Runtime API" line). Lambda's Runtime API is served by Go's net/http
        // (AWS's Runtime Interface Emulator, github.com/aws/aws-lambda-runtime-interface-emulator, is the same
        // Go server), and Go sets TCP_NODELAY on every TCP connection by default
        // (https://pkg.go.dev/net#TCPConn.SetNoDelay). Read once, when the first HttpServer is built: surefire,
        // failsafe and scripts/bench-function also set it on the command line, so an earlier server in the same
        // JVM cannot have fixed it to false.
        if (System.getProperty(NO_DELAY) == null) {
            System.setProperty(NO_DELAY, "true");
        }
    }

    /**
     * What the function answered for one invocation.
     *
     * @param errorType the Lambda-Runtime-Function-Error-Type header of an error post (null on a response)
     */
    public record Answer(String requestId, boolean error, String body, long nanos, String errorType) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final BlockingQueue<String[]> pending = new LinkedBlockingQueue<>();
    private final BlockingQueue<Answer> answers = new LinkedBlockingQueue<>();
    private final CompletableFuture<String> initError = new CompletableFuture<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final BlockingQueue<Integer> postStatuses = new LinkedBlockingQueue<>();
    private volatile boolean open = true;

    public FakeRuntimeApi() throws IOException {
        if (!Boolean.getBoolean(NO_DELAY)) {
            throw new IllegalStateException(NO_DELAY + "=false: every answer would wait ~40 ms for a delayed ACK");
        }
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext("/2018-06-01/runtime/", this::handle);
        server.start();
    }

    /** host:port, as AWS_LAMBDA_RUNTIME_API. */
    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    public String enqueue(String event) {
        String id = "req-" + ids.incrementAndGet();
        pending.add(new String[] {id, event});
        return id;
    }

    /**
     * The status the next answer post gets instead of 202, as Lambda's Runtime API answers 413 (payload too large)
     * or 500 (container error, "Runtime should exit promptly"; the OpenAPI spec in runtime-api.zip,
     * https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html). The answer is still recorded.
     */
    public void answerNextPostWith(int status) {
        postStatuses.add(status);
    }

    /** The body the function posted to /init/error, waiting up to {@code seconds}. */
    public String awaitInitError(long seconds) throws Exception {
        return initError.get(seconds, TimeUnit.SECONDS);
    }

    public Answer await(long seconds) throws InterruptedException {
        Answer a = answers.poll(seconds, TimeUnit.SECONDS);
        if (a == null) {
            throw new AssertionError("no invocation answer within " + seconds + " s"
                    + (initError.isDone() ? "; init error: " + initError.getNow("") : ""));
        }
        return a;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (path.endsWith("/invocation/next")) {
                String[] next = null;
                while (open && next == null) {
                    try {
                        next = pending.poll(200, TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                if (next == null) {
                    ex.sendResponseHeaders(410, -1);
                    return;
                }
                ex.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", next[0]);
                ex.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms",
                        Long.toString(System.currentTimeMillis() + 30_000));
                ex.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn",
                        "arn:aws:lambda:us-east-1:123456789012:function:onair-test");
                ex.getResponseHeaders().add("Lambda-Runtime-Trace-Id", traceId(next[0]));
                ex.getResponseHeaders().add("Content-Type", "application/json");
                reply(ex, 200, next[1]);
            } else if (path.contains("/invocation/") && (path.endsWith("/response") || path.endsWith("/error"))) {
                String id = path.split("/")[4];
                // the status first: a test that sees this answer may queue the status of the next post at once
                Integer status = postStatuses.poll();
                answers.add(new Answer(id, path.endsWith("/error"), body, System.nanoTime(),
                        ex.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type")));
                if (status == null) {
                    reply(ex, 202, "{\"status\":\"OK\"}");
                } else {
                    reply(ex, status, "{\"errorMessage\":\"refused by the test\",\"errorType\":\"Test." + status + "\"}");
                }
            } else if (path.endsWith("/init/error")) {
                initError.complete(body);
                reply(ex, 202, "{\"status\":\"OK\"}");
            } else {
                reply(ex, 404, "{}");
            }
        }
    }

    /** The X-Ray header handed out with invocation {@code requestId}: a different one per invocation. */
    public static String traceId(String requestId) {
        return "Root=1-00000000-" + String.format("%024x", Math.abs(requestId.hashCode())) + ";Sampled=0";
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        open = false;
        server.stop(0);
        executor.shutdownNow();
    }
}
