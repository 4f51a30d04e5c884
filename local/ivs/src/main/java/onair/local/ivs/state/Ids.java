package onair.local.ivs.state;

import java.security.SecureRandom;

/** Random identifiers shaped like the ones IVS hands out. */
public final class Ids {

    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    public static String alnum(int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(ALNUM.charAt(RANDOM.nextInt(ALNUM.length())));
        }
        return sb.toString();
    }

    /** Resource ids in ARNs: 12 characters like "AbCdEfGhIjKl". */
    public static String resourceId() {
        return alnum(12);
    }

    /** Stream ids: "st-" and 23 characters (botocore ivs 2020-07-14, shape StreamId: length 26, st-[a-zA-Z0-9]+). */
    public static String streamId() {
        return "st-" + alnum(23);
    }
}
