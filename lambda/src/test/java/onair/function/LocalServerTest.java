package onair.function;

import onair.function.support.AwsEndpoints;
import onair.function.support.FakeIvs;
import onair.function.support.FunctionHarness;
import onair.function.support.Schema;
import onair.testsupport.MotoServer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The local plain-HTTP server over real sockets, against moto. */
class LocalServerTest {

    @Test
    void servesTheApiOverHttp() throws Exception {
        try (MotoServer moto = AwsEndpoints.startMoto(); FakeIvs ivs = new FakeIvs()) {
            FunctionHarness.useEndpoints(moto.url(), ivs.endpoint());
            try (LocalServer server = LocalServer.start(0)) {
                HttpClient http = HttpClient.newHttpClient();
                URI uri = URI.create("http://127.0.0.1:" + server.port() + "/api/stream");
                HttpResponse<String> ok = http.send(HttpRequest.newBuilder(uri).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, ok.statusCode(), ok.body());
                assertEquals("", Schema.violations(ok.body()), ok.body());
                String etag = ok.headers().firstValue("etag").orElseThrow();
                assertTrue(ok.headers().firstValue("cache-control").orElseThrow().contains("max-age"));

                HttpResponse<String> notModified = http.send(HttpRequest.newBuilder(uri)
                        .header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(304, notModified.statusCode());

                HttpResponse<String> post = http.send(HttpRequest.newBuilder(uri)
                        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(405, post.statusCode(), post.body());
                assertEquals("method_not_allowed", Schema.tree(post.body()).get("error").asText());

                HttpResponse<String> head = http.send(HttpRequest.newBuilder(uri)
                        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, head.statusCode());
            }
        }
    }
}
