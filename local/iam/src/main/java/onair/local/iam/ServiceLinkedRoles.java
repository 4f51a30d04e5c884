package onair.local.iam;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * IVS's service-linked role, as the first CreateRecordingConfiguration of an account meets it: "Amazon IVS creates
 * it for you, when you create a recording-configuration resource"
 * (https://docs.aws.amazon.com/ivs/latest/LowLatencyUserGuide/security-service-linked-roles.html), which takes the
 * caller's permission iam:CreateServiceLinkedRole on that role with iam:AWSServiceName = ivs.amazonaws.com (IAM:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html#service-linked-role-permissions).
 * The role exists: nothing to check. It does not: the caller's policies are evaluated; allowed, the role is created
 * in the emulated IAM; denied, the call fails.
 */
public final class ServiceLinkedRoles {

    public static final String IVS_SERVICE = "ivs.amazonaws.com";
    public static final String IVS_ROLE = "AWSServiceRoleForIVSRecordToS3";
    private static final Pattern ACCESS_KEY = Pattern.compile("Credential=([^/,\\s]+)/");

    /** The caller may not create the role (and it does not exist). */
    public static final class Denied extends RuntimeException {
        Denied(String message) {
            super(message);
        }
    }

    private final IamQuery iam;
    private final Principals principals;
    private final PolicyEvaluator evaluator = new PolicyEvaluator();

    public ServiceLinkedRoles(IamQuery iam) {
        this.iam = iam;
        this.principals = new Principals(iam);
    }

    /** Makes sure the IVS role exists, creating it for a caller who may; throws {@link Denied} otherwise. */
    public void ensureIvsRecordToS3(String account, String authorizationHeader) {
        if (exists(IVS_ROLE)) {
            return;
        }
        String accessKey = accessKeyOf(authorizationHeader)
                .orElseThrow(() -> new Denied("the request is not signed: no caller to create " + IVS_ROLE + " for"));
        Principals.Caller caller = principals.caller(accessKey);
        String roleArn = "arn:aws:iam::" + account + ":role/aws-service-role/" + IVS_SERVICE + "/" + IVS_ROLE;
        Request request = Request.of("iam:CreateServiceLinkedRole", roleArn).with("iam:AWSServiceName", IVS_SERVICE);
        if (!caller.administrator()
                && evaluator.evaluate(request, caller.policies(), caller.boundary()) != Decision.ALLOW) {
            throw new Denied("User: " + caller.arn() + " is not authorized to perform: iam:CreateServiceLinkedRole on resource: "
                    + roleArn + " (the service-linked role " + IVS_ROLE + " does not exist yet and recording needs it)");
        }
        create();
    }

    private boolean exists(String role) {
        try {
            iam.call("iam", "admin", Map.of("Action", "GetRole", "RoleName", role));
            return true;
        } catch (IamQuery.QueryException e) {
            if (e.code().equals("NoSuchEntity")) {
                return false;
            }
            throw e;
        }
    }

    private void create() {
        String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\""
                + IVS_SERVICE + "\"},\"Action\":\"sts:AssumeRole\"}]}";
        try {
            iam.call("iam", "admin", Map.of("Action", "CreateRole", "RoleName", IVS_ROLE,
                    "Path", "/aws-service-role/" + IVS_SERVICE + "/", "AssumeRolePolicyDocument", trust,
                    "Description", "Service linked role for Interactive Video Service"));
        } catch (IamQuery.QueryException e) {
            if (!e.code().equals("EntityAlreadyExists")) { // a concurrent first call made it: fine
                throw e;
            }
        }
    }

    static Optional<String> accessKeyOf(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        Matcher m = ACCESS_KEY.matcher(authorization);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
