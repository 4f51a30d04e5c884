package onair.local.ivs;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

import java.time.Duration;

import onair.local.ivs.media.RecordingTiming;
import onair.local.ivs.media.Rendition;

/** The emulator's command line, parsed and validated once. */
public record EmulatorConfig(
        String region,
        String account,
        int apiPort,
        int playbackPort,
        int rtmpPort,
        URI s3Endpoint,
        URI eventsEndpoint,
        Path workDir,
        List<Rendition> renditions,
        RecordingTiming recordingTiming,
        String ffmpeg,
        String nginx,
        URI iamEndpoint) {

    public static final String USAGE = """
            Usage: java -jar onair-local-ivs.jar [flags]

            Emulated Amazon IVS for the OnAir local platform: the IVS control-plane API (REST-JSON),
            an RTMP ingest (a child nginx-rtmp) that accepts only a channel's current stream key,
            live multi-rendition HLS, auto-record to S3 in the IVS layout, and IVS EventBridge events.

            Flags:
              --region R            AWS region (default us-east-1)
              --account A           AWS account id (default 123456789012)
              --api-port N          IVS API port on 127.0.0.1 (required; 0 = any free port)
              --playback-port N     live HLS port on 127.0.0.1 (required; 0 = any free port)
              --rtmp-port N         RTMP ingest port on 127.0.0.1 (required; 0 = any free port)
              --s3-endpoint URL     S3 endpoint for recordings (moto), path-style (required)
              --events-endpoint URL the cloud emulator's gateway: IVS events go to its service-event endpoint
                                    URL/_onair/aws-service-events, as AWS services put aws.* events (PutEvents
                                    refuses them); optional: without it events are only logged
              --iam-endpoint URL    IAM + STS (moto): CreateRecordingConfiguration then needs the service-linked role
                                    AWSServiceRoleForIVSRecordToS3 or the caller's right to create it, as on AWS
                                    (optional: without it the role is not checked)
              --work-dir DIR        state file, nginx config/logs, live HLS output (required)
              --renditions LIST     transcodes beside the source rendition (always served, copied), e.g.
                                    480p30,160p30; those at or above the source height are left out;
                                    'none' = the source only (default 480p30,360p30,160p30, as IVS STANDARD)
              --recording-delay-seconds N     stream start to the first recorded playlist (default 50)
              --recording-playlist-interval-seconds N  recorded playlist rewrites while live (default 30)
              --recording-segment-seconds N   recorded media file length, 2-60 (default 10)
              --recording-endlist-while-live true|false  end each rewrite while live with
                                    #EXT-X-ENDLIST (default true)
              --ffmpeg PATH         ffmpeg binary (default ffmpeg)
              --nginx PATH          nginx binary with the RTMP module (default nginx)
              --help                this text
            """;

    public static EmulatorConfig parse(String[] args) {
        String region = "us-east-1";
        String account = "123456789012";
        Integer api = null;
        Integer playback = null;
        Integer rtmp = null;
        URI s3 = null;
        URI events = null;
        URI iam = null;
        Path work = null;
        String renditions = "480p30,360p30,160p30";
        RecordingTiming ivs = RecordingTiming.IVS;
        long delay = ivs.firstWrite().toSeconds();
        long interval = ivs.playlistInterval().toSeconds();
        int segment = ivs.segmentSeconds();
        boolean endlist = ivs.endlistWhileLive();
        String ffmpeg = "ffmpeg";
        String nginx = "nginx";
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                throw new HelpRequested();
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("flag " + flag + " needs a value");
            }
            String value = args[++i];
            switch (flag) {
                case "--region" -> region = value;
                case "--account" -> account = value;
                case "--api-port" -> api = port(flag, value);
                case "--playback-port" -> playback = port(flag, value);
                case "--rtmp-port" -> rtmp = port(flag, value);
                case "--s3-endpoint" -> s3 = uri(flag, value);
                case "--events-endpoint" -> events = uri(flag, value);
                case "--iam-endpoint" -> iam = uri(flag, value);
                case "--work-dir" -> work = Path.of(value).toAbsolutePath();
                case "--renditions" -> renditions = value;
                case "--recording-delay-seconds" -> delay = number(flag, value, 0, 600);
                case "--recording-playlist-interval-seconds" -> interval = number(flag, value, 1, 600);
                case "--recording-segment-seconds" -> segment = (int) number(flag, value, 2, 60);
                case "--recording-endlist-while-live" -> endlist = bool(flag, value);
                case "--ffmpeg" -> ffmpeg = value;
                case "--nginx" -> nginx = value;
                default -> throw new IllegalArgumentException("unknown flag " + flag);
            }
        }
        if (!region.matches("[a-z]{2}(-[a-z]+)+-\\d")) {
            throw new IllegalArgumentException("--region '" + region + "' is not an AWS region name");
        }
        if (!account.matches("\\d{12}")) {
            throw new IllegalArgumentException("--account must be 12 digits, got '" + account + "'");
        }
        require(api, "--api-port");
        require(playback, "--playback-port");
        require(rtmp, "--rtmp-port");
        require(s3, "--s3-endpoint");
        require(work, "--work-dir");
        return new EmulatorConfig(region, account, api, playback, rtmp, s3, events, work,
                Rendition.parseList(renditions),
                new RecordingTiming(Duration.ofSeconds(delay), Duration.ofSeconds(interval), segment, endlist),
                ffmpeg, nginx, iam);
    }

    private static void require(Object value, String flag) {
        if (value == null) {
            throw new IllegalArgumentException(flag + " is required (see --help)");
        }
    }

    private static int port(String flag, String value) {
        try {
            int port = Integer.parseInt(value);
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be a port number 0-65535, got '" + value + "'");
        }
    }

    private static long number(String flag, String value, long min, long max) {
        try {
            long n = Long.parseLong(value);
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be a whole number " + min + "-" + max + ", got '" + value + "'");
        }
    }

    private static boolean bool(String flag, String value) {
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(flag + " must be true or false, got '" + value + "'");
        };
    }

    private static URI uri(String flag, String value) {
        URI uri = URI.create(value);
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new IllegalArgumentException(flag + " must be an absolute URL, got '" + value + "'");
        }
        return uri;
    }

    /** Thrown for --help so main can print usage and exit 0. */
    public static final class HelpRequested extends RuntimeException {
        HelpRequested() {
            super("help", null, false, false);
        }
    }
}
