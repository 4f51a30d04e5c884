package onair.function.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The managed {@code java21} runtime as far as it can run here: AWS's own runtime interface client
 * ({@code com.amazonaws.services.lambda.runtime.api.client.AWSLambda}, the loop AWS's java21 image runs) started
 * with the handler string as its argument, the function's unpacked zip as {@code LAMBDA_TASK_ROOT} (the client
 * loads the handler class from there, the root and {@code lib/*.jar}, as on AWS) and a Runtime API to poll.
 * The JDK is this one (17 here; AWS runs Corretto 21): the handler classes are built for 17 and run on both.
 */
public final class JavaRuntime {

    public static final String STATUS = "onair.function.handler.StatusHandler::handleRequest";
    public static final String EVENTS = "onair.function.handler.EventsHandler::handleRequest";

    private JavaRuntime() {
    }

    /** target/java-runtime: the client and its libraries (copied by the Maven build at package). */
    public static Path dir() {
        String p = System.getProperty("onair.java-runtime", "target/java-runtime");
        Path dir = Path.of(p).toAbsolutePath();
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException(dir + " is missing: run mvn -pl lambda package first");
        }
        return dir;
    }

    /** The java command AWS's java21 bootstrap runs, approximately: C1 only and the serial GC, as Lambda sets. */
    public static List<String> command(String handler, List<String> jvmOptions) throws IOException {
        String cp;
        try (Stream<Path> jars = Files.list(dir())) {
            cp = jars.filter(j -> j.toString().endsWith(".jar")).sorted().map(Path::toString)
                    .collect(Collectors.joining(":"));
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", cp, "com.amazonaws.services.lambda.runtime.api.client.AWSLambda", handler));
        return cmd;
    }

    public static Process start(Path task, String handler, String runtimeApi, Map<String, String> env, Path log)
            throws IOException {
        return start(task, handler, runtimeApi, env, log, List.of());
    }

    public static Process start(Path task, String handler, String runtimeApi, Map<String, String> env, Path log,
                                List<String> jvmOptions) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command(handler, jvmOptions)).directory(task.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> e = pb.environment();
        e.put("_HANDLER", handler);
        e.put("LAMBDA_TASK_ROOT", task.toString());
        e.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        e.put("AWS_LAMBDA_FUNCTION_NAME", "onair-java-test");
        e.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "256");
        e.put("AWS_REGION", "us-east-1");
        e.put("AWS_ACCESS_KEY_ID", "testing");
        e.put("AWS_SECRET_ACCESS_KEY", "testing");
        e.putAll(env);
        return pb.start();
    }
}
