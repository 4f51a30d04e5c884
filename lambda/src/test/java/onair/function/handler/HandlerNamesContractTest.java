package onair.function.handler;

import com.amazonaws.services.lambda.runtime.Context;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The handler strings Terraform gives the java21 functions (terraform/modules/function/main.tf) name classes and
 * methods that exist, with a public no-argument constructor (how the Lambda Java runtime makes the handler) and a
 * handleRequest(..., Context) method. A renamed class fails here instead of at the first invocation on AWS.
 */
class HandlerNamesContractTest {

    @Test
    void terraformHandlerStringsNameRealHandlerMethods() throws Exception {
        String tf = Files.readString(Path.of("../terraform/modules/function/main.tf"));
        Matcher m = Pattern.compile("\"(onair\\.function\\.handler\\.[A-Za-z]+)::([A-Za-z]+)\"").matcher(tf);
        List<String> found = new ArrayList<>();
        while (m.find()) {
            Class<?> c = Class.forName(m.group(1));
            c.getConstructor(); // public, no arguments
            boolean method = false;
            for (var x : c.getMethods()) {
                Class<?>[] p = x.getParameterTypes();
                method |= x.getName().equals(m.group(2)) && p.length >= 2 && p[p.length - 1] == Context.class;
            }
            assertTrue(method, m.group(0) + ": no public " + m.group(2) + "(..., Context)");
            found.add(c.getSimpleName());
        }
        assertEquals(List.of("StatusHandler", "EventsHandler"), found, "one handler class per function");
    }
}
