package onair.local.iam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The evaluator against the rules of https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html. */
class PolicyEvaluatorTest {

    private final PolicyEvaluator iam = new PolicyEvaluator();

    private static Policy policy(String statements) {
        return Policy.parse("p", "{\"Version\":\"2012-10-17\",\"Statement\":[" + statements + "]}");
    }

    private Decision decide(Request r, String statements) {
        return iam.evaluate(r, List.of(policy(statements)));
    }

    private static final String ROLE = "arn:aws:iam::123456789012:role/onair-status";

    @Test
    void allowNeedsAMatchingStatementElseImplicitDeny() {
        String s = "{\"Effect\":\"Allow\",\"Action\":\"iam:GetRole\",\"Resource\":\"" + ROLE + "\"}";
        assertEquals(Decision.ALLOW, decide(Request.of("iam:GetRole", ROLE), s));
        assertEquals(Decision.IMPLICIT_DENY, decide(Request.of("iam:DeleteRole", ROLE), s));
        assertEquals(Decision.IMPLICIT_DENY, decide(Request.of("iam:GetRole", ROLE + "x"), s));
        assertEquals(Decision.IMPLICIT_DENY, iam.evaluate(Request.of("iam:GetRole", ROLE), List.of()));
    }

    @Test
    void explicitDenyWinsOverAnyAllow() {
        String s = "{\"Effect\":\"Allow\",\"Action\":\"iam:*\",\"Resource\":\"*\"},"
                + "{\"Effect\":\"Deny\",\"Action\":\"iam:PutRolePolicy\",\"Resource\":\"" + ROLE + "\"}";
        assertEquals(Decision.EXPLICIT_DENY, decide(Request.of("iam:PutRolePolicy", ROLE), s));
        assertEquals(Decision.ALLOW, decide(Request.of("iam:PutRolePolicy", ROLE + "-other"), s));
    }

    @Test
    void actionsMatchCaseInsensitivelyWithWildcardsResourcesCaseSensitively() {
        String s = "{\"Effect\":\"Allow\",\"Action\":[\"s3:Get*\",\"sqs:?eceiveMessage\"],\"Resource\":\"arn:aws:s3:::onair-*\"}";
        assertEquals(Decision.ALLOW, decide(Request.of("S3:getobject", "arn:aws:s3:::onair-site/index.html"), s));
        assertEquals(Decision.ALLOW, decide(Request.of("sqs:ReceiveMessage", "arn:aws:s3:::onair-x"), s));
        assertEquals(Decision.IMPLICIT_DENY, decide(Request.of("sqs:XXReceiveMessage", "arn:aws:s3:::onair-x"), s));
        assertEquals(Decision.IMPLICIT_DENY, decide(Request.of("s3:GetObject", "arn:aws:s3:::OnAir-site/x"), s));
        assertEquals(Decision.IMPLICIT_DENY, decide(Request.of("s3:PutObject", "arn:aws:s3:::onair-site/x"), s));
    }

