package onair.local.iam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * DeployPermissions against the policies scripts/bootstrap.sh really prints (--print-policies, no AWS call) and a
 * state shaped as {@code terraform show -json} writes it, with the resources whose permissions were missing on a
 * real account: the alarm topic's KMS key (the release role had no kms: action at all, so the first release stopped
 * at CreateKey) and the events function's index write, go-live publish and webhooks secret read (cut by the
 * boundary). The e2e runs the same check on the state of its real apply (offline.test.mjs step 1c).
 */
class DeployPermissionsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACCOUNT = "123456789012";
    private static JsonNode policies;

    @BeforeAll
    static void printPolicies() throws Exception {
        Path script = Path.of("../../scripts/bootstrap.sh").toAbsolutePath().normalize();
        Process p = new ProcessBuilder("bash", script.toString(), "--repo", "onair-team/onair", "--region", "us-east-1",
                "--state-bucket", "onair-tfstate", "--print-policies", ACCOUNT).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, out);
        policies = JSON.readTree(out);
    }

    private static ObjectNode resource(ArrayNode into, String address, String type, String mode, String json) throws Exception {
        ObjectNode r = into.addObject();
        r.put("address", address).put("mode", mode).put("type", type).put("name", "this")
                .put("provider_name", "registry.terraform.io/hashicorp/aws");
        r.set("values", JSON.readTree(json));
        return r;
    }

    /** The stack's identity data, one alarm key with its alias, and the events role's policy as Terraform renders it. */
    private static ObjectNode state(String extraRolePolicyStatement) throws Exception {
        ObjectNode state = JSON.createObjectNode();
        ObjectNode root = state.putObject("values").putObject("root_module");
        ArrayNode top = root.putArray("resources");
        resource(top, "data.aws_caller_identity.current", "aws_caller_identity", "data", "{\"account_id\":\"" + ACCOUNT + "\"}");
        resource(top, "data.aws_region.current", "aws_region", "data", "{\"name\":\"us-east-1\"}");
        ObjectNode monitoring = root.putArray("child_modules").addObject();
        monitoring.put("address", "module.monitoring.module.alarm_topic");
        ArrayNode res = monitoring.putArray("resources");
        String key = "arn:aws:kms:us-east-1:" + ACCOUNT + ":key/0b3c2f4e-1111-2222-3333-444455556666";
        resource(res, "module.monitoring.module.alarm_topic.aws_kms_key.this", "aws_kms_key", "managed",
                "{\"arn\":\"" + key + "\",\"tags_all\":{\"Project\":\"onair\",\"ManagedBy\":\"terraform\"}}");
        resource(res, "module.monitoring.module.alarm_topic.aws_kms_alias.this", "aws_kms_alias", "managed",
                "{\"arn\":\"arn:aws:kms:us-east-1:" + ACCOUNT + ":alias/onair-alarms\",\"target_key_arn\":\"" + key + "\"}");
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Sid\":\"StateDocument\",\"Effect\":\"Allow\",\"Action\":[\"ssm:GetParameter\",\"ssm:PutParameter\"],"
                + "\"Resource\":\"arn:aws:ssm:us-east-1:" + ACCOUNT + ":parameter/onair/stream-state\"},"
                + "{\"Sid\":\"ListRecordingThumbnails\",\"Effect\":\"Allow\",\"Action\":\"s3:ListBucket\","
                + "\"Resource\":\"arn:aws:s3:::onair-recordings-" + ACCOUNT + "-us-east-1\",\"Condition\":{\"StringLike\":{\"s3:prefix\":[\"ivs/*\"]}}},"
                + "{\"Sid\":\"ReadWriteRecordingsIndex\",\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\",\"s3:PutObject\"],"
                + "\"Resource\":\"arn:aws:s3:::onair-recordings-" + ACCOUNT + "-us-east-1/onair/recordings-index.json\"},"
                + "{\"Sid\":\"PublishGoLive\",\"Effect\":\"Allow\",\"Action\":\"sns:Publish\","
                + "\"Resource\":\"arn:aws:sns:us-east-1:" + ACCOUNT + ":onair-go-live\"},"
                + "{\"Sid\":\"ReadNotificationWebhooks\",\"Effect\":\"Allow\",\"Action\":\"secretsmanager:GetSecretValue\","
                + "\"Resource\":\"arn:aws:secretsmanager:us-east-1:" + ACCOUNT + ":secret:onair/notification-webhooks-AbCdEf\"}"
                + extraRolePolicyStatement + "]}";
        ObjectNode functions = root.withArray("child_modules").addObject();
        functions.put("address", "module.function");
        ObjectNode rp = resource(functions.putArray("resources"), "module.function.aws_iam_role_policy.this[\"events\"]",
                "aws_iam_role_policy", "managed", "{\"role\":\"onair-events\",\"name\":\"least-privilege\"}");
        ((ObjectNode) rp.get("values")).put("policy", policy);
        return state;
    }

    private static ObjectNode policiesWithout(String sid) {
        ObjectNode copy = policies.deepCopy();
        for (String which : List.of("boundary", "release", "plan")) {
            ArrayNode kept = JSON.createArrayNode();
            copy.get(which).get("Statement").forEach(s -> {
                if (!s.path("Sid").asText().startsWith(sid)) {
                    kept.add(s);
                }
            });
            ((ObjectNode) copy.get(which)).set("Statement", kept);
        }
        return copy;
    }

    private static List<String> check(JsonNode state, JsonNode policies) {
        return new DeployPermissions().check(state, policies, new ArrayList<>());
    }

    @Test
    void theBootstrapRolesAllowTheAlarmKeyAndTheBoundaryKeepsTheEventsFunctionsCalls() throws Exception {
        List<String> checked = new ArrayList<>();
        assertEquals(List.of(), new DeployPermissions().check(state(""), policies, checked));
        assertTrue(checked.size() >= 15, checked.toString());
    }

    @Test
    void aReleaseRoleWithoutKmsCannotCreateTheAlarmKey() throws Exception {
        List<String> findings = check(state(""), policiesWithout("AlarmTopicKey"));
        assertTrue(findings.stream().anyMatch(f -> f.startsWith("release role may not kms:CreateKey on *")), findings.toString());
        assertTrue(findings.stream().anyMatch(f -> f.startsWith("release role may not kms:CreateAlias")), findings.toString());
        assertTrue(findings.stream().anyMatch(f -> f.startsWith("plan role may not kms:DescribeKey")), findings.toString());
    }

    @Test
    void aKeyWithoutTheProjectTagIsNotTheReleasesToCreate() throws Exception {
        ObjectNode s = state("");
        JsonNode key = s.at("/values/root_module/child_modules/0/resources/0/values");
        ((ObjectNode) key.get("tags_all")).put("Project", "someone-else");
        assertTrue(check(s, policies).stream().anyMatch(f -> f.startsWith("release role may not kms:CreateKey")));
    }

    @Test
    void theBoundaryCutsWhatItDoesNotCover() throws Exception {
        List<String> findings = check(state(""), policiesWithout("Project"));
        for (String action : List.of("sns:Publish", "secretsmanager:GetSecretValue", "s3:PutObject")) {
            assertTrue(findings.stream().anyMatch(f -> f.startsWith("the permissions boundary cuts " + action + " on ")),
                    action + ": " + findings);
        }
        List<String> outside = check(state(",{\"Effect\":\"Allow\",\"Action\":\"iam:CreateUser\",\"Resource\":\"*\"}"), policies);
        assertEquals(1, outside.size(), outside.toString());
        assertTrue(outside.get(0).startsWith("the permissions boundary cuts iam:CreateUser on * from onair-events"), outside.get(0));
    }

    @Test
    void aResourceTypeWithoutNamedCallsIsAFinding() throws Exception {
        ObjectNode s = state("");
        resource((ArrayNode) s.at("/values/root_module/resources"), "aws_dynamodb_table.new", "aws_dynamodb_table", "managed",
                "{\"arn\":\"arn:aws:dynamodb:us-east-1:" + ACCOUNT + ":table/onair-x\"}");
        assertEquals(List.of("aws_dynamodb_table.new: no calls known for aws_dynamodb_table (name them in DeployPermissions)"),
                check(s, policies));
    }
}
