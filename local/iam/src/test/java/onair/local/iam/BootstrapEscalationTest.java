package onair.local.iam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import onair.testsupport.MotoServer;

/**
 * Runs scripts/bootstrap.sh against a private moto_server, reads the roles' policies back the way IAM stores them,
 * and evaluates every escalation path of issue 10 item 8 (moto stores policies but never evaluates them): each must
 * be denied, while what a release does must stay allowed. The state bucket is named onair-tfstate on purpose: it
 * falls under the project's bucket prefix (onair-*), the worst case for "object access only". (Without
 * --hosted-zone-id no DNS change is granted at all: scripts/release-rehearsal checks that on its bootstrap run.)
 */
class BootstrapEscalationTest {

    private static final String ACCOUNT = "123456789012";
    private static final String ZONE = "Z0123456789ABCDEFGHIJ";
    private static final String STATE = "onair-tfstate";
    private static final String ROLE = "arn:aws:iam::" + ACCOUNT + ":role/";
    private static final String BOUNDARY = "arn:aws:iam::" + ACCOUNT + ":policy/onair-function-boundary";
    private static final String ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;
    private static MotoServer moto;
    private static List<Policy> release;
    private static List<Policy> plan;
    private static Policy boundary;
    private static String bootstrapOutput;
    private final PolicyEvaluator iam = new PolicyEvaluator();

    @BeforeAll
    static void bootstrap() throws Exception {
        moto = MotoServer.stock(work.resolve("moto.log"));
        List<String> args = new ArrayList<>(List.of(script().toString(), "--repo", "onair-team/onair",
                "--region", "us-east-1", "--state-bucket", STATE));
        // an older bootstrap.sh (run with -Donair.bootstrap) has no --hosted-zone-id: run it without
        if (run(script().toString(), "--help").contains("--hosted-zone-id")) {
            args.addAll(List.of("--hosted-zone-id", ZONE));
        }
        bootstrapOutput = run(args.toArray(String[]::new));
        JsonNode details = readBack();
        release = rolePolicies(details, "onair-release");
        plan = rolePolicies(details, "onair-plan");
        // an older bootstrap.sh has no boundary: the tests that need it fail, the others still say what they see
        boundary = managed(details, BOUNDARY);
    }

    @AfterAll
    static void stop() throws Exception {
        if (moto != null) {
            moto.close();
        }
    }

    /** The script under test; -Donair.bootstrap=PATH runs another one (e.g. main's, to see this test fail on it). */
    private static Path script() {
        String override = System.getProperty("onair.bootstrap");
        return override != null && !override.isBlank() ? Path.of(override)
                : Path.of("../../scripts/bootstrap.sh").toAbsolutePath().normalize();
    }

    /**
     * What IAM holds, read back with one call (GetAccountAuthorizationDetails: every role with its inline policies,
     * attached policies and boundary, every customer managed policy with its versions); each aws CLI start is slow.
     */
    private static JsonNode readBack() throws Exception {
        String out = run("aws", "iam", "get-account-authorization-details", "--filter", "Role", "LocalManagedPolicy",
                "--output", "json");
        return JSON.readTree(out.substring(out.indexOf('{')));
    }

    /** IAM sends documents URL-encoded; the CLI decodes them, but a string is decoded here too. */
    private static JsonNode document(JsonNode d) throws Exception {
        return d.isTextual() ? JSON.readTree(java.net.URLDecoder.decode(d.asText(), java.nio.charset.StandardCharsets.UTF_8)) : d;
    }

    /** The default version of a customer managed policy, or null when there is no such policy. */
    private static Policy managed(JsonNode details, String arn) throws Exception {
        for (JsonNode p : details.path("Policies")) {
            if (p.path("Arn").asText().equals(arn)) {
                for (JsonNode v : p.path("PolicyVersionList")) {
                    if (v.path("IsDefaultVersion").asBoolean()) {
                        return Policy.parse(arn, document(v.path("Document")));
                    }
                }
            }
        }
        return null;
    }

    /** Every policy IAM holds for the role: its inline policies and the default version of each attached one. */
    private static List<Policy> rolePolicies(JsonNode details, String role) throws Exception {
        JsonNode r = null;
        for (JsonNode x : details.path("RoleDetailList")) {
            if (x.path("RoleName").asText().equals(role)) {
                r = x;
            }
        }
        assertTrue(r != null, "no role " + role);
        List<Policy> out = new ArrayList<>();
        for (JsonNode p : r.path("RolePolicyList")) {
            out.add(Policy.parse(role + "/" + p.path("PolicyName").asText(), document(p.path("PolicyDocument"))));
        }
        for (JsonNode a : r.path("AttachedManagedPolicies")) {
            Policy m = managed(details, a.path("PolicyArn").asText());
            assertTrue(m != null, role + ": attached policy " + a + " is not a customer managed policy this test can read");
            out.add(m);
        }
        assertTrue(r.path("PermissionsBoundary").isMissingNode(), role + " has a permissions boundary: this test evaluates it without one");
        assertTrue(!out.isEmpty(), role + " has no policy");
        return out;
    }

