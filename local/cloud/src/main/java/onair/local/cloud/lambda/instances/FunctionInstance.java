package onair.local.cloud.lambda.instances;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import onair.local.cloud.aws.Exchanges;
import onair.local.cloud.lambda.FunctionVersion;
import onair.local.cloud.lambda.InvokeResult;

/**
 * One execution environment: a running {@code ./bootstrap} process of one function version plus the Lambda
 * Runtime API (2018-06-01) it polls. It runs one invocation at a time, like a real Lambda sandbox.
 */
final class FunctionInstance {
    private static final String PREFIX = "/2018-06-01/runtime/";
    /** Init may take a JVM start on a busy machine; Lambda's own init limit (10 s) would be too tight here. */
    private static final Duration INIT_LIMIT = Duration.ofSeconds(120);

    /** An invocation handed to the runtime. */
    private record Pending(String requestId, byte[] payload, CompletableFuture<InvokeResult> result) {
    }

    final FunctionVersion function;
    private final HttpServer runtimeApi;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "runtime-api");
        t.setDaemon(true);
        return t;
    });
    private final SynchronousQueue<Pending> next = new SynchronousQueue<>();
    private final Process process;
    private volatile Pending current;
    private volatile String initError;
    private volatile Instant lastUsed = Instant.now();
    private volatile boolean busy;
    /** Set when the runtime first asks for an invocation: its init phase is over. */
    private volatile boolean initialised;

    FunctionInstance(FunctionVersion function, Path taskRoot, Path logFile, Map<String, String> baseEnv)
            throws IOException {
        this.function = function;
        runtimeApi = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        runtimeApi.setExecutor(executor);
        runtimeApi.createContext("/", this::handle);
        runtimeApi.start();
        ProcessBuilder pb = new ProcessBuilder(taskRoot.resolve("bootstrap").toString()).directory(taskRoot.toFile());
        Map<String, String> env = pb.environment();
        env.clear();
        for (String keep : new String[] {"PATH", "JAVA_HOME", "LANG", "HOME", "TMPDIR"}) {
            String v = System.getenv(keep);
            if (v != null) {
                env.put(keep, v);
            }
        }
        env.putAll(function.environment());
        env.putAll(baseEnv);
        env.put("_HANDLER", function.handler() == null ? "" : function.handler());
        env.put("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:" + runtimeApi.getAddress().getPort());
        env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
        env.put("LAMBDA_RUNTIME_DIR", taskRoot.toString());
        env.put("AWS_LAMBDA_FUNCTION_NAME", function.name());
        env.put("AWS_LAMBDA_FUNCTION_VERSION", function.version());
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(function.memoryMb()));
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + function.name());
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_provided.al2023");
        env.put("TZ", ":UTC");
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        try {
            process = pb.start();
        } catch (IOException e) {
            runtimeApi.stop(0);
            executor.shutdownNow();
            throw e;
        }
        process.onExit().thenRun(this::onExit);
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    boolean busy() {
        return busy;
    }

    /** Still in its init phase (a JVM starting), not yet asking for invocations. */
    boolean initialising() {
        return !initialised && alive();
    }

    Instant lastUsed() {
        return lastUsed;
    }

    /** Marks the instance as taken by one caller (the pool guarantees one at a time). */
    void reserve() {
        busy = true;
    }

    /** Runs one invocation to completion, timeout or runtime death; never throws for function problems. */
    InvokeResult invoke(byte[] payload) {
        String requestId = UUID.randomUUID().toString();
        try {
            if (!alive()) {
                return deathResult(requestId);
            }
            long timeoutMs = function.timeoutSeconds() * 1000L;
            Pending p = new Pending(requestId, payload, new CompletableFuture<>());
            current = p;
            // hand over to the runtime's GET /next; waits while the process is still initialising
            long initDeadline = System.currentTimeMillis() + INIT_LIMIT.toMillis();
            boolean handedOver = false;
            while (!handedOver && alive() && System.currentTimeMillis() < initDeadline) {
                handedOver = next.offer(p, 200, TimeUnit.MILLISECONDS);
            }
            if (!handedOver && !alive()) {
                return deathResult(requestId);
            }
            if (!handedOver) {
                stop();
                return InvokeResult.error(function.version(), "Runtime.InitTimeout",
                        initError != null ? initError : "the runtime did not ask for an invocation within "
                                + INIT_LIMIT.toSeconds() + " s (init too slow or stuck)");
            }
            try {
                return p.result().get(timeoutMs, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // Lambda kills the sandbox on timeout; the next invoke cold-starts a fresh one
                stop();
                return InvokeResult.error(function.version(), "Sandbox.Timedout", Instant.now() + " " + requestId
                        + " Task timed out after " + function.timeoutSeconds() + ".00 seconds");
            } catch (ExecutionException e) {
                return InvokeResult.error(function.version(), "Runtime.Unknown", String.valueOf(e.getCause()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return InvokeResult.error(function.version(), "Runtime.Interrupted", "invocation interrupted");
        } finally {
            current = null;
            lastUsed = Instant.now();
            busy = false;
        }
    }

    void stop() {
        // a bootstrap that forks (sh without exec) must not leave its children running
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        runtimeApi.stop(0);
        executor.shutdownNow();
    }

    private void onExit() {
        Pending p = current;
        if (p != null) {
            p.result().complete(deathResult(p.requestId()));
        }
        runtimeApi.stop(0);
        executor.shutdownNow();
    }

    private InvokeResult deathResult(String requestId) {
        String why = initError != null ? "Init error: " + initError
                : "Runtime exited" + (process.isAlive() ? "" : " with error: exit status " + process.exitValue());
        return InvokeResult.error(function.version(), "Runtime.ExitError", "RequestId: " + requestId + " Error: " + why);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        try {
            if (method.equals("GET") && path.equals(PREFIX + "invocation/next")) {
                nextInvocation(exchange);
            } else if (method.equals("POST") && path.equals(PREFIX + "init/error")) {
                initError = new String(Exchanges.body(exchange), StandardCharsets.UTF_8);
                Exchanges.json(exchange, 202, "{\"status\":\"OK\"}");
            } else if (method.equals("POST") && path.startsWith(PREFIX + "invocation/")) {
                complete(exchange, path.substring((PREFIX + "invocation/").length()));
            } else {
                Exchanges.json(exchange, 404, "{\"errorMessage\":\"unknown runtime API path " + path + "\","
                        + "\"errorType\":\"InvalidRequest\"}");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.close();
        }
    }

    private void nextInvocation(HttpExchange exchange) throws IOException, InterruptedException {
        initialised = true;
        Pending p = next.take();
        long deadline = System.currentTimeMillis() + function.timeoutSeconds() * 1000L;
        var h = exchange.getResponseHeaders();
        h.set("Lambda-Runtime-Aws-Request-Id", p.requestId());
        h.set("Lambda-Runtime-Deadline-Ms", Long.toString(deadline));
        h.set("Lambda-Runtime-Invoked-Function-Arn", function.arn());
        h.set("Lambda-Runtime-Trace-Id", "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 24) + ";Sampled=0");
        Exchanges.send(exchange, 200, "application/json", p.payload());
    }

    private void complete(HttpExchange exchange, String rest) throws IOException {
        int slash = rest.indexOf('/');
        String id = slash < 0 ? rest : rest.substring(0, slash);
        String kind = slash < 0 ? "" : rest.substring(slash + 1);
        byte[] body = Exchanges.body(exchange);
        Pending p = current;
        if (p == null || !p.requestId().equals(id) || !(kind.equals("response") || kind.equals("error"))) {
            Exchanges.json(exchange, 400, "{\"errorMessage\":\"unknown or finished request id " + id + "\","
                    + "\"errorType\":\"InvalidRequestID\"}");
            return;
        }
        InvokeResult result = kind.equals("response")
                ? new InvokeResult(body, null, function.version())
                : new InvokeResult(body.length == 0 ? "{}".getBytes(StandardCharsets.UTF_8) : body, "Unhandled",
                        function.version());
        p.result().complete(result);
        Exchanges.json(exchange, 202, "{\"status\":\"OK\"}");
    }
}
