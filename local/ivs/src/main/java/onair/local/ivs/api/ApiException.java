package onair.local.ivs.api;

/** An IVS error: HTTP status + the error type AWS puts in x-amzn-ErrorType + a message. */
public final class ApiException extends RuntimeException {

    private final int status;
    private final String type;

    public ApiException(int status, String type, String message) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public static ApiException validation(String message) {
        return new ApiException(400, "ValidationException", message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, "ResourceNotFoundException", message);
    }

    public static ApiException conflict(String message) {
        return new ApiException(409, "ConflictException", message);
    }

    public static ApiException notBroadcasting(String channelArn) {
        return new ApiException(404, "ChannelNotBroadcasting", "Channel is not broadcasting: " + channelArn);
    }

    /** botocore ivs 2020-07-14 ThrottlingException: httpStatusCode 429. */
    public static ApiException throttling(String message) {
        return new ApiException(429, "ThrottlingException", message);
    }

    public static ApiException quota(String message) {
        return new ApiException(402, "ServiceQuotaExceededException", message);
    }
}
