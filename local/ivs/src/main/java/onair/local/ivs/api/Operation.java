package onair.local.ivs.api;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One IVS action: a validated body in, a JSON body out (null = 204 No Content). */
@FunctionalInterface
public interface Operation {
    ObjectNode apply(Body body);
}
