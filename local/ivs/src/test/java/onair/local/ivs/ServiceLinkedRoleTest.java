package onair.local.ivs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

import onair.local.iam.IamQuery;
import onair.testsupport.MotoServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ivs.IvsClient;
import software.amazon.awssdk.services.ivs.model.AccessDeniedException;

/**
 * CreateRecordingConfiguration and IVS's service-linked role, through the unchanged AWS SDK: refused (403
 * AccessDeniedException, the error the botocore model lists for it) for a caller who may not create the role while it
 * does not exist; the role created in moto's IAM for a caller who may, and from then on needed by nobody.
 */
class ServiceLinkedRoleTest {

    private static final String ACCOUNT = "123456789012";

    @TempDir
    static Path work;

    @BeforeAll
    static void tools() {
        Tools.require("nginx", "ffmpeg", "moto_server");
    }

    private static String session(IamQuery iam, String role, String statements) {
        iam.action("iam", "admin", Map.of("Action", "CreateRole", "RoleName", role, "AssumeRolePolicyDocument",
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::"
                        + ACCOUNT + ":root\"},\"Action\":\"sts:AssumeRole\"}]}"));
        iam.action("iam", "admin", Map.of("Action", "PutRolePolicy", "RoleName", role, "PolicyName", "p",
                "PolicyDocument", "{\"Version\":\"2012-10-17\",\"Statement\":[" + statements + "]}"));
        Element creds = iam.action("sts", "admin", Map.of("Action", "AssumeRole",
                "RoleArn", "arn:aws:iam::" + ACCOUNT + ":role/" + role, "RoleSessionName", "release"));
        return IamQuery.field(creds, "AccessKeyId").orElseThrow();
    }

    private static IvsClient ivsAs(IvsEmulator emulator, String accessKey) {
        return IvsClient.builder().httpClient(UrlConnectionHttpClient.create()).endpointOverride(emulator.apiUrl())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, "secret")))
                .build();
    }

    @Test
    void recordingConfigurationNeedsTheServiceLinkedRoleOrTheRightToCreateIt() throws Exception {
        try (MotoServer moto = MotoServer.stock(work.resolve("moto.log"));
                IvsEmulator emulator = IvsEmulator.start(EmulatorConfig.parse(new String[] {
                    "--api-port", "0", "--playback-port", "0", "--rtmp-port", Integer.toString(Tools.freePort()),
                    "--s3-endpoint", moto.endpoint().toString(), "--iam-endpoint", moto.endpoint().toString(),
                    "--work-dir", work.resolve("ivs").toString(), "--renditions", "160p30"}))) {
            IamQuery iam = new IamQuery(moto.endpoint());
            String ivsOnly = "{\"Effect\":\"Allow\",\"Action\":\"ivs:*\",\"Resource\":\"*\"}";
            String slr = "{\"Effect\":\"Allow\",\"Action\":\"iam:CreateServiceLinkedRole\",\"Resource\":\"arn:aws:iam::" + ACCOUNT
                    + ":role/aws-service-role/ivs.amazonaws.com/AWSServiceRoleForIVSRecordToS3\","
                    + "\"Condition\":{\"StringEquals\":{\"iam:AWSServiceName\":\"ivs.amazonaws.com\"}}}";
            String before = session(iam, "onair-release-old", ivsOnly);
            String after = session(iam, "onair-release", ivsOnly + "," + slr);
            try (IvsClient old = ivsAs(emulator, before); IvsClient release = ivsAs(emulator, after)) {
                AccessDeniedException denied = assertThrows(AccessDeniedException.class, () -> old.createRecordingConfiguration(b -> b
                        .name("onair").destinationConfiguration(d -> d.s3(s -> s.bucketName("onair-recordings")))));
                assertEquals(403, denied.statusCode());
                // botocore: IVS error shapes carry exceptionMessage (the SDK exposes it as exceptionMessage())
                assertTrue(denied.exceptionMessage().contains("iam:CreateServiceLinkedRole"), denied.exceptionMessage());
                assertTrue(old.listRecordingConfigurations(b -> { }).recordingConfigurations().isEmpty(), "nothing created");

                release.createRecordingConfiguration(b -> b.name("onair")
                        .destinationConfiguration(d -> d.s3(s -> s.bucketName("onair-recordings"))));
                Element role = iam.action("iam", "admin", Map.of("Action", "GetRole", "RoleName", "AWSServiceRoleForIVSRecordToS3"));
                assertEquals("/aws-service-role/ivs.amazonaws.com/", IamQuery.field(role, "Path").orElse(""));
                // the role exists now: IVS needs nothing more from later callers
                old.createRecordingConfiguration(b -> b.name("onair-2")
                        .destinationConfiguration(d -> d.s3(s -> s.bucketName("onair-recordings"))));
                assertEquals(2, old.listRecordingConfigurations(b -> { }).recordingConfigurations().size());
                assertTrue(List.of("onair", "onair-2").containsAll(old.listRecordingConfigurations(b -> { })
                        .recordingConfigurations().stream().map(r -> r.name()).toList()));
            }
        }
    }
}