    @Test
    void notActionAndNotResourceMatchEverythingElse() {
        String deny = "{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"},"
                + "{\"Effect\":\"Deny\",\"NotAction\":[\"s3:GetObject\",\"s3:PutObject\"],\"Resource\":\"arn:aws:s3:::state*\"}";
        assertEquals(Decision.EXPLICIT_DENY, decide(Request.of("s3:PutBucketPolicy", "arn:aws:s3:::state"), deny));
        assertEquals(Decision.ALLOW, decide(Request.of("s3:GetObject", "arn:aws:s3:::state/k"), deny));
        assertEquals(Decision.ALLOW, decide(Request.of("s3:PutBucketPolicy", "arn:aws:s3:::other"), deny));
        String notRes = "{\"Effect\":\"Allow\",\"Action\":\"iam:PutRolePolicy\",\"NotResource\":[\"" + ROLE + "\"]}";
        assertEquals(Decision.IMPLICIT_DENY, decide(Request.of("iam:PutRolePolicy", ROLE), notRes));
        assertEquals(Decision.ALLOW, decide(Request.of("iam:PutRolePolicy", ROLE + "2"), notRes));
    }

    @Test
    void stringEqualsNeedsThePresentKeyNegatedOperatorsMatchAnAbsentOne() {
        String allow = "{\"Effect\":\"Allow\",\"Action\":\"iam:CreateRole\",\"Resource\":\"*\","
                + "\"Condition\":{\"StringEquals\":{\"iam:PermissionsBoundary\":\"arn:b\"}}}";
        Request create = Request.of("iam:CreateRole", ROLE);
        assertEquals(Decision.IMPLICIT_DENY, decide(create, allow));
        assertEquals(Decision.ALLOW, decide(create.with("iam:PermissionsBoundary", "arn:b"), allow));
        assertEquals(Decision.ALLOW, decide(create.with("IAM:permissionsboundary", "arn:b"), allow));
        assertEquals(Decision.IMPLICIT_DENY, decide(create.with("iam:PermissionsBoundary", "arn:B"), allow));
        String deny = "{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"},"
                + "{\"Effect\":\"Deny\",\"Action\":\"iam:CreateRole\",\"Resource\":\"*\","
                + "\"Condition\":{\"StringNotEquals\":{\"iam:PermissionsBoundary\":\"arn:b\"}}}";
        assertEquals(Decision.EXPLICIT_DENY, decide(create, deny));
        assertEquals(Decision.EXPLICIT_DENY, decide(create.with("iam:PermissionsBoundary", "arn:c"), deny));
        assertEquals(Decision.ALLOW, decide(create.with("iam:PermissionsBoundary", "arn:b"), deny));
    }

    @Test
    void ifExistsMatchesAnAbsentKey() {
        String s = "{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\","
                + "\"Condition\":{\"StringEqualsIfExists\":{\"s3:prefix\":\"a\"}}}";
        assertEquals(Decision.ALLOW, decide(Request.of("s3:GetObject", "arn:aws:s3:::b/k"), s));
        assertEquals(Decision.ALLOW, decide(Request.of("s3:GetObject", "arn:aws:s3:::b/k").with("s3:prefix", "a"), s));
        assertEquals(Decision.IMPLICIT_DENY, decide(Request.of("s3:GetObject", "arn:aws:s3:::b/k").with("s3:prefix", "b"), s));
    }

    @Test
    void stringLikeAndArnLike() {
        String s = "{\"Effect\":\"Allow\",\"Action\":\"iam:PassRole\",\"Resource\":\"*\",\"Condition\":{"
                + "\"StringLike\":{\"iam:PassedToService\":\"lambda.*\"},"
                + "\"ArnLike\":{\"iam:AssociatedResourceArn\":\"arn:aws:lambda:*:123456789012:function:onair-*\"}}}";
        Request r = Request.of("iam:PassRole", ROLE).with("iam:PassedToService", "lambda.amazonaws.com");
        assertEquals(Decision.IMPLICIT_DENY, decide(r, s), "both keys are needed (ANDed)");
        assertEquals(Decision.ALLOW, decide(r.with("iam:AssociatedResourceArn",
                "arn:aws:lambda:us-east-1:123456789012:function:onair-status"), s));
        assertEquals(Decision.IMPLICIT_DENY, decide(r.with("iam:AssociatedResourceArn",
                "arn:aws:lambda:us-east-1:999999999999:function:onair-status"), s));
        // ArnLike: a '*' does not run across the colon-delimited components
        String arn = "{\"Effect\":\"Allow\",\"Action\":\"x:Y\",\"Resource\":\"*\",\"Condition\":"
                + "{\"ArnEquals\":{\"aws:SourceArn\":\"arn:aws:sns:*:123456789012:topic\"}}}";
        assertEquals(Decision.ALLOW, decide(Request.of("x:Y", "*").with("aws:SourceArn", "arn:aws:sns:eu-west-1:123456789012:topic"), arn));
        assertEquals(Decision.IMPLICIT_DENY, decide(Request.of("x:Y", "*").with("aws:SourceArn", "arn:aws:sns:eu-west-1:1:123456789012:topic"), arn));
    }

    @Test
    void nullChecksPresence() {
        String s = "{\"Effect\":\"Deny\",\"Action\":\"iam:CreateRole\",\"Resource\":\"*\","
                + "\"Condition\":{\"Null\":{\"iam:PermissionsBoundary\":\"true\"}}},"
                + "{\"Effect\":\"Allow\",\"Action\":\"iam:CreateRole\",\"Resource\":\"*\"}";
        assertEquals(Decision.EXPLICIT_DENY, decide(Request.of("iam:CreateRole", ROLE), s));
        assertEquals(Decision.ALLOW, decide(Request.of("iam:CreateRole", ROLE).with("iam:PermissionsBoundary", "x"), s));
    }

    @Test
    void setOperators() {
        String all = "{\"Effect\":\"Allow\",\"Action\":\"x:Tag\",\"Resource\":\"*\","
                + "\"Condition\":{\"ForAllValues:StringEquals\":{\"aws:TagKeys\":[\"a\",\"b\"]}}}";
        assertEquals(Decision.ALLOW, decide(Request.of("x:Tag", "*").withAll("aws:TagKeys", List.of("a", "b")), all));
        assertEquals(Decision.IMPLICIT_DENY, decide(Request.of("x:Tag", "*").withAll("aws:TagKeys", List.of("a", "c")), all));
        assertEquals(Decision.ALLOW, decide(Request.of("x:Tag", "*"), all), "ForAllValues holds for an absent key");
        String any = "{\"Effect\":\"Allow\",\"Action\":\"x:Tag\",\"Resource\":\"*\","
                + "\"Condition\":{\"ForAnyValue:StringEquals\":{\"aws:TagKeys\":[\"a\"]}}}";
        assertEquals(Decision.ALLOW, decide(Request.of("x:Tag", "*").withAll("aws:TagKeys", List.of("z", "a")), any));
        assertEquals(Decision.IMPLICIT_DENY, decide(Request.of("x:Tag", "*"), any), "ForAnyValue fails for an absent key");
    }

    @Test
    void permissionsBoundaryIntersects() {
        Policy identity = policy("{\"Effect\":\"Allow\",\"Action\":[\"s3:*\",\"iam:*\"],\"Resource\":\"*\"}");
        Policy boundary = Policy.parse("boundary", "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}}");
        assertEquals(Decision.ALLOW, iam.evaluate(Request.of("s3:GetObject", "arn:aws:s3:::b/k"), List.of(identity), Optional.of(boundary)));
        assertEquals(Decision.IMPLICIT_DENY, iam.evaluate(Request.of("iam:CreateRole", ROLE), List.of(identity), Optional.of(boundary)),
                "the identity policy allows it, the boundary does not");
        Policy none = policy("{\"Effect\":\"Allow\",\"Action\":\"sqs:*\",\"Resource\":\"*\"}");
        assertEquals(Decision.IMPLICIT_DENY, iam.evaluate(Request.of("s3:GetObject", "arn:aws:s3:::b/k"), List.of(none), Optional.of(boundary)),
                "a boundary grants nothing by itself");
        Policy denyingBoundary = Policy.parse("boundary", "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"},"
                + "{\"Effect\":\"Deny\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}");
        assertEquals(Decision.EXPLICIT_DENY, iam.evaluate(Request.of("s3:GetObject", "arn:aws:s3:::b/k"), List.of(identity), Optional.of(denyingBoundary)));
    }

    @Test
    void refusesWhatItCannotEvaluate() {
        assertThrows(IllegalArgumentException.class, () -> policy(
                "{\"Effect\":\"Allow\",\"Action\":\"x:Y\",\"Resource\":\"*\",\"Condition\":{\"DateGreaterThan\":{\"aws:CurrentTime\":\"2020\"}}}"));
        assertThrows(IllegalArgumentException.class, () -> policy(
                "{\"Effect\":\"Allow\",\"Action\":\"x:Y\",\"Resource\":\"arn:aws:s3:::${aws:username}\"}"));
        assertThrows(IllegalArgumentException.class, () -> policy("{\"Effect\":\"Allow\",\"Action\":\"x:Y\"}"));
        assertThrows(IllegalArgumentException.class, () -> policy(
                "{\"Effect\":\"Allow\",\"Action\":\"x:Y\",\"NotAction\":\"x:Z\",\"Resource\":\"*\"}"));
        assertThrows(IllegalArgumentException.class, () -> policy("{\"Effect\":\"allow\",\"Action\":\"x:Y\",\"Resource\":\"*\"}"));
        assertThrows(IllegalArgumentException.class, () -> policy(
                "{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"x:Y\",\"Resource\":\"*\"}"));
    }
}
