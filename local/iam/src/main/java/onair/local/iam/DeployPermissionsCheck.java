package onair.local.iam;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@link DeployPermissions} from the command line, for the end-to-end test after its apply:
 * {@code java -cp onair-local-ivs.jar onair.local.iam.DeployPermissionsCheck STATE.json POLICIES.json}
 * (STATE: {@code terraform show -json}; POLICIES: {@code scripts/bootstrap.sh --print-policies ACCOUNT}).
 * Prints each finding and a summary line; exits 1 when there is a finding, 2 on bad input.
 */
public final class DeployPermissionsCheck {

    private DeployPermissionsCheck() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: DeployPermissionsCheck STATE.json POLICIES.json");
            System.exit(2);
        }
        ObjectMapper json = new ObjectMapper();
        List<String> checked = new ArrayList<>();
        List<String> findings;
        try {
            findings = new DeployPermissions().check(json.readTree(Files.readString(Path.of(args[0]))),
                    json.readTree(Files.readString(Path.of(args[1]))), checked);
        } catch (IllegalArgumentException e) {
            System.err.println("deploy permissions: " + e.getMessage());
            System.exit(2);
            return;
        }
        findings.forEach(f -> System.out.println("REFUSED " + f));
        System.out.println("deploy permissions: " + checked.size() + " calls evaluated, " + findings.size() + " refused");
        System.exit(findings.isEmpty() ? 0 : 1);
    }
}
