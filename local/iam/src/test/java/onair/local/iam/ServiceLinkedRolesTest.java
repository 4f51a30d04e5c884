package onair.local.iam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import onair.testsupport.MotoServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.w3c.dom.Element;

/** The IVS service-linked role check against a private moto_server: real IAM/STS calls, real policies. */
class ServiceLinkedRolesTest {

    private static final String ACCOUNT = "123456789012";
    private static final String SLR_STATEMENT = "{\"Effect\":\"Allow\",\"Action\":\"iam:CreateServiceLinkedRole\","
            + "\"Resource\":\"arn:aws:iam::" + ACCOUNT + ":role/aws-service-role/ivs.amazonaws.com/AWSServiceRoleForIVSRecordToS3\","
            + "\"Condition\":{\"StringEquals\":{\"iam:AWSServiceName\":\"ivs.amazonaws.com\"}}}";
    private static final String IVS_STATEMENT = "{\"Effect\":\"Allow\",\"Action\":\"ivs:*\",\"Resource\":\"*\"}";

    @TempDir
    Path work;
    private MotoServer moto;
    private IamQuery iam;
    private ServiceLinkedRoles roles;

    @BeforeEach
    void start() throws Exception {
        moto = MotoServer.stock(work.resolve("moto.log"));
        iam = new IamQuery(moto.endpoint());
        roles = new ServiceLinkedRoles(iam);
    }

    @AfterEach
    void stop() throws Exception {
        moto.close();
    }

    /** A role with these statements, assumed: the session's access key id. */
    private String session(String role, String statements, String boundaryStatements) {
        iam.action("iam", "admin", Map.of("Action", "CreateRole", "RoleName", role, "AssumeRolePolicyDocument",
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::"
                        + ACCOUNT + ":root\"},\"Action\":\"sts:AssumeRole\"}]}"));
        iam.action("iam", "admin", Map.of("Action", "PutRolePolicy", "RoleName", role, "PolicyName", "p",
                "PolicyDocument", "{\"Version\":\"2012-10-17\",\"Statement\":[" + statements + "]}"));
        if (boundaryStatements != null) {
            Element p = iam.action("iam", "admin", Map.of("Action", "CreatePolicy", "PolicyName", role + "-boundary",
                    "PolicyDocument", "{\"Version\":\"2012-10-17\",\"Statement\":[" + boundaryStatements + "]}"));
            iam.action("iam", "admin", Map.of("Action", "PutRolePermissionsBoundary", "RoleName", role,
                    "PermissionsBoundary", IamQuery.field(p, "Arn").orElseThrow()));
        }
        Element creds = iam.action("sts", "admin", Map.of("Action", "AssumeRole",
                "RoleArn", "arn:aws:iam::" + ACCOUNT + ":role/" + role, "RoleSessionName", "test"));
        return IamQuery.field(creds, "AccessKeyId").orElseThrow();
    }

    private static String signedBy(String accessKey) {
        return "AWS4-HMAC-SHA256 Credential=" + accessKey + "/20260101/us-east-1/ivs/aws4_request, SignedHeaders=host, Signature=00";
    }

    private boolean roleExists() {
        try {
            Element r = iam.action("iam", "admin", Map.of("Action", "GetRole", "RoleName", ServiceLinkedRoles.IVS_ROLE));
            assertEquals("/aws-service-role/ivs.amazonaws.com/", IamQuery.field(r, "Path").orElse(""));
            return true;
        } catch (IamQuery.QueryException e) {
            assertEquals("NoSuchEntity", e.code());
            return false;
        }
    }

    @Test
    void aCallerWithoutThePermissionIsRefusedAndNoRoleAppears() {
        String key = session("onair-release", IVS_STATEMENT, null);
        ServiceLinkedRoles.Denied d = assertThrows(ServiceLinkedRoles.Denied.class,
                () -> roles.ensureIvsRecordToS3(ACCOUNT, signedBy(key)));
        assertTrue(d.getMessage().contains("assumed-role/onair-release/test") && d.getMessage().contains("iam:CreateServiceLinkedRole"),
                d.getMessage());
        assertFalse(roleExists());
    }

    @Test
    void theExactStatementOfBootstrapIsEnoughAndTheRoleIsCreatedOnce() {
        String key = session("onair-release", IVS_STATEMENT + "," + SLR_STATEMENT, null);
        roles.ensureIvsRecordToS3(ACCOUNT, signedBy(key));
        assertTrue(roleExists());
        // the role exists now: a caller without the permission may create recording configurations
        String other = session("onair-other", IVS_STATEMENT, null);
        roles.ensureIvsRecordToS3(ACCOUNT, signedBy(other));
    }

    @Test
    void theStatementForAnotherServiceNameDoesNotCount() {
        String key = session("onair-release", IVS_STATEMENT + "," + SLR_STATEMENT.replace("\"ivs.amazonaws.com\"}", "\"ecs.amazonaws.com\"}"), null);
        assertThrows(ServiceLinkedRoles.Denied.class, () -> roles.ensureIvsRecordToS3(ACCOUNT, signedBy(key)));
        assertFalse(roleExists());
    }

    @Test
    void aPermissionsBoundaryWithoutItRefusesToo() {
        String key = session("onair-bounded", IVS_STATEMENT + "," + SLR_STATEMENT, IVS_STATEMENT);
        assertThrows(ServiceLinkedRoles.Denied.class, () -> roles.ensureIvsRecordToS3(ACCOUNT, signedBy(key)));
        assertFalse(roleExists());
    }

    @Test
    void theAccountsOwnCredentialsMayAndAnUnsignedRequestMayNot() {
        assertThrows(ServiceLinkedRoles.Denied.class, () -> roles.ensureIvsRecordToS3(ACCOUNT, null));
        assertFalse(roleExists());
        // test/test: credentials moto did not issue, the local platform's administrator
        roles.ensureIvsRecordToS3(ACCOUNT, signedBy("test"));
        assertTrue(roleExists());
    }
}
