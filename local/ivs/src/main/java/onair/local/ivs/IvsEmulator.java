package onair.local.ivs;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import onair.local.iam.IamQuery;
import onair.local.iam.ServiceLinkedRoles;
import onair.local.ivs.admin.AdminApi;
import onair.local.ivs.api.ChannelOperations;
import onair.local.ivs.api.IvsApi;
import onair.local.ivs.api.Naming;
import onair.local.ivs.api.RecordingConfigurationOperations;
import onair.local.ivs.api.ServiceLinkedRoleGuard;
import onair.local.ivs.api.StreamKeyOperations;
import onair.local.ivs.api.StreamOperations;
import onair.local.ivs.api.TagOperations;
import onair.local.ivs.api.Views;
import onair.local.ivs.events.EventBridgePublisher;
import onair.local.ivs.http.Http;
import onair.local.ivs.ingest.IngestCallbacks;
import onair.local.ivs.ingest.NginxRtmp;
import onair.local.ivs.media.Broadcasts;
import onair.local.ivs.media.LivePlayback;
import onair.local.ivs.media.Recorder;
import onair.local.ivs.media.S3ObjectStore;
import onair.local.ivs.state.StateStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** Emulated Amazon IVS: wires the API, the ingest, the live origin, the recorder and the event publisher. */
public final class IvsEmulator implements AutoCloseable {
    static {
        // The JDK HttpServer leaves Nagle's algorithm on unless told otherwise. It writes headers and body
        // separately, so every small response waited for the peer's delayed ACK (~40 ms): with the Runtime API
        // and function URL hops that was ~95 ms per status request. Must be set before the first server exists.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }


    private static final Logger LOG = Logger.getLogger(IvsEmulator.class.getName());

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final Naming naming;
    private final int apiPort;

    private IvsEmulator(Naming naming, int apiPort) {
        this.naming = naming;
        this.apiPort = apiPort;
    }

    public static void main(String[] args) {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"); // the AWS SDK's chatter
        }
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tLZ %4$s %3$s: %5$s%6$s%n");
        EmulatorConfig config;
        try {
            config = EmulatorConfig.parse(args);
        } catch (EmulatorConfig.HelpRequested help) {
            System.out.print(EmulatorConfig.USAGE);
            return;
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.print(EmulatorConfig.USAGE);
            System.exit(2);
            return;
        }
        try {
            IvsEmulator emulator = start(config);
            Runtime.getRuntime().addShutdownHook(new Thread(emulator::close, "ivs-shutdown"));
            LOG.info(() -> "IVS emulator ready: api http://127.0.0.1:" + emulator.apiPort()
                    + " playback http://127.0.0.1:" + emulator.naming().playbackPort()
                    + " ingest " + emulator.naming().rtmpUrl());
        } catch (IOException | RuntimeException e) {
            System.err.println("error: the IVS emulator could not start: " + e.getMessage());
            System.exit(1);
        }
    }

    public static IvsEmulator start(EmulatorConfig config) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        Files.createDirectories(config.workDir());
        HttpServer api = Http.loopback(config.apiPort(), 8);
        HttpServer playback = Http.loopback(config.playbackPort(), 8);
        int rtmpPort = config.rtmpPort() == 0 ? freePort() : config.rtmpPort();
        Naming naming = new Naming(config.region(), config.account(), playback.getAddress().getPort(), rtmpPort);
        IvsEmulator emulator = new IvsEmulator(naming, api.getAddress().getPort());
        try {
            emulator.wire(config, mapper, api, playback);
        } catch (IOException | RuntimeException e) {
            emulator.close();
            throw e;
        }
        return emulator;
    }

    private void wire(EmulatorConfig config, ObjectMapper mapper, HttpServer api, HttpServer playback) throws IOException {
        resources.add(() -> api.stop(0));
        resources.add(() -> playback.stop(0));
        AwsCredentialsProvider credentials = System.getenv("AWS_ACCESS_KEY_ID") != null
                ? DefaultCredentialsProvider.create()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        Region region = Region.of(config.region());

        S3ObjectStore objects = new S3ObjectStore(S3Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(config.s3Endpoint())
                .forcePathStyle(true)
                .region(region)
                .credentialsProvider(credentials)
                .build());
        EventBridgePublisher events = new EventBridgePublisher(config.eventsEndpoint(), mapper, config.region(),
                config.account(), 500);
        Recorder recorder = new Recorder(1000);
        StateStore store = new StateStore(config.workDir().resolve("ivs-state.json"), mapper);

        int controlPort = freePort();
        NginxRtmp ingest = new NginxRtmp(config.nginx(), config.workDir().resolve("nginx"), naming.rtmpPort(),
                controlPort, apiPort);
        Broadcasts broadcasts = new Broadcasts(store, events, recorder, objects, mapper, config.account(),
                config.renditions(), config.recordingTiming(), config.ffmpeg(), config.workDir().resolve("live"),
                "rtmp://127.0.0.1:" + naming.rtmpPort() + "/app/", ingest::dropPublisher);
        // closed in reverse: stop taking streams, end them (events + recordings), then the clients they use
        resources.add(objects);
        resources.add(events);
        resources.add(recorder);
        resources.add(ingest);
        resources.add(broadcasts);

        Views views = new Views(mapper, naming);
        StreamKeyOperations keys = new StreamKeyOperations(store, naming, views);
        ChannelOperations channels = new ChannelOperations(store, naming, views, broadcasts, keys);
        HttpHandler ivsApi = new IvsApi(mapper, channels, keys,
                new RecordingConfigurationOperations(store, naming, views),
                new StreamOperations(channels, views, broadcasts),
                new TagOperations(store, views));
        api.createContext("/", config.iamEndpoint() == null ? ivsApi : new ServiceLinkedRoleGuard(ivsApi,
                new ServiceLinkedRoles(new IamQuery(config.iamEndpoint())), config.account(), mapper));
        api.createContext("/_ingest/", new IngestCallbacks(broadcasts));
        api.createContext("/_emulator/", new AdminApi(mapper, naming, broadcasts, events, ingest::alive));
        playback.createContext("/", new LivePlayback(broadcasts, naming));
        api.start();
        playback.start();
        ingest.start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    public int apiPort() {
        return apiPort;
    }

    public Naming naming() {
        return naming;
    }

    public URI apiUrl() {
        return URI.create("http://127.0.0.1:" + apiPort);
    }

    @Override
    public synchronized void close() {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                LOG.warning("shutdown: " + e);
            }
        }
        resources.clear();
    }
}
