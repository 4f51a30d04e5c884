package onair.function.status;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;

/** GET /api/stream: the state from the short cache, with validators for polling players. */
@Controller("/api")
public class StreamController {

    /** See {@link EdgeCaching}: the one place that decides how the API is cached at the edge. */
    static final String CACHE_FRESH = EdgeCaching.FRESH;
    static final String CACHE_STALE = EdgeCaching.STALE;

    private final StatusEndpoint endpoint;

    public StreamController(StatusEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Get(uri = "/stream", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> stream(@Nullable @Header(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        StatusEndpoint.Result r = endpoint.get(ifNoneMatch);
        StatusAnswers.Answer a = r.answer();
        if (r.notModified()) {
            return HttpResponse.<byte[]>notModified().header(HttpHeaders.ETAG, a.etag())
                    .header(HttpHeaders.CACHE_CONTROL, a.cacheControl());
        }
        return HttpResponse.ok(a.body()).contentType(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.ETAG, a.etag()).header(HttpHeaders.CACHE_CONTROL, a.cacheControl());
    }
}
