package onair.local.cloud.cloudfront;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import onair.local.cloud.aws.Xml;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

class PolicyStoreTest {
    private static Element config(String root, String name) {
        return Xml.parse(("<" + root + " xmlns=\"http://cloudfront.amazonaws.com/doc/2020-05-31/\"><Name>" + name
                + "</Name><MinTTL>1</MinTTL></" + root + ">").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void policiesSurviveARestartAndEtagsGuardWrites(@TempDir Path dir) throws Exception {
        PolicyStore first = new PolicyStore(dir);
        PolicyStore.Policy p = first.create(PolicyKind.CACHE, config("CachePolicyConfig", "a"));

        PolicyStore second = new PolicyStore(dir);
        PolicyStore.Policy reloaded = second.get(PolicyKind.CACHE, p.id()).orElseThrow();
        assertEquals(p.etag(), reloaded.etag());
        assertEquals(1, Xml.number(reloaded.configElement(), 0, "MinTTL"));

        PolicyStore.Conflict stale = assertThrows(PolicyStore.Conflict.class,
                () -> second.update(PolicyKind.CACHE, p.id(), "EOLD", config("CachePolicyConfig", "a")));
        assertEquals(412, stale.status);
        PolicyStore.Conflict missingIfMatch = assertThrows(PolicyStore.Conflict.class,
                () -> second.delete(PolicyKind.CACHE, p.id(), null));
        assertEquals(400, missingIfMatch.status);
        PolicyStore.Conflict duplicate = assertThrows(PolicyStore.Conflict.class,
                () -> second.create(PolicyKind.CACHE, config("CachePolicyConfig", "a")));
        assertEquals("CachePolicyAlreadyExists", duplicate.code);
        PolicyStore.Conflict wrongShape = assertThrows(PolicyStore.Conflict.class,
                () -> second.create(PolicyKind.CACHE, config("OriginRequestPolicyConfig", "b")));
        assertEquals(400, wrongShape.status);

        second.delete(PolicyKind.CACHE, p.id(), p.etag());
        assertTrue(new PolicyStore(dir).list(PolicyKind.CACHE).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> Xml.parse("<a>".getBytes(StandardCharsets.UTF_8)));
    }
}
