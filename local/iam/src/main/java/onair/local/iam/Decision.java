package onair.local.iam;

/** The three outcomes of IAM's evaluation: only ALLOW lets the request through. */
public enum Decision {
    ALLOW,
    /** An applicable Deny statement: nothing can override it. */
    EXPLICIT_DENY,
    /** No applicable Allow (in the identity policies, or in the permissions boundary). */
    IMPLICIT_DENY
}
