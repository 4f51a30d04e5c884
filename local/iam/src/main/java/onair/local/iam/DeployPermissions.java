package onair.local.iam;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Would scripts/bootstrap.sh's roles let a release deploy what Terraform really made, and would the function roles
 * Terraform made be able to do, under the permissions boundary, what their own policies allow? Neither shows on the
 * local platform: moto stores policies and never evaluates them, and the local apply runs as an administrator
 * without the boundary. This evaluates both against a real apply's state ({@code terraform show -json}) and the
 * policies {@code scripts/bootstrap.sh --print-policies} prints:
 * <ul>
 * <li>every managed resource (and data source) in the state: the call that creates it and the call that reads it
 * back must be allowed to the release role; the read also to the plan role (terraform plan refreshes everything);</li>
 * <li>every Allow of every {@code aws_iam_role_policy}: each action on each resource must be inside the boundary
 * (effective permissions = identity policy AND boundary:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html).</li>
 * </ul>
 * The calls per resource type are the provider's create and read calls, named as IAM actions by the Service
 * Authorization Reference (https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html),
 * with the resource ARN and the condition keys those actions carry. A resource type without an entry is a finding:
 * a new kind of resource needs its calls named here before a release can be said to be able to make it. Updates and
 * deletes are not modelled (a release that changes or removes a resource may need more).
 */
public final class DeployPermissions {

    /** One call: the action, its resource, its request context, and whether terraform plan makes it too. */
    record Call(String action, String resource, Map<String, String> context, boolean read) {
        static Call create(String action, String resource) {
            return new Call(action, resource, Map.of(), false);
        }

        static Call read(String action, String resource) {
            return new Call(action, resource, Map.of(), true);
        }

        Call with(String key, String value) {
            Map<String, String> more = new LinkedHashMap<>(context);
            more.put(key, value);
            return new Call(action, resource, more, read);
        }

        Request request() {
            Request r = Request.of(action, resource);
            for (Map.Entry<String, String> e : context.entrySet()) {
                r = r.with(e.getKey(), e.getValue());
            }
            return r;
        }
    }

    /** What the state says about the account, the region and the boundary a release passes. */
    record Stack(String account, String region, String boundaryArn) {
        String arn(String service, String region, String resource) {
            return "arn:aws:" + service + ":" + region + ":" + account + ":" + resource;
        }
    }

    private final PolicyEvaluator iam = new PolicyEvaluator();
    private final Map<String, Function<Resource, List<Call>>> calls = calls();

    /** One resource (or data source) of the state: its address, type and attribute values. */
    record Resource(String address, String type, JsonNode values, Stack stack) {
        String text(String attribute) {
            JsonNode v = values.path(attribute);
            if (!v.isTextual() || v.asText().isEmpty()) {
                throw new IllegalArgumentException(address + " has no " + attribute);
            }
            return v.asText();
        }

        String project() {
            return values.path("tags_all").path("Project").asText("");
        }
    }

    /**
     * The findings (empty: everything allowed) for this state and these policies ({"boundary", "boundaryArn",
     * "release", "plan"}). {@code checked} receives one line per evaluated call.
     */
    public List<String> check(JsonNode state, JsonNode policies, List<String> checked) {
        Policy release = Policy.parse("release role", policies.path("release"));
        Policy plan = Policy.parse("plan role", policies.path("plan"));
        Policy boundary = Policy.parse("permissions boundary", policies.path("boundary"));
        List<Resource> resources = new ArrayList<>();
        collect(state.path("values").path("root_module"), resources);
        Stack stack = stack(resources, policies.path("boundaryArn").asText());
        List<String> findings = new ArrayList<>();
        for (Resource r0 : resources) {
            Resource r = new Resource(r0.address(), r0.type(), r0.values(), stack);
            Function<Resource, List<Call>> f = calls.get(r.type());
            if (f == null) {
                findings.add(r.address() + ": no calls known for " + r.type() + " (name them in DeployPermissions)");
                continue;
            }
            for (Call c : f.apply(r)) {
                checked.add(r.address() + ": " + c.action() + " " + c.resource());
                if (iam.evaluate(c.request(), List.of(release)) != Decision.ALLOW) {
                    findings.add("release role may not " + c.action() + " on " + c.resource() + " " + c.context()
                            + " (" + r.address() + ")");
                }
                if (c.read() && iam.evaluate(c.request(), List.of(plan)) != Decision.ALLOW) {
                    findings.add("plan role may not " + c.action() + " on " + c.resource() + " (" + r.address() + ")");
                }
            }
            if (r.type().equals("aws_iam_role_policy")) {
                findings.addAll(withinBoundary(r, boundary, checked));
            }
        }
        return findings;
    }

