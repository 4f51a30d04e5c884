package onair.local.cloud.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import onair.local.cloud.aws.Exchanges;
import onair.local.cloud.aws.Json;
import onair.local.cloud.aws.MotoForwarder;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;

/**
 * The Lambda operations that depend on the account's concurrency, answered in front of moto (moto has no account
 * limits worth the name: without MOTO_LAMBDA_CONCURRENCY_QUOTA it accepts any reservation, with it the unreserved
 * minimum is hard-coded to 100). Keeping them here keeps the account model in one place, the {@link AccountConcurrency}
 * the Lambda host throttles with.
 * <ul>
 *   <li>PutFunctionConcurrency (botocore lambda 2015-03-31: PUT /2017-10-31/functions/{FunctionName}/concurrency): a
 *   reservation that would leave less than the unreserved minimum is refused with InvalidParameterValueException
 *   (HTTP 400, members {@code Type} and {@code message}); an accepted one is stored by moto.</li>
 *   <li>GetAccountSettings (GET /2016-08-19/account-settings; moto does not implement it): the account's limits,
 *   so {@code aws lambda get-account-settings} answers locally what it answers on AWS.</li>
 * </ul>
 */
public final class LambdaAccountApi {
    private static final Pattern CONCURRENCY = Pattern.compile("/2017-10-31/functions/([^/]+)/concurrency");
    static final String ACCOUNT_SETTINGS = "/2016-08-19/account-settings";
    /** The Java SDK sends the path with a trailing slash. */
    private static final String ACCOUNT_SETTINGS_SLASH = ACCOUNT_SETTINGS + "/";

    private final AccountConcurrency account;
    private final FunctionResolver resolver;
    private final LambdaClient lambda;
    private final MotoForwarder moto;

    public LambdaAccountApi(AccountConcurrency account, FunctionResolver resolver, LambdaClient lambda, MotoForwarder moto) {
        this.account = account;
        this.resolver = resolver;
        this.lambda = lambda;
        this.moto = moto;
    }

    public static boolean handles(String method, String path) {
        return method.equals("PUT") && CONCURRENCY.matcher(path).matches()
                || method.equals("GET") && (path.equals(ACCOUNT_SETTINGS) || path.equals(ACCOUNT_SETTINGS_SLASH));
    }

    public void handle(HttpExchange exchange, byte[] body) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (path.equals(ACCOUNT_SETTINGS) || path.equals(ACCOUNT_SETTINGS_SLASH)) {
            accountSettings(exchange);
            return;
        }
        Matcher m = CONCURRENCY.matcher(path);
        m.matches();
        String function = FunctionResolver.split(URLDecoder.decode(m.group(1), StandardCharsets.UTF_8), null)[0];
        JsonNode requested = body.length == 0 ? null : Json.parse(body).get("ReservedConcurrentExecutions");
        if (requested == null || !requested.canConvertToInt() || requested.asInt() < 0) {
            moto.forward(exchange, body); // moto answers malformed requests its own way
            return;
        }
        int others = resolver.loadReservations().entrySet().stream()
                .filter(e -> !e.getKey().equals(function)).mapToInt(Map.Entry::getValue).sum();
        String refusal = account.refusal(requested.asInt(), others);
        if (refusal != null) {
            exchange.getResponseHeaders().set("x-amzn-RequestId", java.util.UUID.randomUUID().toString());
            exchange.getResponseHeaders().set("x-amzn-ErrorType", "InvalidParameterValueException");
            Exchanges.json(exchange, 400, Json.write(Map.of("Type", "User", "message", refusal)));
            return;
        }
        moto.forward(exchange, body);
    }

    private void accountSettings(HttpExchange exchange) throws IOException {
        long functions = 0;
        long codeSize = 0;
        for (FunctionConfiguration f : lambda.listFunctionsPaginator().functions()) {
            functions++;
            codeSize += f.codeSize() == null ? 0 : f.codeSize();
        }
        int reserved = resolver.loadReservations().values().stream().mapToInt(Integer::intValue).sum();
        var limits = Json.object();
        // storage limits: Lambda quotas page (75 GB total; 250 MB unzipped; 50 MB zipped direct upload)
        limits.put("TotalCodeSize", 80_530_636_800L);
        limits.put("CodeSizeUnzipped", 262_144_000L);
        limits.put("CodeSizeZipped", 52_428_800L);
        limits.put("ConcurrentExecutions", account.limit());
        limits.put("UnreservedConcurrentExecutions", account.unreserved(reserved));
        var usage = Json.object();
        usage.put("TotalCodeSize", codeSize);
        usage.put("FunctionCount", functions);
        var out = Json.object();
        out.set("AccountLimit", limits);
        out.set("AccountUsage", usage);
        exchange.getResponseHeaders().set("x-amzn-RequestId", java.util.UUID.randomUUID().toString());
        Exchanges.json(exchange, 200, Json.write(out));
    }
}
