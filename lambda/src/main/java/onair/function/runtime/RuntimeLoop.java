package onair.function.runtime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Map;

/**
 * The custom runtime's event loop, as https://docs.aws.amazon.com/lambda/latest/dg/runtimes-custom.html describes
 * it: initialise once (a failure is posted to /init/error and the process exits), then forever take the next event,
 * hand it to the function and post its answer, or its exception as an invocation error. The X-Ray header of each
 * event is set where the AWS SDK reads it in a Java process (system property {@code com.amazonaws.xray.traceHeader},
 * the one TraceIdExecutionInterceptor reads besides {@code _X_AMZN_TRACE_ID}; a process cannot set its own
 * environment). A Runtime API that answers 500 or cannot be reached ends the process (Lambda starts a new one).
 */
public final class RuntimeLoop {

    /** Builds the function; runs once, in Lambda's init phase. */
    @FunctionalInterface
    public interface Initializer {
        InvocationHandler start() throws Exception;
    }

    private static final Logger LOG = LoggerFactory.getLogger(RuntimeLoop.class);

    static final String TRACE_PROPERTY = "com.amazonaws.xray.traceHeader";

    private final RuntimeApi api;
    private final Map<String, String> env;

    public RuntimeLoop(RuntimeApi api, Map<String, String> env) {
        this.api = api;
        this.env = env;
    }

    /** The loop of a Lambda process: from the environment Lambda sets; returns only by exiting the process. */
    public static void serve(Initializer init) {
        Map<String, String> env = System.getenv();
        int code = new RuntimeLoop(new RuntimeApi(env.get("AWS_LAMBDA_RUNTIME_API")), env).run(init);
        System.exit(code);
    }

    /** @return the process exit status once the loop cannot go on (it never ends otherwise) */
    public int run(Initializer init) {
        InvocationHandler handler;
        try {
            handler = init.start();
        } catch (Exception | LinkageError e) {
            LOG.error("the function could not start", e);
            try {
                api.initFailed(e);
            } catch (IOException report) {
                LOG.error("reporting the init error failed: {}", report.toString());
            }
            return 1;
        }
        while (true) {
            Invocation invocation;
            try {
                invocation = api.next();
            } catch (IOException e) {
                LOG.error("the Runtime API is gone, exiting: {}", e.toString());
                return 1;
            }
            if (!answer(handler, invocation)) {
                return 1;
            }
        }
    }

    /** @return false when the Runtime API can no longer be talked to */
    private boolean answer(InvocationHandler handler, Invocation invocation) {
        if (invocation.traceId() == null) {
            System.clearProperty(TRACE_PROPERTY);
        } else {
            System.setProperty(TRACE_PROPERTY, invocation.traceId());
        }
        byte[] answer;
        try {
            answer = handler.handle(invocation.payload(), new InvocationContext(invocation, env));
        } catch (Exception | LinkageError e) {
            LOG.error("invocation {} failed", invocation.requestId(), e);
            return post(() -> api.fail(invocation.requestId(), e), invocation);
        }
        return post(() -> api.respond(invocation.requestId(), answer), invocation);
    }

    private interface Post {
        void run() throws IOException;
    }

    private static boolean post(Post post, Invocation invocation) {
        try {
            post.run();
            return true;
        } catch (RuntimeApi.Unrecoverable e) {
            LOG.error("{}; exiting", e.getMessage());
            return false;
        } catch (IOException e) {
            // e.g. 413: the answer is over the payload quota. Lambda fails this invocation; the next one may be fine.
            LOG.error("the answer to {} was refused: {}", invocation.requestId(), e.getMessage());
            return true;
        }
    }
}
