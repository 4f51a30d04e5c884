package onair.function.cds;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import onair.function.LambdaBootstrap;
import onair.function.handler.StatusRuntime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The training run behind the JVM zip's class-data-sharing archive (lib/onair.jsa), run once by the Maven build
 * at package time under {@code -XX:ArchiveClassesAtExit} from the unpacked zip (see pom.xml, execution
 * {@code cds-training}). It plays, on 127.0.0.1, the two things a first request talks to: the Lambda Runtime API
 * (one GET /api/stream function-URL event on /invocation/next, then the posted answer) and SSM (ParameterNotFound,
 * which the function reads as "no stream yet"); the status runtime in between is the zip's own
 * ({@code StatusRuntime}, as {@code bootstrap} starts it), so the archive holds the
 * classes the real start path and first request load. It exits 0 once the answer is a 200, else 1 (the build
 * fails: an archive trained on an error path would be the wrong one). Not reachable from the function's main.
 */
public final class ArchiveTraining {

    private static final String RUNTIME = "/2018-06-01/runtime/invocation/";
    private static final int TIMEOUT_SECONDS = 120;

    private ArchiveTraining() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        String event;
        try (InputStream in = ArchiveTraining.class.getResourceAsStream("/onair/cds/training-get.json")) {
            event = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        AtomicInteger handedOut = new AtomicInteger();
        AtomicBoolean answeredOk = new AtomicBoolean();
        server.createContext("/", ex -> serve(ex, event, handedOut, answeredOk));
        server.start();
        String api = "127.0.0.1:" + server.getAddress().getPort();
        // the SDK's own settings chain (system properties): SSM and the rest at the stand-in, fixed credentials
        System.setProperty("aws.endpointUrl", "http://" + api);
        System.setProperty("aws.region", "us-east-1");
        System.setProperty("aws.accessKeyId", "training");
        System.setProperty("aws.secretAccessKey", "training");
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(TIMEOUT_SECONDS * 1000L);
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("onair cds training: no answer within " + TIMEOUT_SECONDS + " s");
            Runtime.getRuntime().halt(1);
        });
        watchdog.setDaemon(true);
        watchdog.start();
        // the zip's main class: loaded (not run: its runtime reads the Runtime API address from the environment)
        System.err.println("onair cds training: main class " + LambdaBootstrap.class.getName());
        new StatusRuntime() {
            @Override
            protected String getEnv(String name) {
                return "AWS_LAMBDA_RUNTIME_API".equals(name) ? api : super.getEnv(name);
            }
        }.run(args);
    }

    private static void serve(HttpExchange ex, String event, AtomicInteger handedOut,
                              AtomicBoolean answeredOk) throws IOException {
        String path = ex.getRequestURI().getPath();
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (path.equals(RUNTIME + "next")) {
            if (handedOut.getAndIncrement() > 0) {
                // the answer is in and the loop waits for the next event, as a warm function does: end here.
                // System.exit runs the JVM's exit path, where -XX:ArchiveClassesAtExit writes the archive.
                System.exit(answeredOk.get() ? 0 : 1);
            }
            ex.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", "cds-training");
            ex.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis()
                    + TIMEOUT_SECONDS * 1000L));
            ex.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn",
                    "arn:aws:lambda:us-east-1:123456789012:function:onair-cds-training");
            reply(ex, 200, "application/json", event);
        } else if (path.startsWith(RUNTIME) || path.endsWith("/init/error")) {
            boolean ok = path.endsWith("/response") && body.contains("\"statusCode\":200");
            System.err.println("onair cds training: " + path + (ok ? " (200)" : ": " + body));
            if (!ok) {
                System.exit(1);
            }
            answeredOk.set(true);
            reply(ex, 202, "application/json", "{\"status\":\"OK\"}");
        } else {
            // AWS JSON 1.1 error shape (SSM): the function reads ParameterNotFound as the initial state
            ex.getResponseHeaders().add("x-amzn-ErrorType", "ParameterNotFound");
            reply(ex, 400, "application/x-amz-json-1.1",
                    "{\"__type\":\"ParameterNotFound\",\"message\":\"cds training\"}");
        }
    }

    private static void reply(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
