package onair.local.iam;

import java.util.List;
import java.util.Optional;

/**
 * IAM's decision for a request by a principal in the same account, from its identity-based policies and its
 * permissions boundary, as "Policy evaluation logic" describes it
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html):
 * <ol>
 * <li>an explicit Deny in any of them wins;</li>
 * <li>with a permissions boundary, the boundary must allow the action too: the effective permissions are the
 * intersection of identity policies and boundary
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html);</li>
 * <li>otherwise an identity-based Allow is needed; without one the request is implicitly denied.</li>
 * </ol>
 * Not modelled (and not used by OnAir's checks): resource-based policies, SCPs/RCPs, session policies.
 */
public final class PolicyEvaluator {

    public Decision evaluate(Request request, List<Policy> identityPolicies, Optional<Policy> boundary) {
        boolean allowed = false;
        for (Policy p : identityPolicies) {
            for (Policy.Statement s : p.statements()) {
                if (applies(s, request)) {
                    if (!s.allow()) {
                        return Decision.EXPLICIT_DENY;
                    }
                    allowed = true;
                }
            }
        }
        if (boundary.isPresent()) {
            boolean boundaryAllows = false;
            for (Policy.Statement s : boundary.get().statements()) {
                if (applies(s, request)) {
                    if (!s.allow()) {
                        return Decision.EXPLICIT_DENY;
                    }
                    boundaryAllows = true;
                }
            }
            if (!boundaryAllows) {
                return Decision.IMPLICIT_DENY;
            }
        }
        return allowed ? Decision.ALLOW : Decision.IMPLICIT_DENY;
    }

    public Decision evaluate(Request request, List<Policy> identityPolicies) {
        return evaluate(request, identityPolicies, Optional.empty());
    }

    /** Which statements decide (for messages): the Sids of the statements that apply to the request. */
    public List<String> applying(Request request, List<Policy> policies) {
        return policies.stream().flatMap(p -> p.statements().stream()
                .filter(s -> applies(s, request))
                .map(s -> p.name() + ":" + (s.allow() ? "Allow:" : "Deny:") + s.sid())).toList();
    }

    static boolean applies(Policy.Statement s, Request r) {
        boolean action = s.actions().isEmpty()
                ? s.notActions().stream().noneMatch(a -> Wildcards.matches(a, r.action(), true))
                : s.actions().stream().anyMatch(a -> Wildcards.matches(a, r.action(), true));
        if (!action) {
            return false;
        }
        boolean resource = s.resources().isEmpty()
                ? s.notResources().stream().noneMatch(x -> Wildcards.matches(x, r.resource(), false))
                : s.resources().stream().anyMatch(x -> Wildcards.matches(x, r.resource(), false));
        if (!resource) {
            return false;
        }
        return s.conditions().stream().allMatch(c -> Conditions.holds(c, r));
    }
}