    private static String run(String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_"));
        env.putAll(Map.of("AWS_ENDPOINT_URL", moto.endpoint().toString(), "AWS_ACCESS_KEY_ID", "test",
                "AWS_SECRET_ACCESS_KEY", "test", "AWS_REGION", "us-east-1", "AWS_DEFAULT_REGION", "us-east-1",
                "AWS_PAGER", ""));
        Path out = Files.createTempFile(work, "run", ".log");
        Process p = pb.redirectOutput(out.toFile()).start();
        if (!p.waitFor(20, TimeUnit.MINUTES)) { // each aws CLI start takes seconds on a loaded machine
            p.destroyForcibly();
            throw new IllegalStateException("timed out: " + String.join(" ", cmd));
        }
        String text = Files.readString(out);
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " exited " + p.exitValue() + ":\n" + text);
        }
        return text;
    }

    private void denied(Request r, List<Policy> who) {
        Decision d = iam.evaluate(r, who);
        assertTrue(d != Decision.ALLOW, r + " must be denied; allowed by " + iam.applying(r, who));
    }

    private void allowed(Request r, List<Policy> who) {
        assertEquals(Decision.ALLOW, iam.evaluate(r, who), r + " must be allowed; statements: " + iam.applying(r, who));
    }

    private static Request onRole(String action, String role) {
        return Request.of(action, ROLE + role);
    }

    @Test
    void bootstrapCreatedTheBoundaryAndBothRoles() {
        assertTrue(bootstrapOutput.contains("bootstrap: 5 created, 0 already there"), bootstrapOutput);
        assertTrue(bootstrapOutput.contains("AWS_PERMISSIONS_BOUNDARY_ARN  " + BOUNDARY), bootstrapOutput);
    }

    @Test
    void theReleaseCannotWriteToItsOwnRoleOrThePlanRole() {
        for (String own : List.of("onair-release", "onair-plan")) {
            // whatever boundary the request claims: the deny on these two roles does not depend on it
            for (Optional<String> b : List.of(Optional.<String>empty(), Optional.of(BOUNDARY))) {
                for (String action : List.of("iam:PutRolePolicy", "iam:AttachRolePolicy", "iam:UpdateAssumeRolePolicy",
                        "iam:DeleteRolePolicy", "iam:DetachRolePolicy", "iam:PutRolePermissionsBoundary",
                        "iam:DeleteRolePermissionsBoundary", "iam:UpdateRole", "iam:TagRole", "iam:DeleteRole",
                        "iam:CreateRole")) {
                    Request r = onRole(action, own).with("iam:PolicyARN", ADMIN);
                    denied(b.map(x -> r.with("iam:PermissionsBoundary", x)).orElse(r), release);
                }
            }
            denied(onRole("iam:PassRole", own).with("iam:PassedToService", "lambda.amazonaws.com"), release);
        }
    }

    @Test
    void everyRoleItCreatesOrChangesCarriesTheBoundary() {
        // CreateRole without a boundary (then PassRole it to a function): denied at the first step
        denied(onRole("iam:CreateRole", "onair-evil"), release);
        denied(onRole("iam:CreateRole", "onair-evil").with("iam:PermissionsBoundary", ADMIN), release);
        // a role without the boundary (made before it existed): no policy change until it carries the boundary
        for (String action : List.of("iam:PutRolePolicy", "iam:AttachRolePolicy", "iam:DeleteRolePolicy", "iam:DetachRolePolicy")) {
            denied(onRole(action, "onair-status").with("iam:PolicyARN", ADMIN), release);
            denied(onRole(action, "onair-status").with("iam:PermissionsBoundary", ADMIN), release);
        }
        denied(onRole("iam:PutRolePermissionsBoundary", "onair-status").with("iam:PermissionsBoundary", ADMIN), release);
        denied(onRole("iam:DeleteRolePermissionsBoundary", "onair-status").with("iam:PermissionsBoundary", BOUNDARY), release);
        denied(onRole("iam:DeleteRolePermissionsBoundary", "onair-status"), release);
        // no boundary condition exists for trust policies: no trust policy change at all (a role made to trust the
        // release role could be assumed by it)
        denied(onRole("iam:UpdateAssumeRolePolicy", "onair-status"), release);
        denied(onRole("iam:UpdateAssumeRolePolicy", "onair-status").with("iam:PermissionsBoundary", BOUNDARY), release);
        // nor can it widen the boundary itself
        for (String action : List.of("iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion", "iam:DeletePolicy", "iam:CreatePolicy")) {
            denied(Request.of(action, BOUNDARY), release);
        }
        // roles outside the project, users, and other service-linked roles
        denied(onRole("iam:CreateRole", "admin").with("iam:PermissionsBoundary", BOUNDARY), release);
        denied(Request.of("iam:CreateUser", "arn:aws:iam::" + ACCOUNT + ":user/onair-x").with("iam:PermissionsBoundary", BOUNDARY), release);
        denied(Request.of("iam:CreateAccessKey", "arn:aws:iam::" + ACCOUNT + ":user/admin"), release);
        denied(onRole("iam:CreateServiceLinkedRole", "aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS")
                .with("iam:AWSServiceName", "ecs.amazonaws.com"), release);
        denied(onRole("iam:CreateServiceLinkedRole", "aws-service-role/ivs.amazonaws.com/AWSServiceRoleForIVSRecordToS3")
                .with("iam:AWSServiceName", "ecs.amazonaws.com"), release);
    }

    @Test
    void aRoleWithTheBoundaryCannotDoMoreThanTheBoundaryWhateverIsAttached() {
        assertTrue(boundary != null, "bootstrap.sh made no permissions boundary policy " + BOUNDARY);
        // the release may attach AdministratorAccess to a function role: the boundary caps it
        Policy admin = Policy.parse(ADMIN, "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}}");
        for (Request r : List.of(onRole("iam:CreateRole", "x"), onRole("iam:PutRolePolicy", "onair-release"),
                onRole("iam:AttachRolePolicy", "onair-status"), Request.of("sts:AssumeRole", ROLE + "onair-release"),
                Request.of("s3:PutBucketPolicy", "arn:aws:s3:::" + STATE),
                Request.of("s3:GetObject", "arn:aws:s3:::other-bucket/x"),
                Request.of("secretsmanager:GetSecretValue", "arn:aws:secretsmanager:us-east-1:" + ACCOUNT + ":secret:onair-stream-key"),
                Request.of("secretsmanager:GetSecretValue", "arn:aws:secretsmanager:us-east-1:" + ACCOUNT + ":secret:onair/stream-key-AbCdEf"),
                Request.of("route53:ChangeResourceRecordSets", "arn:aws:route53:::hostedzone/" + ZONE))) {
            assertTrue(iam.evaluate(r, List.of(admin), Optional.of(boundary)) != Decision.ALLOW, r + " through the boundary");
        }
        allowed(Request.of("ssm:PutParameter", "arn:aws:ssm:us-east-1:" + ACCOUNT + ":parameter/onair/stream-state"),
                List.of(admin));
        assertEquals(Decision.ALLOW, iam.evaluate(Request.of("ssm:PutParameter",
                "arn:aws:ssm:us-east-1:" + ACCOUNT + ":parameter/onair/stream-state"), List.of(admin), Optional.of(boundary)));
        assertEquals(Decision.ALLOW, iam.evaluate(Request.of("logs:PutLogEvents",
                "arn:aws:logs:us-east-1:" + ACCOUNT + ":log-group:/aws/lambda/onair-status:log-stream:x"), List.of(admin), Optional.of(boundary)));
    }

    @Test
    void kmsKeysOfTheAccountAreChangedOnlyWhenTaggedForTheProject() {
        String other = "arn:aws:kms:us-east-1:" + ACCOUNT + ":key/1111aaaa-2222-3333-4444-555566667777";
        for (String action : List.of("kms:PutKeyPolicy", "kms:ScheduleKeyDeletion", "kms:UntagResource", "kms:DisableKeyRotation")) {
            denied(Request.of(action, other), release);
            denied(Request.of(action, other).with("aws:ResourceTag/Project", "payments"), release);
            allowed(Request.of(action, other).with("aws:ResourceTag/Project", "onair"), release);
        }
        for (String action : List.of("kms:Decrypt", "kms:Encrypt", "kms:CreateGrant", "kms:ReEncryptFrom", "kms:GenerateDataKey")) {
            denied(Request.of(action, other).with("aws:ResourceTag/Project", "onair"), release);
            denied(Request.of(action, other), plan);
        }
        denied(Request.of("kms:CreateKey", "*"), release);
        denied(Request.of("kms:CreateKey", "*").with("aws:RequestTag/Project", "payments"), release);
        allowed(Request.of("kms:CreateKey", "*").with("aws:RequestTag/Project", "onair"), release);
        denied(Request.of("kms:CreateAlias", "arn:aws:kms:us-east-1:" + ACCOUNT + ":alias/payments"), release);
    }

    @Test
    void theStateBucketGetsObjectAccessOnly() {
        String bucket = "arn:aws:s3:::" + STATE;
        for (String action : List.of("s3:PutBucketPolicy", "s3:DeleteBucketPolicy", "s3:DeleteBucket", "s3:PutBucketVersioning",
                "s3:PutLifecycleConfiguration", "s3:PutBucketPublicAccessBlock", "s3:PutEncryptionConfiguration",
                "s3:PutBucketOwnershipControls", "s3:PutBucketAcl")) {
            denied(Request.of(action, bucket), release);
            denied(Request.of(action, bucket), plan);
        }
        denied(Request.of("s3:DeleteObjectVersion", bucket + "/onair/terraform.tfstate"), release);
        denied(Request.of("s3:PutObjectAcl", bucket + "/onair/terraform.tfstate"), release);
        denied(Request.of("s3:PutObject", bucket + "/onair/terraform.tfstate"), plan);
    }

    @Test
    void dnsChangesOnlyInTheConfiguredZone() {
        denied(Request.of("route53:ChangeResourceRecordSets", "arn:aws:route53:::hostedzone/ZOTHERZONE1234"), release);
        allowed(Request.of("route53:ChangeResourceRecordSets", "arn:aws:route53:::hostedzone/" + ZONE), release);
    }

    @Test
    void whatAReleaseDoesIsStillAllowed() {
        String fn = "arn:aws:lambda:us-east-1:" + ACCOUNT + ":function:onair-status";
        List<Request> legit = List.of(
                onRole("iam:CreateRole", "onair-status").with("iam:PermissionsBoundary", BOUNDARY),
                onRole("iam:PutRolePermissionsBoundary", "onair-status").with("iam:PermissionsBoundary", BOUNDARY),
                onRole("iam:PutRolePolicy", "onair-status").with("iam:PermissionsBoundary", BOUNDARY),
                onRole("iam:DeleteRolePolicy", "onair-status").with("iam:PermissionsBoundary", BOUNDARY),
                onRole("iam:AttachRolePolicy", "onair-events").with("iam:PermissionsBoundary", BOUNDARY)
                        .with("iam:PolicyARN", "arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole"),
                onRole("iam:DetachRolePolicy", "onair-events").with("iam:PermissionsBoundary", BOUNDARY),
                onRole("iam:GetRole", "onair-status"),
                onRole("iam:DeleteRole", "onair-status"),
                onRole("iam:PassRole", "onair-status").with("iam:PassedToService", "lambda.amazonaws.com"),
                onRole("iam:CreateServiceLinkedRole", "aws-service-role/ivs.amazonaws.com/AWSServiceRoleForIVSRecordToS3")
                        .with("iam:AWSServiceName", "ivs.amazonaws.com"),
                Request.of("s3:ListBucket", "arn:aws:s3:::" + STATE),
                Request.of("s3:GetObject", "arn:aws:s3:::" + STATE + "/onair/terraform.tfstate"),
                Request.of("s3:PutObject", "arn:aws:s3:::" + STATE + "/onair/terraform.tfstate"),
                Request.of("s3:DeleteObject", "arn:aws:s3:::" + STATE + "/onair/terraform.tfstate.tflock"),
                Request.of("s3:PutBucketPolicy", "arn:aws:s3:::onair-site-123"),
                Request.of("s3:PutObject", "arn:aws:s3:::onair-site-123/index.html"),
                Request.of("lambda:UpdateFunctionCode", fn),
                Request.of("lambda:PublishVersion", fn),
                Request.of("lambda:UpdateAlias", fn + ":live"),
                Request.of("ivs:CreateRecordingConfiguration", "arn:aws:ivs:us-east-1:" + ACCOUNT + ":recording-configuration/*"),
                Request.of("cloudfront:CreateInvalidation", "arn:aws:cloudfront::" + ACCOUNT + ":distribution/E123"),
                Request.of("ssm:PutParameter", "arn:aws:ssm:us-east-1:" + ACCOUNT + ":parameter/onair/stream-state"),
                Request.of("route53:GetChange", "arn:aws:route53:::change/C123"));
        for (Request r : legit) {
            allowed(r, release);
        }
        allowed(Request.of("s3:PutObject", "arn:aws:s3:::" + STATE + "/onair/terraform.tfstate.tflock"), plan);
        allowed(Request.of("s3:GetObject", "arn:aws:s3:::" + STATE + "/onair/terraform.tfstate"), plan);
    }
}
