package onair.local.ivs;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ivs.IvsClient;

/** Starts the emulator in-process on free ports (the same code path as the jar's main). */
final class Emulators {

    private Emulators() {
    }

    static IvsEmulator start(Path workDir, URI s3, URI events) throws Exception {
        List<String> args = new ArrayList<>(List.of("--api-port", "0", "--playback-port", "0",
                "--rtmp-port", Integer.toString(Tools.freePort()), "--s3-endpoint", s3.toString(),
                "--work-dir", workDir.toString(), "--renditions", "240p30,160p30",
                // IVS's timing (50 s to the first recorded playlist, rewrites every 30 s, 10 s files) scaled down
                // for tests; the defaults are checked in EmulatorConfigTest
                "--recording-delay-seconds", "8", "--recording-playlist-interval-seconds", "4",
                "--recording-segment-seconds", "6"));
        if (events != null) {
            args.addAll(List.of("--events-endpoint", events.toString()));
        }
        return IvsEmulator.start(EmulatorConfig.parse(args.toArray(String[]::new)));
    }

    /** The unchanged AWS SDK v2 IVS client, pointed at the emulator. */
    static IvsClient ivs(IvsEmulator emulator) {
        return IvsClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(emulator.apiUrl())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
    }
}
