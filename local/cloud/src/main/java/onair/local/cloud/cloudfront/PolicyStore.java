package onair.local.cloud.cloudfront;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import onair.local.cloud.aws.Json;
import onair.local.cloud.aws.Xml;
import org.w3c.dom.Element;

/**
 * CloudFront policies, persisted as one JSON file per kind under work-dir/cloudfront so a restart keeps what
 * Terraform created. The config is kept as the XML the client sent and echoed back inside the wrapper.
 */
public final class PolicyStore {
    /** One stored policy. {@code config} is the serialized {@code <XxxPolicyConfig>} element. */
    public record Policy(String id, String etag, String lastModified, String name, String config) {
        public Element configElement() {
            return Xml.parse(config.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    /** Why a write was refused; the API layer turns it into the CloudFront error. */
    static final class Conflict extends Exception {
        final int status;
        final String code;

        Conflict(int status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }
    }

    private final Path dir;
    private final Map<PolicyKind, Map<String, Policy>> policies = new EnumMap<>(PolicyKind.class);

    public PolicyStore(Path dir) {
        this.dir = dir;
        for (PolicyKind kind : PolicyKind.values()) {
            policies.put(kind, new LinkedHashMap<>(load(kind)));
        }
    }

    public synchronized Optional<Policy> get(PolicyKind kind, String id) {
        return Optional.ofNullable(policies.get(kind).get(id));
    }

    synchronized List<Policy> list(PolicyKind kind) {
        return new ArrayList<>(policies.get(kind).values());
    }

    public synchronized Policy create(PolicyKind kind, Element config) throws Conflict {
        String name = requireName(kind, config);
        for (Policy p : policies.get(kind).values()) {
            if (p.name().equals(name)) {
                throw new Conflict(409, kind.alreadyExists, "A policy with this name already exists: " + name);
            }
        }
        Policy policy = new Policy(UUID.randomUUID().toString(), newEtag(), now(), name, Xml.serialize(config));
        policies.get(kind).put(policy.id(), policy);
        save(kind);
        return policy;
    }

    synchronized Policy update(PolicyKind kind, String id, String ifMatch, Element config) throws Conflict {
        Policy existing = checkEtag(kind, id, ifMatch);
        String name = requireName(kind, config);
        for (Policy p : policies.get(kind).values()) {
            if (!p.id().equals(id) && p.name().equals(name)) {
                throw new Conflict(409, kind.alreadyExists, "A policy with this name already exists: " + name);
            }
        }
        Policy policy = new Policy(existing.id(), newEtag(), now(), name, Xml.serialize(config));
        policies.get(kind).put(id, policy);
        save(kind);
        return policy;
    }

    synchronized void delete(PolicyKind kind, String id, String ifMatch) throws Conflict {
        checkEtag(kind, id, ifMatch);
        policies.get(kind).remove(id);
        save(kind);
    }

    private Policy checkEtag(PolicyKind kind, String id, String ifMatch) throws Conflict {
        Policy existing = policies.get(kind).get(id);
        if (existing == null) {
            throw new Conflict(404, kind.noSuch(), "The " + kind.pathSegment.replace('-', ' ') + " does not exist.");
        }
        if (ifMatch == null || ifMatch.isBlank()) {
            throw new Conflict(400, "InvalidIfMatchVersion", "The If-Match version is missing or not valid.");
        }
        if (!ifMatch.equals(existing.etag())) {
            throw new Conflict(412, "PreconditionFailed", "The precondition in one or more of the request fields"
                    + " evaluated to false (If-Match " + ifMatch + " != current " + existing.etag() + ").");
        }
        return existing;
    }

    private static String requireName(PolicyKind kind, Element config) throws Conflict {
        if (!Xml.name(config).equals(kind.configElement())) {
            throw new Conflict(400, "MalformedInput", "expected <" + kind.configElement() + ">, got <"
                    + Xml.name(config) + ">");
        }
        String name = Xml.text(config, "Name");
        if (name == null || name.isEmpty()) {
            throw new Conflict(400, "InvalidArgument", kind.configElement() + ".Name is required");
        }
        return name;
    }

    private static String newEtag() {
        return "E" + UUID.randomUUID().toString().replace("-", "").substring(0, 13).toUpperCase();
    }

    private static String now() {
        return Instant.now().toString();
    }

    private Path file(PolicyKind kind) {
        return dir.resolve(kind.pathSegment.replace("policy", "policies") + ".json");
    }

    private Map<String, Policy> load(PolicyKind kind) {
        Path f = file(kind);
        Map<String, Policy> out = new LinkedHashMap<>();
        if (Files.exists(f)) {
            try {
                List<Policy> list = Json.MAPPER.readValue(f.toFile(), new TypeReference<List<Policy>>() { });
                list.forEach(p -> out.put(p.id(), p));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read stored policies " + f, e);
            }
        }
        return out;
    }

    private void save(PolicyKind kind) {
        Path f = file(kind);
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, kind.pathSegment, ".tmp");
            Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(),
                    new ArrayList<>(policies.get(kind).values()));
            Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store policies " + f, e);
        }
    }
}
