package onair.local.cloud;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import onair.local.cloud.aws.LogFile;
import onair.local.cloud.aws.MotoClients;
import onair.local.cloud.aws.MotoForwarder;
import onair.local.cloud.cloudfront.CloudFrontPolicyApi;
import onair.local.cloud.cloudfront.DistributionConfigs;
import onair.local.cloud.cloudfront.DistributionSource;
import onair.local.cloud.cloudfront.PolicyStore;
import onair.local.cloud.edge.Edge;
import onair.local.cloud.edge.OriginFetcher;
import onair.local.cloud.events.EventBridgeDelivery;
import onair.local.cloud.events.SqsTargetDelivery;
import onair.local.cloud.functionurl.FunctionUrlFront;
import onair.local.cloud.gateway.AwsGateway;
import onair.local.cloud.lambda.AccountConcurrency;
import onair.local.cloud.lambda.FunctionResolver;
import onair.local.cloud.lambda.Invoker;
import onair.local.cloud.lambda.LambdaAccountApi;
import onair.local.cloud.lambda.async.AsyncInvocations;
import onair.local.cloud.lambda.async.FailureDestination;
import onair.local.cloud.lambda.instances.CodeStore;
import onair.local.cloud.lambda.instances.Instances;
import onair.local.cloud.lambda.invocation.Invocations;
import onair.local.cloud.sqs.SqsEventSourcePoller;

/**
 * Entry point: wires the AWS gateway, the Lambda host, the function URL front and the edge, all on 127.0.0.1.
 * Also used by the tests in-process through {@link #start(Options)}.
 */
public final class CloudEmulator implements AutoCloseable {
    static {
        // The JDK HttpServer leaves Nagle's algorithm on unless told otherwise. It writes headers and body
        // separately, so every small response waited for the peer's delayed ACK (~40 ms): with the Runtime API
        // and function URL hops that was ~95 ms per status request. Must be set before the first server exists.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /** moto's default account; ARNs and events carry it. */
    static final String ACCOUNT = "123456789012";

    static {
        // the edge must send the function URL host as Host (it is part of the SigV4 signature)
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
    }

    private final MotoClients moto;
    private final Instances instances;
    private final AsyncInvocations lambdaAsync;
    private final SqsEventSourcePoller sqsPollers;
    private final HttpServer gateway;
    private final HttpServer functionUrl;
    private final HttpServer edge;
    private final ExecutorService executor;

    private CloudEmulator(Options o) throws IOException {
        Files.createDirectories(o.workDir());
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "cloud-emulator-http");
            t.setDaemon(true);
            return t;
        });
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        moto = new MotoClients(o.motoEndpoint(), o.region(), o.accessKey(), o.secretKey());
        Map<String, String> baseEnv = new LinkedHashMap<>();
        baseEnv.put("AWS_REGION", o.region());
        baseEnv.put("AWS_DEFAULT_REGION", o.region());
        baseEnv.put("AWS_ACCESS_KEY_ID", o.accessKey());
        baseEnv.put("AWS_SECRET_ACCESS_KEY", o.secretKey());
        baseEnv.putAll(o.functionEnv());
        var functionsDir = o.workDir().resolve("functions");
        FunctionResolver resolver = new FunctionResolver(moto.lambda);
        // Lambda by role: the account's concurrency, the environments, the invoke path, the async queue
        AccountConcurrency account = new AccountConcurrency(o.accountConcurrency(), o.unreservedMinimum());
        instances = new Instances(new CodeStore(moto.s3, functionsDir, o.artifactsBucket()), functionsDir, baseEnv,
                o.idleStop(), account.limit(), o.maxParallelColdStarts());
        Invoker lambda = new Invocations(resolver, account, instances);
        lambdaAsync = new AsyncInvocations(resolver, lambda, new FailureDestination(moto.sqs));
        sqsPollers = new SqsEventSourcePoller(moto.lambda, moto.sqs, lambda, o.region(),
                o.workDir().resolve("event-source-mappings.log"), Duration.ofSeconds(2));
        PolicyStore policies = new PolicyStore(o.workDir().resolve("cloudfront"));
        functionUrl = server(o.functionUrlPort(),
                new FunctionUrlFront(moto.lambda, lambda, ACCOUNT, o.accessKey(), o.secretKey()));
        URI front = URI.create("http://127.0.0.1:" + functionUrl.getAddress().getPort());
        Edge edgeHandler = new Edge(new DistributionSource(moto.cloudFront, o.distributionId(), o.configRefresh())::get,
                policies, new OriginFetcher(http, o.motoEndpoint(), front, o.region(), o.accessKey(), o.secretKey()));
        edge = server(o.edgePort(), edgeHandler);
        MotoForwarder forwarder = new MotoForwarder(o.motoEndpoint(), http);
        LogFile asyncLog = new LogFile(o.workDir().resolve("lambda-async.log"));
        gateway = server(o.gatewayPort(), new AwsGateway(forwarder,
                new CloudFrontPolicyApi(policies),
                new EventBridgeDelivery(moto.events, lambdaAsync, new SqsTargetDelivery(moto.sqs, ACCOUNT), o.region(), ACCOUNT,
                        o.workDir().resolve("eventbridge.log")), lambda, lambdaAsync, edgeHandler::invalidate,
                new DistributionConfigs(o.workDir().resolve("cloudfront/distributions")),
                new LambdaAccountApi(account, resolver, moto.lambda, forwarder), asyncLog::append));
    }

    public static CloudEmulator start(Options options) throws IOException {
        return new CloudEmulator(options);
    }

    private HttpServer server(int port, HttpHandler handler) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        s.setExecutor(executor);
        s.createContext("/", handler);
        s.start();
        return s;
    }

    int gatewayPort() {
        return gateway.getAddress().getPort();
    }

    int edgePort() {
        return edge.getAddress().getPort();
    }

    int functionUrlPort() {
        return functionUrl.getAddress().getPort();
    }

    @Override
    public void close() {
        edge.stop(0);
        functionUrl.stop(0);
        gateway.stop(0);
        sqsPollers.close();
        lambdaAsync.close();
        instances.close();
        moto.close();
        executor.shutdownNow();
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || java.util.Arrays.asList(args).contains("--help")) {
            System.out.print(Options.USAGE);
            System.exit(args.length == 0 ? 2 : 0);
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage() + " (see --help)");
            System.exit(2);
            return;
        }
        CloudEmulator emulator = start(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // stop function processes too: nothing may outlive the emulator
            emulator.close();
            stopped.countDown();
        }));
        System.out.println("cloud-emulator ready gateway=" + emulator.gatewayPort() + " edge=" + emulator.edgePort()
                + " function-url=" + emulator.functionUrlPort() + " moto=" + options.motoEndpoint()
                + " account-concurrency=" + options.accountConcurrency()
                + " unreserved-minimum=" + options.unreservedMinimum()
                + " work-dir=" + options.workDir());
        System.out.flush();
        stopped.await();
    }
}
