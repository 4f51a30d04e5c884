package onair.function.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.context.ApplicationContext;
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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The status function's handler class on the managed {@code java21} runtime
 * ({@code onair.function.handler.StatusHandler::handleRequest}; the runtime's own client reads the function-URL
 * payload 2.0 event into {@link APIGatewayV2HTTPEvent}). The Micronaut application context starts in the
 * constructor, i.e. in Lambda's init phase, so SnapStart snapshots it; {@link #beforeCheckpoint} primes the SDK
 * clients and the answer path with one real request before the snapshot.
 *
 * <p>A same-origin or edge {@code GET /api/stream} (the request every viewer's poll becomes) is answered here from
 * the precomputed answer ({@link StatusAnswers}) without Micronaut's HTTP routing; every other request (other
 * paths and methods, cross-origin requests that need the CORS filter) goes through Micronaut exactly as before.
 * {@code StatusHandlerTest} checks both ways give the same status, headers and body.
 */
public class StatusHandler extends APIGatewayV2HTTPEventFunction implements Resource {

    private static final Logger LOG = LoggerFactory.getLogger(StatusHandler.class);
    static final String PATH = "/api/stream";

    private final StatusEndpoint endpoint;
    private final JsonMapper json;

    /** Lambda's way in: starts the application context (init phase) and registers the SnapStart hooks. */
    public StatusHandler() {
        super();
        this.endpoint = getApplicationContext().getBean(StatusEndpoint.class);
        this.json = getApplicationContext().getBean(JsonMapper.class);
        Core.getGlobalContext().register(this);
    }

    /** Tests: a context they started. */
    public StatusHandler(ApplicationContext context) {
        super(context);
        this.endpoint = context.getBean(StatusEndpoint.class);
        this.json = context.getBean(JsonMapper.class);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        if (!direct(event)) {
            return super.handleRequest(event, context);
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
}
