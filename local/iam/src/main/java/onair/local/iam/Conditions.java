package onair.local.iam;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The condition operators this evaluator knows, with IAM's rules for absent keys and multivalued keys
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html):
 * <ul>
 * <li>values of one key are ORed, keys and operators of one block are ANDed;</li>
 * <li>an absent key: a positive operator does not match, a negated one (StringNotEquals, ArnNotLike...) matches,
 * and ...IfExists matches either way;</li>
 * <li>ForAllValues: every value in the request matches (true when the key is absent or empty); ForAnyValue: at least
 * one does (false when absent);</li>
 * <li>Null: true = the key is absent, false = present.</li>
 * </ul>
 */
final class Conditions {

    private static final Set<String> BASE = Set.of("StringEquals", "StringNotEquals", "StringEqualsIgnoreCase",
            "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike", "ArnEquals", "ArnLike", "ArnNotEquals",
            "ArnNotLike", "Bool", "Null");

    private Conditions() {
    }

    private record Parsed(String qualifier, String base, boolean ifExists) {
    }

    private static Parsed parse(String operator) {
        String qualifier = "";
        String op = operator;
        int colon = op.indexOf(':');
        if (colon >= 0) {
            qualifier = op.substring(0, colon);
            op = op.substring(colon + 1);
            if (!qualifier.equals("ForAllValues") && !qualifier.equals("ForAnyValue")) {
                throw new IllegalArgumentException("unknown set operator qualifier " + qualifier);
            }
        }
        boolean ifExists = op.endsWith("IfExists");
        if (ifExists) {
            op = op.substring(0, op.length() - "IfExists".length());
        }
        if (!BASE.contains(op) || (op.equals("Null") && (ifExists || !qualifier.isEmpty()))) {
            throw new IllegalArgumentException("condition operator " + operator + " is not evaluated here");
        }
        return new Parsed(qualifier, op, ifExists);
    }

    static void requireKnown(String where, String operator) {
        try {
            parse(operator);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    static boolean holds(Policy.Condition c, Request request) {
        Parsed p = parse(c.operator());
        List<String> actual = request.values(c.key());
        boolean absent = actual == null || actual.isEmpty();
        if (p.base().equals("Null")) {
            boolean wantAbsent = c.values().stream().anyMatch(v -> v.equalsIgnoreCase("true"));
            return wantAbsent == absent;
        }
        boolean negated = p.base().contains("Not");
        if (p.qualifier().equals("ForAllValues")) {
            return absent || actual.stream().allMatch(v -> one(p.base(), negated, v, c.values()));
        }
        if (p.qualifier().equals("ForAnyValue")) {
            return !absent && actual.stream().anyMatch(v -> one(p.base(), negated, v, c.values()));
        }
        if (absent) {
            return p.ifExists() || negated;
        }
        // a plain operator on a request value list: positive = some value matches; negated = none matches
        boolean anyPositive = actual.stream().anyMatch(v -> positive(p.base(), v, c.values()));
        return negated ? !anyPositive : anyPositive;
    }

    private static boolean one(String base, boolean negated, String value, List<String> policyValues) {
        boolean m = positive(base, value, policyValues);
        return negated ? !m : m;
    }

    /** The positive form of the operator: does the request value match any policy value. */
    private static boolean positive(String base, String value, List<String> policyValues) {
        String op = base.replace("Not", "");
        for (String pv : policyValues) {
            boolean m = switch (op) {
                case "StringEquals" -> value.equals(pv);
                case "StringEqualsIgnoreCase" -> value.toLowerCase(Locale.ROOT).equals(pv.toLowerCase(Locale.ROOT));
                case "StringLike" -> Wildcards.matches(pv, value, false);
                // ArnEquals and ArnLike behave alike: component-wise, with wildcards (see Wildcards.arnMatches)
                case "ArnEquals", "ArnLike" -> Wildcards.arnMatches(pv, value);
                case "Bool" -> value.equalsIgnoreCase(pv);
                default -> throw new IllegalStateException(base);
            };
            if (m) {
                return true;
            }
        }
        return false;
    }
}
