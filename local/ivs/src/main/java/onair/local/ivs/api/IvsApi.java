package onair.local.ivs.api;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import onair.local.ivs.http.Http;

/**
 * The IVS control plane over REST-JSON, as the AWS SDKs and the Terraform provider call it: POST /&lt;Action&gt;
 * with a JSON body, tags on /tags/{url-encoded ARN}; errors as status + x-amzn-ErrorType + {"exceptionMessage"}
 * (botocore ivs 2020-07-14: every error shape has the member exceptionMessage, e.g. ValidationException).
 * Requests are not SigV4-verified: the local platform has one trusted user (documented).
 */
public final class IvsApi implements HttpHandler {

    private static final Logger LOG = Logger.getLogger(IvsApi.class.getName());

    private final ObjectMapper mapper;
    private final Map<String, Operation> routes = new HashMap<>();
    private final TagOperations tags;

    public IvsApi(ObjectMapper mapper, ChannelOperations channels, StreamKeyOperations keys,
            RecordingConfigurationOperations recordings, StreamOperations streams, TagOperations tags) {
        this.mapper = mapper;
        this.tags = tags;
        channels.register(routes);
        keys.register(routes);
        recordings.register(routes);
        streams.register(routes);
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        String action = path.startsWith("/tags/") ? "tags" : path;
        try {
            Body body = new Body(readJson(ex));
            ObjectNode result;
            if (path.startsWith("/tags/")) {
                String arn = URLDecoder.decode(path.substring("/tags/".length()), StandardCharsets.UTF_8);
                List<String> keys = Http.query(ex.getRequestURI().getRawQuery()).getOrDefault("tagKeys", List.of());
                result = tags.handle(ex.getRequestMethod(), arn, body, keys);
            } else {
                Operation op = routes.get(path);
                if (op == null) {
                    throw new ApiException(404, "UnknownOperationException", "unknown operation " + path);
                }
                if (!"POST".equals(ex.getRequestMethod())) {
                    throw new ApiException(405, "MethodNotAllowedException", path + " takes POST");
                }
                result = op.apply(body);
            }
            if (result == null) {
                Http.send(ex, 204, null, new byte[0]);
            } else {
                Http.send(ex, 200, "application/json", mapper.writeValueAsBytes(result));
            }
        } catch (ApiException e) {
            LOG.fine(() -> action + " -> " + e.type() + ": " + e.getMessage());
            error(ex, e.status(), e.type(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "IVS API " + action + " failed", e);
            error(ex, 500, "InternalServerException", "internal error: " + e);
        }
    }

    private JsonNode readJson(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            byte[] raw = in.readAllBytes();
            if (raw.length == 0) {
                return null;
            }
            JsonNode n = mapper.readTree(raw);
            if (n != null && !n.isObject()) {
                throw ApiException.validation("the request body must be a JSON object");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw ApiException.validation("the request body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private void error(HttpExchange ex, int status, String type, String message) throws IOException {
        ex.getResponseHeaders().set("x-amzn-ErrorType", type);
        ObjectNode body = mapper.createObjectNode().put("exceptionMessage", message);
        Http.send(ex, status, "application/json", mapper.writeValueAsBytes(body));
    }
}
