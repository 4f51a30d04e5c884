package onair.local.ivs.events;

/** Where IVS events go (EventBridge PutEvents in the emulator; a list in unit tests). */
public interface EventSink {
    void publish(IvsEvent event);
}
