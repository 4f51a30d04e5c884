package onair.local.iam;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.w3c.dom.Element;

/**
 * Who a caller is (STS GetCallerIdentity with the caller's access key id) and which policies IAM holds for it:
 * inline and attached policies and the permissions boundary of an IAM user or of the role behind an assumed-role
 * session. Group policies are not read (OnAir's callers are roles).
 */
public final class Principals {

    /** The caller and its policies; {@code administrator} when the caller is the account itself (see below). */
    public record Caller(String arn, boolean administrator, List<Policy> policies, Optional<Policy> boundary) {
    }

    private final IamQuery iam;

    public Principals(IamQuery iam) {
        this.iam = iam;
    }

    public Caller caller(String accessKeyId) {
        Element id = iam.call("sts", accessKeyId, Map.of("Action", "GetCallerIdentity")).getDocumentElement();
        String arn = IamQuery.text(id, "Arn").orElseThrow(() -> new IllegalStateException("GetCallerIdentity gave no Arn"));
        // moto answers user/moto for credentials it did not issue (the local platform's test/test, which stands for
        // the account's administrator that applied Terraform); a root ARN is the account itself
        if (arn.endsWith(":root") || arn.matches("arn:aws[a-z-]*:sts::[0-9]{12}:user/moto")) {
            return new Caller(arn, true, List.of(), Optional.empty());
        }
        String[] resource = arn.split(":", 6)[5].split("/");
        if (arn.contains(":assumed-role/")) {
            return principal(arn, "Role", resource[1]);
        }
        if (arn.contains(":user/")) {
            return principal(arn, "User", resource[resource.length - 1]);
        }
        throw new IllegalStateException("cannot read the policies of caller " + arn);
    }

    private Caller principal(String arn, String kind, String name) {
        String nameParam = kind + "Name";
        List<Policy> policies = new ArrayList<>();
        Element listed = iam.call("iam", "admin", Map.of("Action", "List" + kind + "Policies", nameParam, name)).getDocumentElement();
        for (String policyName : IamQuery.texts(listed, "member")) {
            Element p = iam.call("iam", "admin", Map.of("Action", "Get" + kind + "Policy", nameParam, name,
                    "PolicyName", policyName)).getDocumentElement();
            policies.add(Policy.parse(name + "/" + policyName, decode(IamQuery.text(p, "PolicyDocument").orElseThrow())));
        }
        Element attached = iam.call("iam", "admin", Map.of("Action", "ListAttached" + kind + "Policies", nameParam, name))
                .getDocumentElement();
        for (String policyArn : IamQuery.texts(attached, "PolicyArn")) {
            policies.add(managed(policyArn));
        }
        Element entity = iam.call("iam", "admin", Map.of("Action", "Get" + kind, nameParam, name)).getDocumentElement();
        Optional<Policy> boundary = IamQuery.text(entity, "PermissionsBoundaryArn").map(this::managed);
        return new Caller(arn, false, policies, boundary);
    }

    private Policy managed(String policyArn) {
        Element p = iam.call("iam", "admin", Map.of("Action", "GetPolicy", "PolicyArn", policyArn)).getDocumentElement();
        String version = IamQuery.text(p, "DefaultVersionId").orElseThrow();
        Element v = iam.call("iam", "admin", Map.of("Action", "GetPolicyVersion", "PolicyArn", policyArn,
                "VersionId", version)).getDocumentElement();
        return Policy.parse(policyArn, decode(IamQuery.text(v, "Document").orElseThrow()));
    }

    /** IAM answers policy documents URL-encoded (https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRolePolicy.html). */
    private static String decode(String document) {
        String d = document.trim();
        return d.startsWith("{") ? d : URLDecoder.decode(d, StandardCharsets.UTF_8);
    }
}
