package onair.local.ivs.events;

import java.time.Instant;
import java.util.Map;

/** An event as IVS hands it to EventBridge: detail-type, the channel ARN, when it happened, the detail. */
public record IvsEvent(String detailType, String channelArn, Instant time, Map<String, Object> detail) {

    public static final String STREAM_STATE = "IVS Stream State Change";
    public static final String RECORDING_STATE = "IVS Recording State Change";
}
