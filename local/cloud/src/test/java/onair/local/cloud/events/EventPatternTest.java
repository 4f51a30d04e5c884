package onair.local.cloud.events;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import onair.local.cloud.aws.Json;
import org.junit.jupiter.api.Test;

class EventPatternTest {
    private static final JsonNode START = Json.parse("""
            {"version":"0","id":"1","detail-type":"IVS Stream State Change","source":"aws.ivs",
             "account":"123456789012","time":"2026-01-01T12:00:00Z","region":"us-east-1",
             "resources":["arn:aws:ivs:us-east-1:123456789012:channel/AbCdEf"],
             "detail":{"event_name":"Stream Start","channel_name":"onair","stream_id":"st-1","count":5}}""");

    private static boolean matches(String pattern) {
        return EventPattern.parse(pattern).matches(START);
    }

    @Test
    void exactValuesInArraysAreOredAndFieldsAnded() {
        assertTrue(matches("{\"source\":[\"aws.ivs\"],\"detail-type\":[\"IVS Recording State Change\","
                + "\"IVS Stream State Change\"]}"));
        assertFalse(matches("{\"source\":[\"aws.ivs\"],\"detail-type\":[\"IVS Recording State Change\"]}"));
        assertFalse(matches("{\"source\":[\"aws.s3\"]}"));
    }

    @Test
    void nestedObjectsAndArrayValuedEventFields() {
        assertTrue(matches("{\"detail\":{\"event_name\":[\"Stream Start\",\"Stream End\"]}}"));
        assertFalse(matches("{\"detail\":{\"event_name\":[\"Stream End\"]}}"));
        assertTrue(matches("{\"resources\":[\"arn:aws:ivs:us-east-1:123456789012:channel/AbCdEf\"]}"));
        assertFalse(matches("{\"resources\":[\"arn:aws:ivs:us-east-1:123456789012:channel/Other\"]}"));
        assertFalse(matches("{\"detail\":{\"missing\":{\"deeper\":[\"x\"]}}}"));
    }

    @Test
    void contentFilters() {
        assertTrue(matches("{\"detail\":{\"stream_id\":[{\"prefix\":\"st-\"}]}}"));
        assertFalse(matches("{\"detail\":{\"stream_id\":[{\"prefix\":\"xx\"}]}}"));
        assertTrue(matches("{\"detail\":{\"event_name\":[{\"anything-but\":[\"Stream End\"]}]}}"));
        assertFalse(matches("{\"detail\":{\"event_name\":[{\"anything-but\":\"Stream Start\"}]}}"));
        assertTrue(matches("{\"detail\":{\"reason\":[{\"exists\":false}]}}"));
        assertFalse(matches("{\"detail\":{\"reason\":[{\"exists\":true}]}}"));
        assertTrue(matches("{\"detail\":{\"count\":[{\"numeric\":[\">\",1,\"<=\",5]}]}}"));
        assertFalse(matches("{\"detail\":{\"count\":[{\"numeric\":[\">\",5]}]}}"));
        assertTrue(matches("{\"source\":[{\"equals-ignore-case\":\"AWS.IVS\"}]}"));
        assertTrue(matches("{\"$or\":[{\"source\":[\"nope\"]},{\"detail\":{\"channel_name\":[\"onair\"]}}]}"));
    }

    @Test
    void numbersCompareNumericallyAndStringsDoNotMatchNumbers() {
        assertTrue(matches("{\"detail\":{\"count\":[5.0]}}"));
        assertFalse(matches("{\"detail\":{\"count\":[\"5\"]}}"));
    }

    @Test
    void malformedPatternsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> EventPattern.parse("[1]"));
        assertThrows(IllegalArgumentException.class, () -> matches("{\"source\":\"aws.ivs\"}"));
        assertThrows(IllegalArgumentException.class, () -> matches("{\"source\":[{\"wildcard-ish\":1}]}"));
    }
}
