package onair.function.recordings;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * When an S3 lifecycle expiration rule removes a recording. S3 "calculates the time by adding the number of days
 * specified in the rule to the object creation time and rounding the resulting time to the next day's midnight UTC"
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-expire-general-considerations.html). A recording's
 * first objects are written at (or just after) its start, so from {@code ceilToMidnight(startedAt + days)} on its
 * beginning may be gone: it stops being listed then, even if S3 removes the objects a little later.
 */
public final class Retention {

    private Retention() {
    }

    /** @param days 0 = never expires */
    public static boolean expired(Instant startedAt, int days, Instant now) {
        return days > 0 && !now.isBefore(expiresAt(startedAt, days));
    }

    public static Instant expiresAt(Instant startedAt, int days) {
        Instant t = startedAt.plus(Duration.ofDays(days));
        Instant midnight = t.truncatedTo(ChronoUnit.DAYS);
        return midnight.equals(t) ? t : midnight.plus(Duration.ofDays(1));
    }
}