    /** Each action × resource an Allow of this role policy grants must be inside the boundary. */
    private List<String> withinBoundary(Resource r, Policy boundary, List<String> checked) {
        Policy own = Policy.parse(r.address(), r.text("policy"));
        List<String> out = new ArrayList<>();
        for (Policy.Statement s : own.statements()) {
            if (!s.allow()) {
                continue;
            }
            for (String action : s.actions()) {
                for (String resource : s.resources()) {
                    Request req = Request.of(action, resource);
                    // the request a call granted by this statement makes carries the keys its conditions test
                    for (Policy.Condition c : s.conditions()) {
                        req = req.with(c.key(), c.values().get(0).replace("*", "x"));
                    }
                    checked.add(r.address() + " within the boundary: " + action + " " + resource);
                    if (iam.evaluate(req, List.of(boundary)) != Decision.ALLOW) {
                        out.add("the permissions boundary cuts " + action + " on " + resource + " from "
                                + r.values().path("role").asText() + " (" + r.address() + ", statement "
                                + (s.sid().isEmpty() ? "without Sid" : s.sid()) + ")");
                    }
                }
            }
        }
        return out;
    }

    private static void collect(JsonNode module, List<Resource> out) {
        for (JsonNode r : module.path("resources")) {
            if (r.path("provider_name").asText().endsWith("hashicorp/aws")) {
                out.add(new Resource(r.path("address").asText(), r.path("type").asText(), r.path("values"), null));
            }
        }
        for (JsonNode child : module.path("child_modules")) {
            collect(child, out);
        }
    }

    private static Stack stack(List<Resource> resources, String boundaryArn) {
        String account = null;
        String region = null;
        for (Resource r : resources) {
            if (r.type().equals("aws_caller_identity")) {
                account = r.values().path("account_id").asText();
            }
            if (r.type().equals("aws_region") && region == null) {
                region = r.values().path("name").asText();
            }
        }
        if (account == null || region == null || boundaryArn.isEmpty()) {
            throw new IllegalArgumentException("the state has no aws_caller_identity/aws_region data, or the policies"
                    + " no boundaryArn: is this `terraform show -json` of an applied OnAir stack?");
        }
        return new Stack(account, region, boundaryArn);
    }

    private static String s3(String bucketAndKey) {
        return "arn:aws:s3:::" + bucketAndKey;
    }

    /** arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER] from a function_name that may already be an ARN. */
    private static String function(Resource r) {
        String name = r.text("function_name");
        String arn = name.startsWith("arn:") ? name : r.stack().arn("lambda", r.stack().region(), "function:" + name);
        String qualifier = r.values().path("qualifier").asText("");
        return qualifier.isEmpty() ? arn : arn + ":" + qualifier;
    }

    private static String cloudFront(Resource r, String type) {
        return "arn:aws:cloudfront::" + r.stack().account() + ":" + type + "/" + r.text("id");
    }

