package onair.function.channel;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * What the function serves of the stored channel info. The rules are owned by the API contract
 * (lambda/api/stream-status.schema.json: title, description, nextStreamAt); scripts/channel enforces them before
 * storing, reading them from that file. These constants are the contract's, checked equal to it by
 * ChannelInfoRulesTest, so a hand-edited parameter can never make the function emit a body the contract refuses:
 * a field that breaks them is served as null (and logged by the caller), the other fields stay.
 */
public final class ChannelInfoRules {

    public static final int TITLE_MAX = 100;
    public static final int DESCRIPTION_MAX = 500;
    public static final String TITLE_PATTERN =
            "^[^\\u0000-\\u001f\\u007f-\\u009f<>]*[^\\s\\u0000-\\u001f\\u007f-\\u009f<>][^\\u0000-\\u001f\\u007f-\\u009f<>]*$";
    public static final String DESCRIPTION_PATTERN = "^[^\\u0000-\\u0009\\u000b-\\u001f\\u007f-\\u009f<>]*"
            + "[^\\s\\u0000-\\u001f\\u007f-\\u009f<>][^\\u0000-\\u0009\\u000b-\\u001f\\u007f-\\u009f<>]*$";
    public static final String NEXT_PATTERN =
            "^20[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]Z$";

    private static final Pattern TITLE = Pattern.compile(TITLE_PATTERN);
    private static final Pattern DESCRIPTION = Pattern.compile(DESCRIPTION_PATTERN);
    private static final Pattern NEXT = Pattern.compile(NEXT_PATTERN);

    private ChannelInfoRules() {
    }

    /**
     * The stored info checked once (the patterns are too dear for every status request): what is served before and
     * after its announced time.
     *
     * @param stored the info as stored
     * @param ahead  the fields that satisfy the contract, served while {@code next} is ahead
     * @param passed the same without {@code nextStreamAt}, served once it has passed (or when there is none)
     * @param next   the announced time, when it satisfies the contract
     */
    public record Checked(ChannelInfo stored, ChannelInfo ahead, ChannelInfo passed, @Nullable Instant next) {

        /** What is served at {@code now}: an announced time that has passed is no longer "next". */
        public ChannelInfo at(Instant now) {
            return next != null && next.isAfter(now) ? ahead : passed;
        }
    }

    /** Checks every field of {@code stored} against the contract. */
    public static Checked check(ChannelInfo stored) {
        String title = text(stored.title(), TITLE, TITLE_MAX);
        String description = text(stored.description(), DESCRIPTION, DESCRIPTION_MAX);
        Instant next = next(stored.nextStreamAt());
        ChannelInfo passed = new ChannelInfo(title, description, null);
        return new Checked(stored, next == null ? passed : new ChannelInfo(title, description, stored.nextStreamAt()),
                passed, next);
    }

    /** The fields that satisfy the contract; an announced time that has passed is no longer "next". */
    public static ChannelInfo served(ChannelInfo stored, Instant now) {
        return check(stored).at(now);
    }

    /** True when every field satisfies the contract (the time may have passed: that is not a fault). */
    public static boolean valid(ChannelInfo stored) {
        return check(stored).ahead().equals(stored);
    }

    @Nullable
    private static String text(@Nullable String s, Pattern pattern, int max) {
        if (s == null || s.isEmpty() || s.codePointCount(0, s.length()) > max || !pattern.matcher(s).matches()) {
            return null;
        }
        return s;
    }

    @Nullable
    private static Instant next(@Nullable String s) {
        if (s == null || !NEXT.matcher(s).matches()) {
            return null;
        }
        try {
            return Instant.parse(s); // refuses 2026-02-30T…, which the pattern lets through
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
