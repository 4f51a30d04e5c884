package onair.local.cloud;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import onair.local.cloud.lambda.AccountConcurrency;

/** Command-line configuration of the emulator. Parsed once in {@link CloudEmulator}; immutable afterwards. */
record Options(
        URI motoEndpoint,
        int gatewayPort,
        int edgePort,
        int functionUrlPort,
        String region,
        Path workDir,
        Map<String, String> functionEnv,
        String accessKey,
        String secretKey,
        String artifactsBucket,
        String distributionId,
        Duration idleStop,
        Duration configRefresh,
        int accountConcurrency,
        int unreservedMinimum,
        int maxParallelColdStarts) {

    static final String USAGE = """
            Usage: java -jar onair-local-cloud.jar --moto-endpoint URL --work-dir DIR [options]

            Fills what moto_server lacks so the same Terraform, function zip and player run locally:
              AWS gateway       AWS endpoint; answers CloudFront cache/response-headers/origin-request policies,
                                EventBridge PutEvents (delivers to Lambda targets) and Lambda Invoke itself,
                                forwards everything else to moto unchanged.
              Lambda host       runs the function zip's bootstrap per function version (Lambda Runtime API).
              function URL      http://127.0.0.1:<port>/ acting as https://<id>.lambda-url.<region>.on.aws (payload 2.0).
              edge              http://127.0.0.1:<port>/ playing CloudFront for the distribution stored in moto.

            Options:
              --moto-endpoint URL       moto_server endpoint (required), e.g. http://127.0.0.1:5000
              --work-dir DIR            state: policies, unpacked functions, pids, logs (required)
              --gateway-port N          AWS gateway port (default 0 = any free port)
              --edge-port N             edge (viewer) port (default 0)
              --function-url-port N     function URL front port (default 0)
              --region R                AWS region (default us-east-1)
              --function-env KEY=VALUE  extra environment for every function process (repeatable)
              --access-key K            credentials for moto and for SigV4 checks (default $AWS_ACCESS_KEY_ID or "test")
              --secret-key S            (default $AWS_SECRET_ACCESS_KEY or "test")
              --artifacts-bucket B      bucket holding function zips (default: found by looking up the code key)
              --distribution-id ID      distribution the edge plays (default: the only/first one in moto)
              --idle-stop-seconds N     stop function processes idle this long (default 600)
              --config-refresh-seconds N  how often the edge re-reads the distribution (default 3)
              --account-concurrency N   the account's Lambda concurrency limit (default 10, a new AWS account's);
                                        invocations over it are throttled (sync: HTTP 429; async: retried later)
              --unreserved-minimum N    unreserved concurrency PutFunctionConcurrency must leave (default 10)
              --max-parallel-cold-starts N  function environments initialising at once on this machine (default 2;
                                        an invocation under the limit waits for a slot: a slower cold start)
              --help                    this text

            Prints "cloud-emulator ready gateway=<port> edge=<port> function-url=<port>" when all servers listen.
            """;

    static Options parse(String[] args) {
        Map<String, String> single = new LinkedHashMap<>();
        Map<String, String> env = new LinkedHashMap<>();
        List<String> known = List.of("--moto-endpoint", "--work-dir", "--gateway-port", "--edge-port",
                "--function-url-port", "--region", "--function-env", "--access-key", "--secret-key",
                "--artifacts-bucket", "--distribution-id", "--idle-stop-seconds", "--config-refresh-seconds",
                "--account-concurrency", "--unreserved-minimum", "--max-parallel-cold-starts");
        List<String> rest = new ArrayList<>(List.of(args));
        for (int i = 0; i < rest.size(); i++) {
            String flag = rest.get(i);
            String value = null;
            int eq = flag.indexOf('=');
            if (flag.startsWith("--") && eq > 0) {
                value = flag.substring(eq + 1);
                flag = flag.substring(0, eq);
            }
            if (!known.contains(flag)) {
                throw new IllegalArgumentException("unknown option: " + flag);
            }
            if (value == null) {
                if (i + 1 >= rest.size()) {
                    throw new IllegalArgumentException(flag + " needs a value");
                }
                value = rest.get(++i);
            }
            if (flag.equals("--function-env")) {
                int sep = value.indexOf('=');
                if (sep <= 0) {
                    throw new IllegalArgumentException("--function-env expects KEY=VALUE, got: " + value);
                }
                env.put(value.substring(0, sep), value.substring(sep + 1));
            } else {
                single.put(flag, value);
            }
        }
        // fail at parse time, with the flag names, rather than at start
        long limit = number(single, "--account-concurrency", AccountConcurrency.DEFAULT_LIMIT);
        long minimum = number(single, "--unreserved-minimum", AccountConcurrency.DEFAULT_UNRESERVED_MINIMUM);
        if (limit < 1 || limit > 100_000 || minimum < 0 || minimum > limit) {
            throw new IllegalArgumentException("need 1 <= --account-concurrency <= 100000 and 0 <= --unreserved-minimum"
                    + " <= --account-concurrency, got " + limit + " and " + minimum);
        }
        long coldStarts = number(single, "--max-parallel-cold-starts", 2);
        if (coldStarts < 1 || coldStarts > 1000) {
            throw new IllegalArgumentException("--max-parallel-cold-starts must be 1..1000, got " + coldStarts);
        }
        String moto = require(single, "--moto-endpoint");
        String workDir = require(single, "--work-dir");
        return new Options(
                URI.create(moto.endsWith("/") ? moto.substring(0, moto.length() - 1) : moto),
                port(single, "--gateway-port"),
                port(single, "--edge-port"),
                port(single, "--function-url-port"),
                single.getOrDefault("--region", "us-east-1"),
                Path.of(workDir).toAbsolutePath(),
                Map.copyOf(env),
                single.getOrDefault("--access-key", envOr("AWS_ACCESS_KEY_ID", "test")),
                single.getOrDefault("--secret-key", envOr("AWS_SECRET_ACCESS_KEY", "test")),
                single.get("--artifacts-bucket"),
                single.get("--distribution-id"),
                Duration.ofSeconds(number(single, "--idle-stop-seconds", 600)),
                Duration.ofSeconds(number(single, "--config-refresh-seconds", 3)),
                (int) number(single, "--account-concurrency", AccountConcurrency.DEFAULT_LIMIT),
                (int) number(single, "--unreserved-minimum", AccountConcurrency.DEFAULT_UNRESERVED_MINIMUM),
                (int) coldStarts);
    }

    private static String envOr(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    private static String require(Map<String, String> flags, String name) {
        String v = flags.get(name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
        return v;
    }

    private static int port(Map<String, String> flags, String name) {
        int p = (int) number(flags, name, 0);
        if (p < 0 || p > 65535) {
            throw new IllegalArgumentException(name + " must be 0..65535, got " + p);
        }
        return p;
    }

    private static long number(Map<String, String> flags, String name, long fallback) {
        String v = flags.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, got: " + v);
        }
    }
}