    private static Map<String, Function<Resource, List<Call>>> calls() {
        Map<String, Function<Resource, List<Call>>> m = new LinkedHashMap<>();
        // --- data sources
        m.put("aws_caller_identity", r -> List.of(Call.read("sts:GetCallerIdentity", "*")));
        m.put("aws_partition", r -> List.of());
        m.put("aws_region", r -> List.of());
        m.put("aws_ivs_stream_key", r -> List.of(Call.read("ivs:ListStreamKeys", r.text("channel_arn")),
                Call.read("ivs:GetStreamKey", r.text("arn"))));
        // --- IAM (every role the release creates or changes must carry the boundary: iam:PermissionsBoundary)
        m.put("aws_iam_role", r -> List.of(
                Call.create("iam:CreateRole", r.text("arn")).with("iam:PermissionsBoundary", r.stack().boundaryArn()),
                Call.read("iam:GetRole", r.text("arn"))));
        m.put("aws_iam_role_policy", r -> {
            String role = r.stack().arn("iam", "", "role/" + r.text("role"));
            return List.of(Call.create("iam:PutRolePolicy", role).with("iam:PermissionsBoundary", r.stack().boundaryArn()),
                    Call.read("iam:GetRolePolicy", role));
        });
        // --- KMS (CreateKey has no resource; its tags are request tags)
        m.put("aws_kms_key", r -> List.of(
                Call.create("kms:CreateKey", "*").with("aws:RequestTag/Project", r.project()),
                Call.create("kms:TagResource", r.text("arn")).with("aws:RequestTag/Project", r.project()),
                Call.create("kms:EnableKeyRotation", r.text("arn")),
                Call.read("kms:DescribeKey", r.text("arn")), Call.read("kms:GetKeyPolicy", r.text("arn")),
                Call.read("kms:GetKeyRotationStatus", r.text("arn")), Call.read("kms:ListResourceTags", r.text("arn"))));
        // CreateAlias is authorized on the alias and on its key (https://docs.aws.amazon.com/kms/latest/developerguide/alias-access.html)
        m.put("aws_kms_alias", r -> List.of(Call.create("kms:CreateAlias", r.text("arn")),
                Call.create("kms:CreateAlias", r.text("target_key_arn")), Call.read("kms:ListAliases", "*")));
        // --- SNS
        m.put("aws_sns_topic", r -> List.of(Call.create("sns:CreateTopic", r.text("arn")),
                Call.read("sns:GetTopicAttributes", r.text("arn")), Call.read("sns:ListTagsForResource", r.text("arn"))));
        m.put("aws_sns_topic_policy", r -> List.of(Call.create("sns:SetTopicAttributes", r.text("arn")),
                Call.read("sns:GetTopicAttributes", r.text("arn"))));
        m.put("aws_sns_topic_subscription", r -> List.of(Call.create("sns:Subscribe", r.text("topic_arn")),
                Call.read("sns:GetSubscriptionAttributes", r.text("topic_arn"))));
        // --- SQS
        m.put("aws_sqs_queue", r -> List.of(Call.create("sqs:CreateQueue", r.text("arn")),
                Call.read("sqs:GetQueueAttributes", r.text("arn")), Call.read("sqs:ListQueueTags", r.text("arn"))));
        m.put("aws_sqs_queue_policy", r -> {
            String url = r.text("queue_url");
            String arn = r.stack().arn("sqs", r.stack().region(), url.substring(url.lastIndexOf('/') + 1));
            return List.of(Call.create("sqs:SetQueueAttributes", arn), Call.read("sqs:GetQueueAttributes", arn));
        });
        // --- SSM, Secrets Manager
        m.put("aws_ssm_parameter", r -> List.of(Call.create("ssm:PutParameter", r.text("arn")),
                Call.read("ssm:GetParameter", r.text("arn")), Call.read("ssm:ListTagsForResource", r.text("arn"))));
        m.put("aws_secretsmanager_secret", r -> List.of(Call.create("secretsmanager:CreateSecret", r.text("arn")),
                Call.read("secretsmanager:DescribeSecret", r.text("arn")),
                Call.read("secretsmanager:GetResourcePolicy", r.text("arn"))));
        m.put("aws_secretsmanager_secret_version", r -> List.of(
                Call.create("secretsmanager:PutSecretValue", r.text("arn")),
                Call.read("secretsmanager:GetSecretValue", r.text("arn"))));
        // --- S3
        m.put("aws_s3_bucket", r -> List.of(Call.create("s3:CreateBucket", s3(r.text("bucket"))),
                Call.read("s3:ListBucket", s3(r.text("bucket"))), Call.read("s3:GetBucketTagging", s3(r.text("bucket")))));
        // a bucket setting: its Put and Get action on the bucket
        for (String[] setting : new String[][] {
                {"aws_s3_bucket_policy", "s3:PutBucketPolicy", "s3:GetBucketPolicy"},
                {"aws_s3_bucket_versioning", "s3:PutBucketVersioning", "s3:GetBucketVersioning"},
                {"aws_s3_bucket_server_side_encryption_configuration", "s3:PutEncryptionConfiguration", "s3:GetEncryptionConfiguration"},
                {"aws_s3_bucket_public_access_block", "s3:PutBucketPublicAccessBlock", "s3:GetBucketPublicAccessBlock"},
                {"aws_s3_bucket_ownership_controls", "s3:PutBucketOwnershipControls", "s3:GetBucketOwnershipControls"},
                {"aws_s3_bucket_lifecycle_configuration", "s3:PutLifecycleConfiguration", "s3:GetLifecycleConfiguration"}}) {
            m.put(setting[0], r -> List.of(Call.create(setting[1], s3(r.text("bucket"))),
                    Call.read(setting[2], s3(r.text("bucket")))));
        }
        m.put("aws_s3_object", r -> List.of(Call.create("s3:PutObject", s3(r.text("bucket") + "/" + r.text("key"))),
                Call.read("s3:GetObject", s3(r.text("bucket") + "/" + r.text("key")))));
        // --- Lambda (CreateFunction passes the role: iam:PassRole with iam:PassedToService)
        m.put("aws_lambda_function", r -> List.of(Call.create("lambda:CreateFunction", r.text("arn")),
                Call.create("iam:PassRole", r.text("role")).with("iam:PassedToService", "lambda.amazonaws.com"),
                Call.create("lambda:PublishVersion", r.text("arn")),
                Call.read("lambda:GetFunction", r.text("arn")), Call.read("lambda:ListVersionsByFunction", r.text("arn"))));
        m.put("aws_lambda_alias", r -> List.of(Call.create("lambda:CreateAlias", r.text("arn")),
                Call.read("lambda:GetAlias", r.text("arn"))));
        m.put("aws_lambda_permission", r -> List.of(Call.create("lambda:AddPermission", function(r)),
                Call.read("lambda:GetPolicy", function(r))));
        m.put("aws_lambda_function_url", r -> List.of(Call.create("lambda:CreateFunctionUrlConfig", function(r)),
                Call.read("lambda:GetFunctionUrlConfig", function(r))));
        // CreateEventSourceMapping has no resource type: lambda:FunctionArn says which function
        m.put("aws_lambda_event_source_mapping", r -> List.of(
                Call.create("lambda:CreateEventSourceMapping", "*").with("lambda:FunctionArn", r.text("function_arn")),
                Call.read("lambda:GetEventSourceMapping", r.text("arn")).with("lambda:FunctionArn", r.text("function_arn"))));
        // --- CloudWatch Logs, alarms, EventBridge
        m.put("aws_cloudwatch_log_group", r -> List.of(Call.create("logs:CreateLogGroup", r.text("arn") + ":*"),
                Call.create("logs:PutRetentionPolicy", r.text("arn") + ":*"), Call.read("logs:DescribeLogGroups", "*"),
                Call.read("logs:ListTagsForResource", r.text("arn"))));
        m.put("aws_cloudwatch_metric_alarm", r -> List.of(Call.create("cloudwatch:PutMetricAlarm", r.text("arn")),
                Call.read("cloudwatch:DescribeAlarms", r.text("arn")), Call.read("cloudwatch:ListTagsForResource", r.text("arn"))));
        m.put("aws_cloudwatch_event_rule", r -> List.of(Call.create("events:PutRule", r.text("arn")),
                Call.read("events:DescribeRule", r.text("arn"))));
        m.put("aws_cloudwatch_event_target", r -> {
            String rule = r.stack().arn("events", r.stack().region(), "rule/" + r.text("rule"));
            return List.of(Call.create("events:PutTargets", rule), Call.read("events:ListTargetsByRule", rule));
        });
        // --- IVS
        m.put("aws_ivs_channel", r -> List.of(Call.create("ivs:CreateChannel", r.text("arn")),
                Call.read("ivs:GetChannel", r.text("arn"))));
        m.put("aws_ivs_recording_configuration", r -> List.of(
                Call.create("ivs:CreateRecordingConfiguration", r.text("arn")),
                Call.read("ivs:GetRecordingConfiguration", r.text("arn"))));
        // --- CloudFront (global: no region in its ARNs), ACM and Route 53
        m.put("aws_cloudfront_distribution", r -> List.of(Call.create("cloudfront:CreateDistribution", r.text("arn")),
                Call.read("cloudfront:GetDistribution", r.text("arn")),
                Call.read("cloudfront:ListTagsForResource", r.text("arn"))));
        m.put("aws_cloudfront_origin_access_control", r -> List.of(
                Call.create("cloudfront:CreateOriginAccessControl", cloudFront(r, "origin-access-control")),
                Call.read("cloudfront:GetOriginAccessControl", cloudFront(r, "origin-access-control"))));
        m.put("aws_cloudfront_cache_policy", r -> List.of(
                Call.create("cloudfront:CreateCachePolicy", cloudFront(r, "cache-policy")),
                Call.read("cloudfront:GetCachePolicy", cloudFront(r, "cache-policy"))));
        m.put("aws_cloudfront_origin_request_policy", r -> List.of(
                Call.create("cloudfront:CreateOriginRequestPolicy", cloudFront(r, "origin-request-policy")),
                Call.read("cloudfront:GetOriginRequestPolicy", cloudFront(r, "origin-request-policy"))));
        m.put("aws_cloudfront_response_headers_policy", r -> List.of(
                Call.create("cloudfront:CreateResponseHeadersPolicy", cloudFront(r, "response-headers-policy")),
                Call.read("cloudfront:GetResponseHeadersPolicy", cloudFront(r, "response-headers-policy"))));
        m.put("aws_acm_certificate", r -> List.of(Call.create("acm:RequestCertificate", "*"),
                Call.read("acm:DescribeCertificate", r.text("arn"))));
        m.put("aws_acm_certificate_validation", r -> List.of(Call.read("acm:DescribeCertificate", r.text("certificate_arn"))));
        m.put("aws_route53_record", r -> List.of(
                Call.create("route53:ChangeResourceRecordSets", "arn:aws:route53:::hostedzone/" + r.text("zone_id")),
                Call.read("route53:ListResourceRecordSets", "arn:aws:route53:::hostedzone/" + r.text("zone_id"))));
        return Map.copyOf(m);
    }
}
