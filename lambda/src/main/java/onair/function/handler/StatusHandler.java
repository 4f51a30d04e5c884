package onair.function.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.LambdaApplicationContextBuilder;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import io.micronaut.json.JsonMapper;
import onair.function.status.EdgeCaching;
import onair.function.status.ErrorBody;
import onair.function.status.StateUnavailableException;
import onair.function.status.StatusAnswers;
import onair.function.status.StatusEndpoint;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The status function's handler: the class the managed {@code java21} runtime calls
 * ({@code onair.function.handler.StatusHandler::handleRequest}; the runtime's own client reads the function-URL
 * payload 2.0 event into {@link APIGatewayV2HTTPEvent}) and the one the custom runtime ({@link StatusRuntime}) hands
 * its events to. The Micronaut application context starts in the no-argument constructor, i.e. in Lambda's init
 * phase, so SnapStart snapshots it; {@link #beforeCheckpoint} primes the SDK clients and the answer path with one
 * real request before the snapshot.
 *
 * <p>A same-origin or edge {@code GET /api/stream} (the request every viewer's poll becomes) is answered here from
 * the precomputed answer ({@link StatusAnswers}) without Micronaut's HTTP routing; every other request (other
 * paths and methods, cross-origin requests that need the CORS filter) goes through Micronaut's HTTP pipeline
 * ({@link APIGatewayV2HTTPEventFunction}: router, filters, controllers). That pipeline is built on the first request
 * that needs it, not at start: a cold start answers the viewers' GET without building routes it does not use
 * (before the SnapStart snapshot it is built, so restored instances have it). {@code StatusHandlerTest} checks both
 * ways give the same status, headers and body.
 */
public class StatusHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>, Resource,
        Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(StatusHandler.class);
    static final String PATH = "/api/stream";

    private final ApplicationContext context;
    private final boolean ownsContext;
    private final StatusEndpoint endpoint;
    private final JsonMapper json;
    private volatile APIGatewayV2HTTPEventFunction pipeline;

    /**
     * The managed runtime's way in: starts the application context as Micronaut's own function handlers do on
     * Lambda (environments function and lambda, singletons created eagerly: in the init phase, which SnapStart
     * snapshots) and registers the SnapStart hooks.
     */
    public StatusHandler() {
        this(new LambdaApplicationContextBuilder().build().start(), true);
        Core.getGlobalContext().register(this);
    }

    /** The custom runtime and tests: a context they started and close themselves. */
    public StatusHandler(ApplicationContext context) {
        this(context, false);
    }

    private StatusHandler(ApplicationContext context, boolean ownsContext) {
        this.context = context;
        this.ownsContext = ownsContext;
        this.endpoint = context.getBean(StatusEndpoint.class);
        this.json = context.getBean(JsonMapper.class);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        if (!direct(event)) {
            return pipeline().handleRequest(event, context);
        }
        Map<String, String> headers = event.getHeaders();
        StatusEndpoint.Result r;
        try {
            r = endpoint.get(headers == null ? null : headers.get("if-none-match"));
        } catch (StateUnavailableException e) {
            // as ErrorController#unavailable (no second SSM read through the router)
            LOG.error("GET {}: {}", PATH, e.getMessage());
            return unavailable();
        }
        StatusAnswers.Answer a = r.answer();
        if (r.notModified()) {
            return APIGatewayV2HTTPResponse.builder().withStatusCode(304)
                    .withHeaders(Map.of("ETag", a.etag(), "Cache-Control", a.cacheControl())).build();
        }
        return APIGatewayV2HTTPResponse.builder().withStatusCode(200).withHeaders(a.headers())
                .withBody(a.text()).withIsBase64Encoded(false).build();
    }

    /** Micronaut's HTTP pipeline on this context, built once, on first use. */
    private APIGatewayV2HTTPEventFunction pipeline() {
        APIGatewayV2HTTPEventFunction p = pipeline;
        if (p == null) {
            synchronized (this) {
                p = pipeline;
                if (p == null) {
                    p = new APIGatewayV2HTTPEventFunction(context); // uses the context, does not own it
                    pipeline = p;
                }
            }
        }
        return p;
    }

    /**
     * GET /api/stream without an Origin header: no CORS decision to make (function URLs pass header names in lower
     * case: https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html#urls-payloads).
     */
    static boolean direct(APIGatewayV2HTTPEvent event) {
        var rc = event == null ? null : event.getRequestContext();
        var http = rc == null ? null : rc.getHttp();
        if (http == null || !"GET".equals(http.getMethod()) || !PATH.equals(event.getRawPath())) {
            return false;
        }
        Map<String, String> headers = event.getHeaders();
        return headers == null || !headers.containsKey("origin");
    }

    private APIGatewayV2HTTPResponse unavailable() {
        try {
            String body = json.writeValueAsString(new ErrorBody("state_unavailable",
                    "the stream state cannot be read right now; retry shortly"));
            return APIGatewayV2HTTPResponse.builder().withStatusCode(503)
                    .withHeaders(Map.of("Content-Type", "application/json", "Cache-Control", EdgeCaching.ERROR))
                    .withBody(body).withIsBase64Encoded(false).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * SnapStart: before the snapshot, answer one real GET so the SDK clients (SSM, and S3/IVS when the state
     * needs them), the JSON encoders and the answer path are loaded and initialised in the snapshot
     * (https://docs.aws.amazon.com/lambda/latest/dg/snapstart-runtime-hooks-java.html). A failure only costs the
     * priming: the first real request then does the work.
     */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        pipeline(); // restored instances should not build it on a viewer's request
        try {
            endpoint.get(null);
        } catch (RuntimeException e) {
            LOG.warn("priming before the snapshot failed (the first request will do it): {}", e.toString());
        }
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Nothing to redo: the cached state expires by its TTL on the restored clock, and the SDK opens new
        // connections when a pooled one from before the snapshot fails.
    }

    /** Closes the application context when this handler started it. */
    @Override
    public void close() {
        if (ownsContext && context.isRunning()) {
            context.close();
        }
    }
}
