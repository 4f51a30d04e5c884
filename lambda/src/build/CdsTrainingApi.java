import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The other side of the JVM zip's class-data-sharing training run (src/build/cds-archive), a build tool run as a
 * single-file source program ({@code java CdsTrainingApi.java EVENT_FILE}), so nothing of it is in the function's
 * zip. On 127.0.0.1 it plays what a first request talks to: the Lambda Runtime API (one GET /api/stream function-URL
 * event on /invocation/next, then the posted answer) and SSM (ParameterNotFound, which the function reads as "no
 * stream yet"). It prints its port, then one verdict line: {@code ok} once the function posted a 200 answer and
 * asked for the next event (the point a warm function waits at), {@code failed} on any other answer or an init
 * error, {@code timeout} after 120 s; it keeps serving (so the function is stopped while it waits, not on an error
 * path that would be trained too) until its standard input closes.
 * Runtime API paths and headers: https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html
 * SSM's error shape (AWS JSON 1.1, __type): botocore ssm/2014-11-06/service-2.json, ParameterNotFound.
 */
public final class CdsTrainingApi {

    private static final String RUNTIME = "/2018-06-01/runtime/";
    private static final int TIMEOUT_SECONDS = 120;

    public static void main(String[] args) throws Exception {
        // one write per answer: the JDK server otherwise leaves Nagle on (a 40 ms delayed ACK per reply)
        System.setProperty("sun.net.httpserver.nodelay", "true");
        String event = Files.readString(Path.of(args[0]));
        CountDownLatch done = new CountDownLatch(1);
        int[] exitCode = {0};
        int[] handedOut = {0};
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            synchronized (handedOut) {
                if (path.equals(RUNTIME + "invocation/next")) {
                    if (handedOut[0]++ > 0) {
                        done.countDown(); // the answer is in: the function waits for its next event
                        holdOpen(); // as Lambda does while no event comes; the training JVM is stopped under it
                        return;
                    }
                    ex.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", "cds-training");
                    ex.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms",
                            Long.toString(System.currentTimeMillis() + TIMEOUT_SECONDS * 1000L));
                    ex.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn",
                            "arn:aws:lambda:us-east-1:123456789012:function:onair-cds-training");
                    reply(ex, 200, "application/json", event);
                } else if (path.startsWith(RUNTIME)) {
                    boolean ok = path.endsWith("/response") && body.contains("\"statusCode\":200");
                    System.err.println("cds training: " + path + (ok ? " (200)" : ": " + body));
                    reply(ex, 202, "application/json", "{\"status\":\"OK\"}");
                    if (!ok) {
                        exitCode[0] = 1;
                        done.countDown();
                    }
                } else {
                    ex.getResponseHeaders().add("x-amzn-ErrorType", "ParameterNotFound");
                    reply(ex, 400, "application/x-amz-json-1.1",
                            "{\"__type\":\"ParameterNotFound\",\"message\":\"cds training\"}");
                }
            }
        });
        server.start();
        System.out.println(server.getAddress().getPort());
        System.out.flush();
        boolean finished = done.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        System.out.println(!finished ? "timeout" : exitCode[0] == 0 ? "ok" : "failed");
        System.out.flush();
        System.in.transferTo(OutputStream.nullOutputStream()); // until the script closes our input
        System.exit(0);
    }

    private static void holdOpen() {
        try {
            Thread.sleep(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS * 2L));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
