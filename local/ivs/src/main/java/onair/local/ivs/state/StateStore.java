package onair.local.ivs.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The control-plane state (channels, keys, recording configurations and their tags), persisted to one JSON
 * file after every change: Terraform state refers to these ARNs, so they must survive an emulator restart.
 * Every method is synchronized: the API is tiny and writes are rare, a lock is simpler than anything clever.
 */
public final class StateStore {

    /** The on-disk shape. */
    record Snapshot(List<Channel> channels, List<StreamKey> streamKeys, List<RecordingConfiguration> recordingConfigurations) {
    }

    private final Path file;
    private final ObjectMapper mapper;
    private final Map<String, Channel> channels = new LinkedHashMap<>();
    private final Map<String, StreamKey> streamKeys = new LinkedHashMap<>();
    private final Map<String, RecordingConfiguration> recordingConfigurations = new LinkedHashMap<>();

    public StateStore(Path file, ObjectMapper mapper) {
        this.file = file;
        this.mapper = mapper.copy().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        load();
    }

    private void load() {
        if (!Files.exists(file)) {
            return;
        }
        try {
            Snapshot s = mapper.readValue(file.toFile(), Snapshot.class);
            nullSafe(s.channels()).forEach(c -> channels.put(c.arn(), c));
            nullSafe(s.streamKeys()).forEach(k -> streamKeys.put(k.arn(), k));
            nullSafe(s.recordingConfigurations()).forEach(r -> recordingConfigurations.put(r.arn(), r));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the IVS emulator state " + file
                    + " (fix or remove it; it holds the channels Terraform knows)", e);
        }
    }

    private static <T> List<T> nullSafe(List<T> list) {
        return list == null ? List.of() : list;
    }

    private void save() {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            mapper.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), new Snapshot(
                    new ArrayList<>(channels.values()), new ArrayList<>(streamKeys.values()),
                    new ArrayList<>(recordingConfigurations.values())));
            // atomic replace: a crash mid-write must not lose the previous state
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the IVS emulator state " + file, e);
        }
    }

    public synchronized void putChannel(Channel c) {
        channels.put(c.arn(), c);
        save();
    }

    public synchronized Optional<Channel> channel(String arn) {
        return Optional.ofNullable(channels.get(arn));
    }

    public synchronized List<Channel> channels() {
        return List.copyOf(channels.values());
    }

    public synchronized void removeChannel(String arn) {
        channels.remove(arn);
        streamKeys.values().removeIf(k -> k.channelArn().equals(arn));
        save();
    }

    public synchronized void putStreamKey(StreamKey k) {
        streamKeys.put(k.arn(), k);
        save();
    }

    public synchronized Optional<StreamKey> streamKey(String arn) {
        return Optional.ofNullable(streamKeys.get(arn));
    }

    public synchronized List<StreamKey> streamKeysOf(String channelArn) {
        return streamKeys.values().stream().filter(k -> k.channelArn().equals(channelArn)).toList();
    }

    /** The channel whose current key has this value (what the ingest checks). */
    public synchronized Optional<Channel> channelByKeyValue(String value) {
        return streamKeys.values().stream().filter(k -> k.value().equals(value)).findFirst()
                .map(k -> channels.get(k.channelArn()));
    }

    public synchronized void removeStreamKey(String arn) {
        streamKeys.remove(arn);
        save();
    }

    public synchronized void putRecordingConfiguration(RecordingConfiguration r) {
        recordingConfigurations.put(r.arn(), r);
        save();
    }

    public synchronized Optional<RecordingConfiguration> recordingConfiguration(String arn) {
        return Optional.ofNullable(recordingConfigurations.get(arn));
    }

    public synchronized List<RecordingConfiguration> recordingConfigurations() {
        return List.copyOf(recordingConfigurations.values());
    }

    public synchronized void removeRecordingConfiguration(String arn) {
        recordingConfigurations.remove(arn);
        save();
    }
}
