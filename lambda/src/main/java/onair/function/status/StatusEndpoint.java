package onair.function.status;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

/**
 * What GET /api/stream answers, in one place for both ways in: the Micronaut controller ({@link StreamController},
 * every other path and method, CORS) and the handler's direct path ({@code onair.function.handler.StatusHandler}).
 * Per request: the current state ({@link CurrentState}: cache, reconcile, stale flag), the view (a few field reads)
 * and the precomputed answer.
 */
@Singleton
public class StatusEndpoint {

    /** The answer, and whether the request's If-None-Match matched it (then: 304, no body). */
    public record Result(StatusAnswers.Answer answer, boolean notModified) {
    }

    /** Both results for one answer, made once per answer rather than once per request. */
    private record Results(Result modified, Result notModified) {
    }

    private final CurrentState current;
    private final StatusViews views;
    private final StatusAnswers answers;
    private volatile Results last;

    public StatusEndpoint(CurrentState current, StatusViews views, StatusAnswers answers) {
        this.current = current;
        this.views = views;
        this.answers = answers;
    }

    public Result get(@Nullable String ifNoneMatch) {
        CurrentState.Current now = current.now();
        StatusAnswers.Answer answer = answers.of(views.of(now.state(), now.stale()));
        Results rs = last;
        if (rs == null || rs.modified().answer() != answer) {
            rs = new Results(new Result(answer, false), new Result(answer, true));
            last = rs;
        }
        return matches(ifNoneMatch, answer.etag()) ? rs.notModified() : rs.modified();
    }

    /** If-None-Match uses weak comparison (RFC 9110 13.1.2): W/ prefixes are ignored; lists and * are allowed. */
    static boolean matches(@Nullable String ifNoneMatch, String etag) {
        if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
            return false;
        }
        if (ifNoneMatch.equals(etag)) {
            return true; // the usual case: a player sends back exactly the ETag it got
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String c = candidate.trim();
            if (c.equals("*")) {
                return true;
            }
            if (c.startsWith("W/")) {
                c = c.substring(2);
            }
            if (c.equals(etag)) {
                return true;
            }
        }
        return false;
    }
}
