package onair.local.iam;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * IAM and STS over their Query protocol (form POST, XML answers) against an emulated endpoint (moto). moto does not
 * verify signatures; it reads the access key id from the Authorization header to know the caller, so a request
 * "as" a caller carries that caller's access key id. Never used against AWS.
 */
public final class IamQuery {

    private final URI endpoint;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public IamQuery(URI endpoint) {
        this.endpoint = endpoint;
    }

    /** An IAM/STS error answer (e.g. NoSuchEntity). */
    public static final class QueryException extends RuntimeException {
        private final String code;

        QueryException(String code, String message) {
            super(code + ": " + message);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /** One action as the caller with this access key id; the answer's root element. */
    public Element action(String service, String accessKeyId, Map<String, String> params) {
        return call(service, accessKeyId, params).getDocumentElement();
    }

    /** The text of the first element with this tag in an answer. */
    public static Optional<String> field(Element answer, String tag) {
        return text(answer, tag);
    }

    Document call(String service, String accessKeyId, Map<String, String> params) {
        Map<String, String> all = new LinkedHashMap<>(params);
        all.put("Version", service.equals("sts") ? "2011-06-15" : "2010-05-08");
        String form = all.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        String date = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd"));
        HttpRequest req = HttpRequest.newBuilder(endpoint.resolve("/"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=" + accessKeyId + "/" + date
                        + "/us-east-1/" + service + "/aws4_request, SignedHeaders=host, Signature=0")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        try {
            HttpResponse<byte[]> res = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
            Document doc = parse(res.body());
            if (res.statusCode() >= 300) {
                throw new QueryException(text(doc.getDocumentElement(), "Code").orElse("HTTP " + res.statusCode()),
                        text(doc.getDocumentElement(), "Message").orElse(""));
            }
            return doc;
        } catch (IOException e) {
            throw new IllegalStateException(service + " " + params.get("Action") + " at " + endpoint + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static Document parse(byte[] xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        } catch (Exception e) {
            throw new IllegalStateException("not an XML answer: " + new String(xml, StandardCharsets.UTF_8), e);
        }
    }

    static Optional<String> text(Element parent, String tag) {
        NodeList n = parent.getElementsByTagName(tag);
        return n.getLength() == 0 ? Optional.empty() : Optional.of(n.item(0).getTextContent().trim());
    }

    static List<String> texts(Element parent, String tag) {
        NodeList n = parent.getElementsByTagName(tag);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n.getLength(); i++) {
            out.add(n.item(i).getTextContent().trim());
        }
        return out;
    }
}
