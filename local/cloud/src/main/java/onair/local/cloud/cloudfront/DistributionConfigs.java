package onair.local.cloud.cloudfront;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import onair.local.cloud.aws.Xml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * moto stores distributions but loses fields of their config (origins' OriginAccessControlId, and it adds legacy
 * ForwardedValues to behaviours that use a cache policy), so Terraform would plan a change on every run. The gateway
 * keeps each distribution's config exactly as the client sent it (work-dir/cloudfront/distributions/&lt;id&gt;.xml)
 * and puts it back into moto's Get/Create/Update answers; moto still owns ids, ETags, status and everything else.
 */
public final class DistributionConfigs {
    private static final Pattern CREATE = Pattern.compile("/2020-05-31/distribution");
    private static final Pattern ONE = Pattern.compile("/2020-05-31/distribution/([A-Z0-9]+)(/config)?");

    private final Path dir;

    public DistributionConfigs(Path dir) {
        this.dir = dir;
    }

    public static boolean handles(String method, String path) {
        return (method.equals("POST") && CREATE.matcher(path).matches())
                || ((method.equals("GET") || method.equals("PUT") || method.equals("DELETE"))
                && ONE.matcher(path).matches());
    }

    /** Adjusts moto's answer to a distribution call; returns the body to send. */
    public byte[] afterMoto(String method, String path, byte[] requestBody, int status, byte[] responseBody) {
        if (status >= 300 && !(method.equals("DELETE") && status == 204)) {
            return responseBody;
        }
        Matcher one = ONE.matcher(path);
        String id = one.matches() ? one.group(1) : null;
        if (method.equals("DELETE")) {
            try {
                Files.deleteIfExists(file(id));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return responseBody;
        }
        if (method.equals("POST") || method.equals("PUT")) {
            Element sent = configOf(Xml.parse(requestBody));
            if (id == null) {
                id = Xml.text(Xml.parse(responseBody), "Id");
            }
            if (sent != null && id != null) {
                store(id, Xml.serialize(sent));
            }
        }
        return id == null ? responseBody : substitute(id, responseBody);
    }

    private byte[] substitute(String id, byte[] responseBody) {
        Path f = file(id);
        if (!Files.exists(f) || responseBody.length == 0) {
            return responseBody;
        }
        try {
            Element root = Xml.parse(responseBody);
            Element motoConfig = Xml.name(root).equals("DistributionConfig") ? root : Xml.child(root, "DistributionConfig");
            if (motoConfig == null) {
                return responseBody;
            }
            // field by field: what the client sent wins, what only moto has (OriginGroups, Staging, ...) stays,
            // because the provider expects the service's full shape back
            Element stored = Xml.parse(Files.readAllBytes(f));
            Document doc = root.getOwnerDocument();
            for (Element sent : Xml.children(stored, null)) {
                Node imported = doc.importNode(sent, true);
                List<Element> existing = Xml.children(motoConfig, Xml.name(sent));
                if (existing.isEmpty()) {
                    motoConfig.appendChild(imported);
                } else {
                    motoConfig.replaceChild(imported, existing.get(0));
                }
            }
            return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + Xml.serialize(root)).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Element configOf(Element request) {
        if (Xml.name(request).equals("DistributionConfig")) {
            return request;
        }
        return Xml.child(request, "DistributionConfig"); // DistributionConfigWithTags
    }

    private void store(String id, String xml) {
        try {
            Files.createDirectories(dir);
            Files.writeString(file(id), xml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path file(String id) {
        return dir.resolve(id.replaceAll("[^A-Z0-9]", "") + ".xml");
    }
}
