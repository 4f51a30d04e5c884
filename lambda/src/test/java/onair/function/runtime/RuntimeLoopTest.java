package onair.function.runtime;

import io.micronaut.serde.ObjectMapper;
import onair.function.support.FakeRuntimeApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * OnAir's Runtime API loop against a real HTTP Runtime API on loopback ({@link FakeRuntimeApi}, paths, headers and
 * status codes from https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html and its OpenAPI spec): what a
 * custom runtime must do per that page, which Micronaut's loop did before and nothing tested.
 */
class RuntimeLoopTest {

    private final FakeRuntimeApi api = start();
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();

    private static FakeRuntimeApi start() {
        try {
            return new FakeRuntimeApi();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void stop() {
        api.close();
    }

    /** Runs the loop on its own thread; {@link #exit} completes with its exit status. */
    private void serve(RuntimeLoop.Initializer init) {
        Thread t = new Thread(() -> exit.complete(new RuntimeLoop(new RuntimeApi(api.address()),
                Map.of("AWS_LAMBDA_FUNCTION_NAME", "onair-test", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "256")).run(init)),
                "runtime-loop-test");
        t.setDaemon(true);
        t.start();
    }

    private static String text(byte[] payload) {
        return new String(payload, StandardCharsets.UTF_8);
    }

    @Test
    void answersEachEventAndPostsAFailedOneAsAnInvocationErrorThenGoesOn() throws Exception {
        serve(() -> (payload, context) -> {
            if (text(payload).contains("boom")) {
                throw new IllegalStateException("the \"boom\" event\nbroke it");
            }
            return ("{\"echo\":" + text(payload) + "}").getBytes(StandardCharsets.UTF_8);
        });
        String first = api.enqueue("{\"n\":1}");
        String broken = api.enqueue("{\"boom\":true}");
        String third = api.enqueue("{\"n\":3}");

        FakeRuntimeApi.Answer a = api.await(30);
        assertEquals(first, a.requestId());
        assertFalse(a.error());
        assertEquals("{\"echo\":{\"n\":1}}", a.body());

        FakeRuntimeApi.Answer e = api.await(30);
        assertEquals(broken, e.requestId());
        assertTrue(e.error(), "a handler exception is posted to /invocation/{id}/error");
        assertEquals("Function.Unhandled", e.errorType());
        Map<?, ?> doc = ObjectMapper.getDefault().readValue(e.body(), Map.class); // valid JSON despite quotes, newline
        assertEquals("the \"boom\" event\nbroke it", doc.get("errorMessage"));
        assertEquals(IllegalStateException.class.getName(), doc.get("errorType"));
        assertTrue(doc.get("stackTrace") instanceof List<?> trace && !trace.isEmpty(), () -> "stackTrace: " + doc);

        FakeRuntimeApi.Answer c = api.await(30);
        assertEquals(third, c.requestId(), "the loop goes on after a failed invocation");
        assertFalse(c.error());
    }

    @Test
    void eachInvocationSeesItsOwnContextAndXrayHeader() throws Exception {
        serve(() -> (payload, context) -> String.join("|", context.getAwsRequestId(),
                context.getInvokedFunctionArn(), context.getFunctionName(),
                Integer.toString(context.getMemoryLimitInMB()),
                Boolean.toString(context.getRemainingTimeInMillis() > 0 && context.getRemainingTimeInMillis() <= 30_000),
                String.valueOf(System.getProperty(RuntimeLoop.TRACE_PROPERTY))).getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 2; i++) {
            String id = api.enqueue("{}");
            FakeRuntimeApi.Answer a = api.await(30);
            assertEquals(String.join("|", id, "arn:aws:lambda:us-east-1:123456789012:function:onair-test",
                    "onair-test", "256", "true", FakeRuntimeApi.traceId(id)), a.body());
        }
    }

    @Test
    void aFunctionThatCannotStartReportsAnInitErrorAndExits() throws Exception {
        serve(() -> {
            throw new IllegalArgumentException("onair.state-parameter is not set");
        });
        Map<?, ?> doc = ObjectMapper.getDefault().readValue(api.awaitInitError(30), Map.class);
        assertEquals("onair.state-parameter is not set", doc.get("errorMessage"));
        assertEquals(IllegalArgumentException.class.getName(), doc.get("errorType"));
        assertEquals(1, exit.get(30, TimeUnit.SECONDS));
    }

    @Test
    void aRefusedAnswerCostsOnlyThatInvocationAndAContainerErrorEndsTheProcess() throws Exception {
        serve(() -> (payload, context) -> payload);
        api.answerNextPostWith(413); // e.g. an answer over the 6 MB payload quota
        api.enqueue("{\"n\":1}");
        assertFalse(api.await(30).error());
        String next = api.enqueue("{\"n\":2}");
        assertEquals(next, api.await(30).requestId(), "the loop takes the next event after a 413");
        assertFalse(exit.isDone());

        api.answerNextPostWith(500); // "Container error. Non-recoverable state. Runtime should exit promptly."
        api.enqueue("{\"n\":3}");
        api.await(30);
        assertEquals(1, exit.get(30, TimeUnit.SECONDS));
    }

    @Test
    void aRuntimeApiThatGoesAwayEndsTheLoop() throws Exception {
        serve(() -> (payload, context) -> payload);
        api.enqueue("{}");
        api.await(30);
        api.close();
        assertEquals(1, exit.get(30, TimeUnit.SECONDS));
    }

    @Test
    void aRuntimeWithoutItsAddressSaysSo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RuntimeApi(" "));
        assertTrue(e.getMessage().contains("AWS_LAMBDA_RUNTIME_API"), e.getMessage());
    }
}
