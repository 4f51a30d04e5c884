package onair.function.status;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.exceptions.HttpStatusException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns every failure into {"error","message"} JSON with the right status; details go to the log only. */
@Controller
public class ErrorController {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorController.class);

    @Error(status = HttpStatus.NOT_FOUND, global = true)
    public HttpResponse<ErrorBody> notFound(HttpRequest<?> request) {
        return error(HttpStatus.NOT_FOUND, "not_found", "no such resource: " + request.getPath());
    }

    @Error(status = HttpStatus.METHOD_NOT_ALLOWED, global = true)
    public HttpResponse<ErrorBody> methodNotAllowed(HttpRequest<?> request) {
        return error(HttpStatus.METHOD_NOT_ALLOWED, "method_not_allowed",
                request.getMethodName() + " is not allowed on " + request.getPath() + " (use GET)")
                .header(HttpHeaders.ALLOW, "GET, HEAD");
    }

    @Error(global = true)
    public HttpResponse<ErrorBody> unavailable(HttpRequest<?> request, StateUnavailableException e) {
        LOG.error("{} {}: {}", request.getMethodName(), request.getPath(), e.getMessage());
        return error(HttpStatus.SERVICE_UNAVAILABLE, "state_unavailable",
                "the stream state cannot be read right now; retry shortly");
    }

    @Error(global = true)
    public HttpResponse<ErrorBody> status(HttpRequest<?> request, HttpStatusException e) {
        return error(e.getStatus(), e.getStatus().name().toLowerCase(), e.getMessage());
    }

    @Error(global = true)
    public HttpResponse<ErrorBody> unexpected(HttpRequest<?> request, Throwable e) {
        LOG.error("{} {} failed", request.getMethodName(), request.getPath(), e);
        return error(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error", "unexpected error; it has been logged");
    }

    private static MutableHttpResponse<ErrorBody> error(HttpStatus status, String code, String message) {
        return HttpResponse.<ErrorBody>status(status).body(new ErrorBody(code, message))
                .header(HttpHeaders.CACHE_CONTROL, EdgeCaching.ERROR);
    }
}
